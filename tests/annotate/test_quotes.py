"""Quote attribution on small hand-written news texts (needs the spaCy model)."""

from __future__ import annotations

from datetime import date

import pytest

from dateline.annotate import annotate_text
from dateline.types import Quote

DCT = date(2025, 6, 12)


def _quotes(text: str, nlp) -> list[Quote]:  # noqa: ANN001 - the nlp fixture only ensures the model exists
    ann = annotate_text(text, DCT, "t")
    assert ann.status == "ok", ann.reason
    return ann.quotes


def _by_text(quotes: list[Quote], fragment: str) -> Quote:
    found = [q for q in quotes if fragment in q.text]
    assert found, f"no quote containing {fragment!r} in {[q.text for q in quotes]}"
    return found[0]


def test_pronoun_speaker_resolves_to_previous_subject_not_apposition(nlp) -> None:
    text = ("Anna Berg, a lawyer for Mayor Tom Reyes, rejected the claims.\n\n"
            "\u201cThe city has done nothing wrong,\u201d she told reporters. "
            "\u201cWe will prove it in court.\u201d")
    qs = _quotes(text, nlp)
    first, second = _by_text(qs, "done nothing wrong"), _by_text(qs, "prove it in court")
    assert first.speaker == "Anna Berg" and first.verb == "tell" and first.direct
    assert second.speaker == "Anna Berg"  # continuation of the same speaker's quote
    assert first.role == "a lawyer for Mayor Tom Reyes"


def test_short_name_resolves_to_full_name(nlp) -> None:
    text = ("Police chief Maria Lopez said the suspect was arrested on Monday.\n\n"
            "\u201cHe did not resist,\u201d Lopez said.")
    qs = _quotes(text, nlp)
    q = _by_text(qs, "did not resist")
    assert q.speaker == "Maria Lopez"
    assert q.verb == "say"


def test_indirect_speech_with_speaker_and_date(nlp) -> None:
    text = "On Tuesday, the health ministry said vaccination rates had fallen sharply."
    qs = _quotes(text, nlp)
    q = _by_text(qs, "vaccination rates had fallen")
    assert not q.direct
    assert q.speaker and "ministry" in q.speaker
    assert q.date == "2025-06-10"  # the Tuesday before publication


def test_quote_before_colon_attribution(nlp) -> None:
    text = ("Asked about the delay, Jonas Meyer, the project manager, blamed the weather, adding: "
            "\u201cWe lost three weeks to rain.\u201d")
    q = _by_text(_quotes(text, nlp), "three weeks")
    assert q.speaker == "Jonas Meyer"
    assert q.verb == "add"


def test_unattributed_quote_has_no_speaker_rather_than_a_wrong_one(nlp) -> None:
    text = "Protesters carried signs reading \u201cNo more cuts\u201d through the city centre."
    q = _by_text(_quotes(text, nlp), "No more cuts")
    assert q.speaker is None


@pytest.mark.parametrize("marks", [('"', '"'), ("\u201c", "\u201d")])
def test_straight_and_curly_marks(nlp, marks: tuple[str, str]) -> None:
    o, c = marks
    text = f"{o}The bridge is safe,{c} said engineer Paul Novak."
    q = _by_text(_quotes(text, nlp), "bridge is safe")
    assert q.speaker == "Paul Novak"


def test_colon_introduced_quote_takes_the_clause_subject(nlp) -> None:  # noqa: ANN001
    text = "Governor Lena Fisk rejected the report: \u201cThese numbers are simply wrong.\u201d"
    q = _by_text(_quotes(text, nlp), "simply wrong")
    assert q.speaker == "Lena Fisk"


def test_quote_after_another_persons_sentence_is_not_the_previous_speaker(nlp) -> None:  # noqa: ANN001
    text = ("\u201cWe won fairly,\u201d said coach Ian Brooks.\n\n"
            "Rival coach Sam Ortiz disagreed. \u201cThey broke the rules all game.\u201d")
    qs = _quotes(text, nlp)
    assert _by_text(qs, "won fairly").speaker == "Ian Brooks"
    assert _by_text(qs, "broke the rules").speaker == "Sam Ortiz"


def test_title_before_the_name_is_the_role(nlp) -> None:  # noqa: ANN001
    text = "\u201cWe are monitoring the situation,\u201d White House spokesman John Kirby said on Friday."
    q = _by_text(_quotes(text, nlp), "monitoring the situation")
    assert q.speaker == "John Kirby"
    assert q.role == "White House spokesman"


