"""Entity grouping and short/long name linking (pure, no model)."""

from __future__ import annotations

from dateline.annotate.entities import group_entities, link_names, normalize


def test_short_name_links_to_the_unique_long_name() -> None:
    mentions = [("Dmitry Medvedev", "PERSON", 0, 15), ("Medvedev", "PERSON", 40, 48),
                ("Medvedev", "ORG", 90, 98), ("Moscow", "GPE", 100, 106), ("12", "CARDINAL", 110, 112)]
    ents = group_entities(mentions)
    by_name = {e.name: e for e in ents}
    assert by_name["Dmitry Medvedev"].count == 3
    assert by_name["Dmitry Medvedev"].label == "PERSON"
    assert by_name["Dmitry Medvedev"].spans == [(0, 15), (40, 48), (90, 98)]
    assert "Medvedev" not in by_name
    assert by_name["Moscow"].count == 1
    assert "12" not in by_name  # numbers are not named entities
    assert ents[0].name == "Dmitry Medvedev"  # most mentioned first


def test_ambiguous_surname_is_not_linked() -> None:
    canon = link_names({"John Smith": "PERSON", "Mary Smith": "PERSON", "Smith": "PERSON"})
    assert canon["Smith"] == "Smith"


def test_place_is_not_linked_to_a_person() -> None:
    canon = link_names({"George Washington": "PERSON", "Washington": "GPE"})
    assert canon["Washington"] == "Washington"


def test_normalize() -> None:
    assert normalize("the Kremlin\u2019s") == "Kremlin"
    assert normalize("  John   Kirby ") == "John Kirby"
