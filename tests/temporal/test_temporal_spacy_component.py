"""The spaCy component writes doc.spans['timex'] from doc._.dct; no trained model needed."""

from __future__ import annotations

from datetime import date

import spacy

import dateline.temporal.spacy_component  # noqa: F401  (registers the factory)


def _nlp() -> spacy.language.Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("dateline_timex")
    return nlp


def test_component_sets_spans() -> None:
    nlp = _nlp()
    doc = nlp.make_doc("On March 7, police said. Two days later it rained.")
    doc._.dct = date(2024, 3, 23)
    doc = nlp(doc)
    spans = doc.spans["timex"]
    assert [(s.text, s.label_, s._.timex.value) for s in spans] == [
        ("March 7", "DATE", "2024-03-07"), ("Two days later", "DATE", "2024-03-09")]
    assert [t.value for t in doc._.timexes] == ["2024-03-07", "2024-03-09"]


def test_component_without_dct_leaves_doc_alone() -> None:
    doc = _nlp()("On March 7, police said.")
    assert "timex" not in doc.spans