def test_role_stops_before_another_name_in_apposition(nlp) -> None:  # noqa: ANN001
    """The small parser makes "Mubarak" (the subject of "picked") a name in apposition to "chief": he is not
    part of Suleiman's role."""
    text = ("Omar Suleiman, the longtime intelligence chief Mubarak picked as his vice president, met "
            "opposition leaders on Sunday.\n\n\u201cThe talks have begun,\u201d Suleiman said.")
    q = _by_text(_quotes(text, nlp), "talks have begun")
    assert q.speaker == "Omar Suleiman"
    assert q.role == "the longtime intelligence chief"


@pytest.mark.parametrize(("text", "speaker", "role"), [
    # a live blog's time stamp: the title starts after it
    ("Update 10:25 p.m. in Cairo (3:25 p.m. ET) President Barack Obama said the transition must begin now.",
     "Barack Obama", "President"),
    ("Tuesday Secretary of State Hillary Clinton said the talks would go on.", "Hillary Clinton",
     "Secretary of State"),
    # an age is part of the description (spaCy tags it DATE)
    ("\u201cWe were beaten,\u201d said 22-year-old student Mohamed Ezeldin Ahmed on Tuesday.",
     "Mohamed Ezeldin Ahmed", "22-year-old student"),
])
def test_title_before_the_name_starts_after_a_time_or_bracket(nlp, text: str, speaker: str,  # noqa: ANN001
                                                              role: str) -> None:
    qs = [q for q in _quotes(text, nlp) if q.speaker == speaker]
    assert qs and qs[0].role == role


def test_a_name_between_commas_before_a_subjectless_verb_speaks(nlp) -> None:  # noqa: ANN001
    """The parser gives "said" no subject here ("man" becomes an attribute of "remains"): the name set off by
    commas right before the verb speaks, not the conference named after it ("at the ...")."""
    text = ("Hosni Mubarak `` remains utterly critical in the days ahead , '' and must stay in office , "
            "President Barack Obama 's point man for Egypt , Frank Wisner , said Saturday at the Munich "
            "Security Conference in Germany .")
    q = _by_text(_quotes(text, nlp), "utterly critical")
    assert q.speaker == "Frank Wisner"


def test_a_name_after_a_preposition_is_no_inverted_speaker(nlp) -> None:  # noqa: ANN001
    """"telling us that President Mubarak may ...": Mubarak is what the sources said, not who said it."""
    text = "We have had two separate sources telling us that President Mubarak may be stepping down tonight ."
    assert not [q for q in _quotes(text, nlp) if q.speaker and "Mubarak" in q.speaker]


def test_inverted_attribution_with_description_before_the_name(nlp) -> None:  # noqa: ANN001
    text = "\u201cThis is an embarrassment,\u201d said a choked-up mourner, Janos Szalai."
    q = _by_text(_quotes(text, nlp), "embarrassment")
    assert q.speaker == "Janos Szalai"
    assert q.role == "choked-up mourner"


def test_pronoun_gender_learned_from_the_article(nlp) -> None:  # noqa: ANN001
    """Gender known from the article ("her office", "his colleague") rules a candidate out; recency
    still wins among people of unknown gender."""
    text = ("Sara Lind said her office would review the case.\n\n"
            "Later, Tom Weber criticised his colleague's decision. \u201cIt is a mistake,\u201d she said.")
    q = _by_text(_quotes(text, nlp), "It is a mistake")
    assert q.speaker == "Sara Lind"


def test_inverted_indirect_speech_before_the_verb(nlp) -> None:
    text = ("The bridge will stay closed for two weeks because of the flood damage, a city official said "
            "on Tuesday.")
    q = _by_text(_quotes(text, nlp), "bridge will stay closed")
    assert not q.direct and q.verb == "say"
    assert q.text.startswith("The bridge") and q.text.endswith("flood damage")
    assert q.speaker and "official" in q.speaker


def test_that_clause_after_statement_noun_is_reported(nlp) -> None:
    text = "The ministry said in a statement on Monday that the new rules would apply from March."
    q = _by_text(_quotes(text, nlp), "new rules would apply")
    assert not q.direct and q.speaker and "ministry" in q.speaker


def test_that_clause_of_a_noun_is_not_speech(nlp) -> None:
    text = "The members wrote the book in hopes that the publisher could help them find readers."
    assert not [q for q in _quotes(text, nlp) if "publisher could help" in q.text]


def test_according_to_marks_indirect_speech(nlp) -> None:
    text = ("Sales rose by a third in the first half of the year, according to the company.\n\n"
            "According to police officials, some 60 cars were set on fire overnight.")
    qs = _quotes(text, nlp)
    first, second = _by_text(qs, "Sales rose"), _by_text(qs, "cars were set on fire")
    assert first.speaker and "company" in first.speaker and first.verb == "according to"
    assert "according" not in first.text.lower() and "according" not in second.text.lower()
    assert second.speaker and "police officials" in second.speaker


def test_speech_clause_does_not_cross_a_paragraph(nlp) -> None:
    text = ('The bank said that "inflation has stayed low in recent months."\n\n'
            "Oil prices edged up but still remained below 60 dollars a barrel.")
    assert not [q for q in _quotes(text, nlp) if "Oil prices" in q.text]


def test_inverted_common_noun_speaker_after_the_verb(nlp) -> None:
    text = "The Italian authorities were \u201cdismayed\u201d by the reports, added the source."
    q = _by_text(_quotes(text, nlp), "dismayed")
    assert q.speaker and "source" in q.speaker


def test_quoted_as_saying_names_the_person_quoted(nlp) -> None:
    text = ("General Peter Okello was quoted by local press on Tuesday as saying that some retired "
            "officers were trying to divide the army.")
    q = _by_text(_quotes(text, nlp), "retired officers were trying")
    assert q.speaker == "Peter Okello" and not q.direct


def test_the_title_noun_resolves_to_the_titled_person(nlp) -> None:
    text = ("British Ambassador to Lebanon James Watt met the prime minister on Tuesday.\n\n"
            "Vowing that the EU will help, the ambassador renewed his demand for full cooperation.")
    q = _by_text(_quotes(text, nlp), "EU will help")
    assert q.speaker == "James Watt"


def test_the_noun_resolves_to_the_named_organisation(nlp) -> None:
    text = ("Prosecutors have opened a probe into the former army chief, the Interfax agency reported.\n\n"
            "They want to know how he built a villa near Moscow, the agency said.")
    q = _by_text(_quotes(text, nlp), "built a villa")
    assert q.speaker and "Interfax" in q.speaker


def test_participle_speaker_climbs_past_a_subject_that_cannot_speak(nlp) -> None:
    text = ("Watt saw cooperation strengthened under the resolution, saying that would create "
            "favorable conditions for the investigation.")
    q = _by_text(_quotes(text, nlp), "favorable conditions")
    assert q.speaker == "Watt"


def test_sentence_initial_unknown_capital_is_not_a_person(nlp) -> None:
    text = ("\u201cIt is a script that needs work,\u201d Alex Papas told reporters.\n\n"
            "Suicide is not mentioned in the script, he added.")
    q = _by_text(_quotes(text, nlp), "not mentioned")
    assert q.speaker == "Alex Papas"


def test_a_blank_line_always_ends_the_sentence(nlp) -> None:
    from dateline.annotate.model import load_nlp

    doc = load_nlp()('Ajay Burman told the court: "It can be confiscated."\n\nMahato has agreed to testify.')
    assert [s.text.strip() for s in doc.sents][-1] == "Mahato has agreed to testify."


def test_pronoun_after_paragraph_resolves_to_that_paragraphs_subject(nlp) -> None:
    text = ("Ajay Burman, counsel for Shailendra Mahato, told a New Delhi court: \"Since it is bribe money "
            "paid to my client, it can be confiscated.\"\n\n"
            "Mahato, accused with three other politicians of accepting bribes, has agreed to act as a "
            "prosecution witness.\n\n"
            "Earlier he said that the party president knew about the bribes.")
    q = _by_text(_quotes(text, nlp), "party president knew")
    assert q.speaker is not None and q.speaker.endswith("Mahato")


@pytest.mark.parametrize(("text", "fragment", "speaker"), [
    # "executive" speaks, and its "of" complement stays with it
    ("The chief executive of Halvorsen Chemicals said on Wednesday that a corroded valve caused the leak.",
     "corroded valve", "chief executive of Halvorsen Chemicals"),
    # coordinated speakers are named together
    ("A storage tank failed early on Sunday, sending wastewater into the river, the company and local "
     "officials said.", "storage tank failed", "company and local officials"),
    # a "from" complement stays with the speaker
    ("A spokesman from the Indian foreign ministry said: \u201cWe fear the number will be slightly below "
     "100.\u201d", "slightly below 100", "spokesman from the Indian foreign ministry"),
])
def test_the_speaker_noun_phrase_is_kept_whole(nlp, text: str, fragment: str, speaker: str) -> None:
    assert _by_text(_quotes(text, nlp), fragment).speaker == speaker


def test_it_does_not_stand_for_coordinated_speakers(nlp) -> None:
    text = ("A storage tank failed early on Sunday, sending wastewater into the river, the company and local "
            "officials said.\n\nIt said the leak had been contained within hours.")
    quotes = _quotes(text, nlp)
    assert _by_text(quotes, "storage tank failed").speaker == "company and local officials"
    assert all(q.speaker != "company and local officials" for q in quotes if "contained" in q.text)
