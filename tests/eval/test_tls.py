"""The TLS evaluation harness on a tiny hand-made dataset (2 topics) with a stand-in timeline method, so it is
tested without the timeline stage: the method ranks publication dates by volume (a floor baseline)."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from dateline.eval import tls
from dateline.types import Article, SourceRef, Timeline, TimelineEntry, TimelineSentence

ARTICLES = {
    "alpha": [
        ("a1", "2020-01-01", "The dam broke near the village .\nHundreds fled their homes ."),
        ("a2", "2020-01-01", "Rescue teams reached the valley .\nThe army sent boats ."),
        ("a3", "2020-01-03", "The river level fell .\nFamilies returned to the village ."),
        ("a4", "2020-01-09", "An inquiry into the dam opened .\nEngineers testified ."),
    ],
    "beta": [
        ("b1", "2021-05-02", "The minister resigned on Sunday .\nProtesters celebrated ."),
        ("b2", "2021-05-04", "A new minister was sworn in .\nMarkets rose ."),
        ("b3", "2021-05-04", "Parliament approved the cabinet .\nThe vote was close ."),
    ],
}
TIMELINES = {
    "alpha": {"ref1": [("2020-01-01", ["The dam broke near the village .", "Hundreds fled their homes ."]),
                       ("2020-01-09", ["An inquiry into the dam opened ."])]},
    "beta": {"ref1": [("2021-05-02", ["The minister resigned on Sunday ."]),
                      ("2021-05-04", ["A new minister was sworn in .", "Markets rose ."])],
             "ref2": [("2021-05-04", ["Parliament approved the cabinet ."])]},
}


def write_dataset(root: Path, name: str = "tiny") -> Path:
    ds = root / name
    for topic, arts in ARTICLES.items():
        (ds / topic / "timelines").mkdir(parents=True)
        with (ds / topic / "articles.jsonl").open("w") as fh:
            for aid, d, text in arts:
                fh.write(json.dumps({"id": aid, "date": d, "text": text}) + "\n")
        for ref, items in TIMELINES[topic].items():
            with (ds / topic / "timelines" / f"{ref}.jsonl").open("w") as fh:
                for d, sents in items:
                    fh.write(json.dumps({"date": d, "sentences": sents}) + "\n")
    return ds


@pytest.fixture
def tiny_dataset(tmp_path: Path) -> Path:
    return write_dataset(tmp_path)


def identity_builder(articles: list[Article], lang: str | None = None) -> list[Article]:
    return list(articles)


class VolumeMethod:
    """Stand-in: the T busiest publication days in the window, the first N lines of that day's articles."""

    def __init__(self, empty: bool = False) -> None:
        self.empty = empty

    def fit(self, collections: list) -> VolumeMethod:
        self.fit_ids_ = {a.id for c in collections for a in c}
        return self

    def predict(self, collection: list[Article], T: int, N: int, window: tuple[date, date] | None = None,  # noqa: N803
                query: str | None = None) -> Timeline:
        self.seen_ids_ = {a.id for a in collection}
        if self.empty:
            return Timeline(entries=[], method="volume")
        counts = Counter(a.published for a in collection)
        entries = []
        for d, _ in counts.most_common(T):
            lines = [ln for a in collection if a.published == d for ln in a.text.split("\n")][:N]
            sents = [TimelineSentence(s, SourceRef("x")) for s in lines]
            entries.append(TimelineEntry(date=d, sentences=sents))
        return Timeline(entries=sorted(entries, key=lambda e: e.date), method="volume")


# ------------------------------------------------------------------------------------------- loader

def test_loader_reads_topics_tasks_and_rejects_bad_lines(tiny_dataset: Path) -> None:
    with (tiny_dataset / "alpha" / "articles.jsonl").open("a") as fh:
        fh.write("{not json\n")
        fh.write(json.dumps({"id": "a9", "date": "2020-13-45", "text": "x"}) + "\n")
    topics = tls.load_dataset(tiny_dataset)
    assert [t.name for t in topics] == ["alpha", "beta"]
    alpha = topics[0]
    assert len(alpha.articles) == 4
    assert [(r.file.endswith("articles.jsonl"), r.record) for r in alpha.rejects] == [(True, 5), (True, 6)]
    assert alpha.rejects[0].reason.startswith("invalid JSON (") and "at column 2" in alpha.rejects[0].reason
    assert alpha.rejects[1].reason.startswith("bad date '2020-13-45' (")
    ref = alpha.timelines[0]
    assert (ref.T, ref.N) == (2, 2)  # (2 + 1) / 2 = 1.5 -> round() = 2
    task = tls.make_task(alpha, ref, entity=False)
    assert task.window == (date(2020, 1, 1), date(2020, 1, 9)) and task.query is None
    etask = tls.make_task(alpha, ref, entity=True)
    assert etask.window == (date(2019, 12, 25), date(2020, 1, 16)) and etask.query == "alpha"


def test_loader_rejects_binary_non_utf8_and_huge_lines_and_keeps_the_rest(tiny_dataset: Path) -> None:
    """A binary, mis-encoded or absurdly large line is one reject naming its line and why, never a
    UnicodeDecodeError."""
    with (tiny_dataset / "alpha" / "articles.jsonl").open("ab") as fh:
        fh.write(b"\x00\x01\x02\xff\xfe\x00 binary\n")
        fh.write('{"id": "a8", "date": "2020-01-02", "text": "Caf\u00e9 "}'.encode("latin-1") + b"\xe9\n")
        fh.write(json.dumps({"id": "a7", "date": "2020-01-02", "text": "word " * 1_100_000}).encode() + b"\n")
    alpha = tls.load_dataset(tiny_dataset, ["alpha"])[0]
    assert len(alpha.articles) == 4
    assert [(r.record, r.reason.split(" (")[0].split(":")[0]) for r in alpha.rejects] == [
        (5, "binary content"), (6, "invalid UTF-8"), (7, "absurd size")]


def test_loader_repairs_mojibake_as_ingest_does(tiny_dataset: Path) -> None:
    """Benchmark articles are read as ``dateline ingest`` reads them: an article decoded with the wrong
    codepage upstream gets its characters back, so its dates are found ("el miércoles": a day)."""
    from dateline.temporal import tag

    text = "Egipto iniciÃ³ el proceso electoral el miÃ©rcoles, anunciÃ³ el Gobierno."
    with (tiny_dataset / "alpha" / "articles.jsonl").open("a", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "moji", "date": "2012-03-10", "text": text}, ensure_ascii=False) + "\n")
    alpha = tls.load_dataset(tiny_dataset, ["alpha"])[0]
    [art] = [a for a in alpha.articles if a.id == "moji"]
    assert art.text == "Egipto inició el proceso electoral el miércoles, anunció el Gobierno."
    assert [t.value for t in tag(text, art.published, "es")] == []
    assert [t.value for t in tag(art.text, art.published, "es")] == ["2012-03-07"]


def test_an_unreadable_reference_is_named_in_the_error(tiny_dataset: Path) -> None:
    for ref in tiny_dataset.glob("*/timelines/*.jsonl"):
        ref.write_bytes(b"\xff\xfe not a timeline\n")
    with pytest.raises(tls.TLSEvalError, match=r"no readable reference timelines.*:1: invalid UTF-8.*more\)"):
        tls.evaluate(tiny_dataset, VolumeMethod(), rouge="reimpl", collection_builder=identity_builder)


def test_n_uses_python_round_like_news_tls() -> None:
    ref = tls.ReferenceTimeline("r", {date(2020, 1, 1): ["a", "b"], date(2020, 1, 2): ["c"],
                                      date(2020, 1, 3): ["d", "e", "f"], date(2020, 1, 4): ["g", "h"]})
    assert ref.N == 2  # 8 / 4
    ref2 = tls.ReferenceTimeline("r", {date(2020, 1, 1): ["a", "b"], date(2020, 1, 2): ["c", "d", "e"]})
    assert ref2.N == 2  # 2.5 rounds half to even, as Python's round in news-tls


def test_unknown_topic_is_a_clear_error(tiny_dataset: Path) -> None:
    with pytest.raises(tls.TLSEvalError, match="unknown topic.*gamma.*available: alpha, beta"):
        tls.load_dataset(tiny_dataset, ["gamma"])


def test_entity_collection_detected_by_folder_name(tmp_path: Path) -> None:
    assert tls.is_entity_dataset(tmp_path / "entities-dev")
    assert not tls.is_entity_dataset(tmp_path / "t17-dev")


# -------------------------------------------------------------------------------------------- metrics

REF = {date(2020, 1, 1): ["The dam broke near the village .", "Hundreds fled their homes ."],
       date(2020, 1, 9): ["An inquiry into the dam opened ."]}


def test_identical_timelines_score_one() -> None:
    s = tls.score_timeline(REF, REF, rouge="reimpl")
    for key in ("align_r1_f", "align_r2_f", "agreement_r1_f", "agreement_r2_f", "concat_r1_f", "concat_r2_f",
                "date_f1"):
        assert s[key] == pytest.approx(1.0), key


def test_disjoint_dates_have_zero_date_f1_and_agreement() -> None:
    pred = {date(2020, 1, 2): ["The dam broke near the village ."], date(2020, 1, 5): ["Something else ."]}
    s = tls.score_timeline(pred, REF, rouge="reimpl")
    assert s["date_f1"] == 0.0 and s["agreement_r1_f"] == 0.0
    # align+ m:1 still credits the content one day off, discounted by 1 / (1 + |days|)
    assert 0.0 < s["align_r1_f"] < s["concat_r1_f"]


def test_date_precision_recall_by_hand() -> None:
    pred = {date(2020, 1, 1): ["x y ."], date(2020, 1, 2): ["x y ."], date(2020, 1, 3): ["x y ."]}
    s = tls.score_timeline(pred, REF, rouge="reimpl")
    assert (s["date_p"], s["date_r"]) == (pytest.approx(1 / 3), pytest.approx(1 / 2))
    assert s["date_f1"] == pytest.approx(2 * (1 / 3) * (1 / 2) / (1 / 3 + 1 / 2))


def test_averaging_is_mean_p_and_mean_r_then_f() -> None:
    zero = tls.average_scores([])
    row1 = dict(zero, align_r1_p=1.0, align_r1_r=0.5, date_p=0.2, date_r=0.6)
    row2 = dict(zero, align_r1_p=0.0, align_r1_r=0.5, date_p=0.4, date_r=0.2)
    avg = tls.average_scores([row1, row2])
    assert (avg["align_r1_p"], avg["align_r1_r"]) == (0.5, 0.5)
    assert avg["align_r1_f"] == pytest.approx(0.5)  # mean of per-timeline F would be 0.3333
    assert avg["date_f1"] == pytest.approx(2 * 0.3 * 0.4 / 0.7)


def test_empty_prediction_scores_zero_instead_of_crashing() -> None:
    s = tls.score_timeline({}, REF, rouge="reimpl")
    assert set(s.values()) == {0.0} and "align_r1_f" in s and "date_f1" in s
    s2 = tls.score_timeline({date(2020, 1, 1): ["   "]}, REF, rouge="reimpl")
    assert s2["align_r1_f"] == 0.0


def test_reimpl_matches_tilse_reimpl_exactly() -> None:
    from tilse.data.timelines import GroundTruth
    from tilse.data.timelines import Timeline as TilseTimeline
    from tilse.evaluation import rouge

    pred = {date(2020, 1, 1): ["The dam broke .", "Boats came ."], date(2020, 1, 8): ["An inquiry opened ."]}
    ev = rouge.TimelineRougeEvaluator(measures={"rouge_1", "rouge_2"}, rouge_computation="reimpl")
    truth = GroundTruth([TilseTimeline(REF)])
    want = ev.evaluate_align_date_content_costs_many_to_one(TilseTimeline(pred), truth)
    got = tls.score_timeline(pred, REF, rouge="reimpl")
    assert got["align_r1_p"] == pytest.approx(want["rouge_1"]["precision"], abs=1e-12)
    assert got["align_r2_r"] == pytest.approx(want["rouge_2"]["recall"], abs=1e-12)


def test_fast_cost_matrix_is_bit_identical_to_tilse() -> None:
    import numpy
    from tilse.data.timelines import GroundTruth
    from tilse.data.timelines import Timeline as TilseTimeline
    from tilse.evaluation.rouge import TimelineRougeEvaluator

    pred = {date(2020, 1, 1): ["The dam broke , near the village .", "Boats came ."],
            date(2020, 1, 4): ["Families returned ( home ) ."], date(2020, 1, 8): ["An inquiry opened ."],
            date(2020, 2, 1): ["Nothing matches here"]}
    p, g = TilseTimeline(pred), GroundTruth([TilseTimeline(REF)])
    pd, rd = sorted(pred), sorted(REF)
    mine = tls.date_content_costs(pd, rd, p, g)
    assert numpy.array_equal(mine, TimelineRougeEvaluator._get_date_content_costs(pd, rd, p, g, axis=0))
    assert numpy.array_equal(mine.T, TimelineRougeEvaluator._get_date_content_costs(pd, rd, p, g, axis=1))


def test_stopword_only_prediction_does_not_crash_concat() -> None:
    s = tls.score_timeline({date(2020, 1, 1): ["it is the ."]}, REF, rouge="reimpl")
    assert s["concat_r1_p"] == 0.0 and s["concat_r1_r"] == 0.0 and s["date_p"] == 1.0


def test_unknown_rouge_mode_is_rejected() -> None:
    with pytest.raises(tls.TLSEvalError, match="unknown ROUGE mode"):
        tls.score_timeline(REF, REF, rouge="fast")


PERL_OK, PERL_WHY = tls.perl_rouge_available()


@pytest.mark.skipif(not PERL_OK, reason=f"Perl ROUGE-1.5.5 unavailable (libxml-parser-perl?): {PERL_WHY}")
def test_batched_perl_rouge_equals_tilse_original_within_1e_3() -> None:
    """One batched ROUGE-1.5.5 run must give tilse's own per-call "original" scores."""
    from tilse.data.timelines import GroundTruth
    from tilse.data.timelines import Timeline as TilseTimeline
    from tilse.evaluation import rouge

    pred = {date(2020, 1, 1): ["The dams broke near villages .", "Boats came ."],
            date(2020, 1, 3): ["Families returned to the village ."],
            date(2020, 1, 8): ["An inquiry into the dam opened on Wednesday ."]}
    ev = rouge.TimelineRougeEvaluator(measures={"rouge_1", "rouge_2"}, rouge_computation="original")
    p, g = TilseTimeline(pred), GroundTruth([TilseTimeline(REF)])
    want = {"concat": ev.evaluate_concat(p, g), "agreement": ev.evaluate_agreement(p, g),
            "align": ev.evaluate_align_date_content_costs_many_to_one(p, g)}
    got = tls.score_timeline(pred, REF, rouge="perl")
    for metric, by_measure in want.items():
        for n in (1, 2):
            for name, short in (("precision", "p"), ("recall", "r"), ("f_score", "f")):
                want_v = by_measure[f"rouge_{n}"][name]
                assert got[f"{metric}_r{n}_{short}"] == pytest.approx(want_v, abs=1e-3)
    assert got["align_r1_f"] > 0.1  # the stemmer matters here: dams/dam, villages/village


# ---------------------------------------------------------------------------------------- evaluation

def test_evaluate_runs_every_reference_and_averages(tiny_dataset: Path) -> None:
    res = tls.evaluate(tiny_dataset, VolumeMethod(), rouge="reimpl", collection_builder=identity_builder)
    assert res["timelines"] == 3 and res["empty_timelines"] == 0 and res["failed_timelines"] == 0
    assert [t["topic"] for t in res["topics"]] == ["alpha", "beta"]
    rows = {(r["topic"], r["timeline"]): r for r in res["rows"]}
    # alpha/ref1: busiest days 2020-01-01 (2 articles) + one of the single-article days, T = 2
    assert rows["alpha", "ref1"]["T"] == 2 and rows["alpha", "ref1"]["predicted_dates"] == 2
    # beta/ref2 has one date (2021-05-04), the busiest day of beta: date F1 = 1
    assert rows["beta", "ref2"]["date_f1"] == 1.0
    assert rows["beta", "ref2"]["articles"] == 2  # only articles published inside the 1-day window
    for key in ("align_r1_p", "date_r"):
        assert res[key] == pytest.approx(sum(r[key] for r in res["rows"]) / 3)
    for key in ("align_r1_f", "align_r2_f", "agreement_r1_f", "agreement_r2_f", "concat_r1_f", "date_f1",
                "seconds"):
        assert key in res


def test_supervised_fit_is_leave_one_topic_out(tiny_dataset: Path) -> None:
    fitted: list[tuple[set, set]] = []

    class Spy(VolumeMethod):
        def predict(self, collection, T, N, window=None, query=None):  # noqa: N803
            tl = super().predict(collection, T, N, window, query)
            fitted.append((self.fit_ids_, self.seen_ids_))
            return tl

    tls.evaluate(tiny_dataset, Spy(), rouge="reimpl", collection_builder=identity_builder)
    assert len(fitted) == 3
    for fit_ids, seen in fitted:
        assert fit_ids and not fit_ids & seen  # never trained on the topic it is scored on


def test_leave_one_topic_out_uses_all_other_topics_when_some_are_selected(tiny_dataset: Path) -> None:
    seen: list[set] = []

    class Spy(VolumeMethod):
        def fit(self, collections: list) -> Spy:
            seen.append({a.id for c in collections for a in c})
            return super().fit(collections)

    res = tls.evaluate(tiny_dataset, Spy(), rouge="reimpl", collection_builder=identity_builder,
                       topics=["alpha"])
    assert res["timelines"] == 1 and seen == [{"b1", "b2", "b3"}]


def test_fit_with_adds_other_datasets_but_never_the_scored_topic(tmp_path: Path) -> None:
    scored = write_dataset(tmp_path, "scored")
    other = write_dataset(tmp_path, "other")
    for f in other.rglob("articles.jsonl"):  # distinct ids, so the pools can be told apart
        f.write_text(f.read_text().replace('"id": "', '"id": "o-'))
    pools: list[set] = []

    class Spy(VolumeMethod):
        def fit(self, collections: list) -> Spy:
            pools.append({a.id for c in collections for a in c})
            return super().fit(collections)

    # the scored dataset given again as --fit-with must not bring the held-out topic back in
    res = tls.evaluate(scored, Spy(), rouge="reimpl", collection_builder=identity_builder,
                       topics=["alpha"], fit_with=[other, scored])
    assert res["timelines"] == 1 and res["fit_with"] == ["other", "scored"]
    assert pools == [{"b1", "b2", "b3", "o-a1", "o-a2", "o-a3", "o-a4", "o-b1", "o-b2", "o-b3"}]
    assert res["topics"][0]["fit"] == "3 topics"


def test_fit_with_missing_dataset_is_a_clear_error(tiny_dataset: Path, tmp_path: Path) -> None:
    with pytest.raises(tls.TLSEvalError, match="--fit-with .*nowhere.*not found"):
        tls.evaluate(tiny_dataset, VolumeMethod(), rouge="reimpl", collection_builder=identity_builder,
                     fit_with=[tmp_path / "nowhere"])


def test_training_collections_are_cached_per_code_version(tiny_dataset: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATELINE_CACHE", str(tmp_path / "cache"))
    calls: list[int] = []

    def builder(articles: list[Article], lang: str | None = None) -> list[Article]:
        calls.append(len(articles))
        return list(articles)

    topic = tls.load_dataset(tiny_dataset, ["alpha"])[0]
    first = tls._cached_collection(topic, builder)
    again = tls._cached_collection(topic, builder)
    assert calls == [4] and [a.id for a in again] == [a.id for a in first]
    assert len(list((tmp_path / "cache").rglob("*.pickle"))) == 1
    (tiny_dataset / "alpha" / "articles.jsonl").write_text(
        '{"id": "z", "date": "2020-01-02", "text": "Changed ."}\n')  # a changed file is rebuilt
    topic = tls.load_dataset(tiny_dataset, ["alpha"])[0]
    assert [a.id for a in tls._cached_collection(topic, builder)] == ["z"] and calls == [4, 1]


def test_cache_key_follows_the_fallback_switches(monkeypatch: pytest.MonkeyPatch) -> None:
    """A collection built while es pretended to have no resources is never served for the real es."""
    monkeypatch.delenv("DATELINE_PRETEND_NO_RESOURCES", raising=False)
    monkeypatch.delenv("DATELINE_FALLBACK", raising=False)
    plain = tls._source_fingerprint()
    monkeypatch.setenv("DATELINE_PRETEND_NO_RESOURCES", "es")
    pretend = tls._source_fingerprint()
    monkeypatch.setenv("DATELINE_FALLBACK", "numeric")
    assert len({plain, pretend, tls._source_fingerprint()}) == 3


GERMAN = {
    "kairo": [("k1", "2011-01-26", "Am 25. Januar 2011 protestierten Tausende in Kairo gegen Mubarak.\n"
                                   "Die Polizei setzte Tränengas gegen die Demonstranten ein."),
              ("k2", "2011-01-29", "Am 28. Januar gingen in Kairo Hunderttausende auf die Straße.\n"
                                   "Die Regierung sperrte das Internet im ganzen Land."),
              ("k3", "2011-02-12", "Mubarak trat am 11. Februar zurück.\nDas Militär übernahm die Macht.")],
    "tunis": [("t1", "2011-01-15", "Präsident Ben Ali floh am 14. Januar 2011 nach Saudi-Arabien.\n"
                                   "In Tunis feierten die Menschen auf den Straßen."),
              ("t2", "2011-01-18", "Eine Übergangsregierung wurde am 17. Januar gebildet.\n"
                                   "Die Opposition kritisierte die neue Regierung scharf."),
              ("t3", "2011-02-28", "Ministerpräsident Ghannouchi trat am 27. Februar zurück.\n"
                                   "Tausende hatten seinen Rücktritt gefordert.")],
}
GERMAN_TIMELINES = {
    "kairo": [("2011-01-25", ["Tausende protestierten in Kairo gegen Mubarak."]),
              ("2011-02-11", ["Mubarak trat zurück."])],
    "tunis": [("2011-01-14", ["Ben Ali floh nach Saudi-Arabien."]),
              ("2011-02-27", ["Ghannouchi trat zurück."])],
}


def test_language_without_tagger_resources_is_scored(tmp_path: Path) -> None:
    """A German dataset (no tagger resources) is built with the fallback dating, fitted and scored."""
    ds = tmp_path / "de"
    for topic, arts in GERMAN.items():
        (ds / topic / "timelines").mkdir(parents=True)
        (ds / topic / "articles.jsonl").write_text(
            "".join(json.dumps({"id": a, "date": d, "text": t}) + "\n" for a, d, t in arts))
        (ds / topic / "timelines" / "ref.jsonl").write_text(
            "".join(json.dumps({"date": d, "sentences": s}) + "\n" for d, s in GERMAN_TIMELINES[topic]))
    res = tls.evaluate(ds, "default", rouge="reimpl")
    assert res["failed_timelines"] == 0 and res["empty_timelines"] == 0
    assert res["align_r1_f"] > 0.2 and res["date_f1"] > 0


def test_empty_and_failing_predictions_are_counted_not_fatal(tiny_dataset: Path) -> None:
    res = tls.evaluate(tiny_dataset, VolumeMethod(empty=True), rouge="reimpl",
                       collection_builder=identity_builder)
    assert res["empty_timelines"] == 3 and res["align_r1_f"] == 0.0 and res["date_f1"] == 0.0

    class Broken(VolumeMethod):
        def predict(self, collection, T, N, window=None, query=None):  # noqa: N803
            if query is None and T == 1:
                raise ValueError("no dated sentences in window")
            return super().predict(collection, T, N, window, query)

    res = tls.evaluate(tiny_dataset, Broken(), rouge="reimpl", collection_builder=identity_builder)
    assert res["failed_timelines"] == 1 and res["timelines"] == 3
    bad = [r for r in res["rows"] if r["error"]]
    assert bad[0]["timeline"] == "ref2" and "no dated sentences" in bad[0]["error"]
    assert res["align_r1_f"] > 0


def test_save_timelines_round_trips_in_reference_format(tiny_dataset: Path, tmp_path: Path) -> None:
    out = tmp_path / "pred"
    res = tls.evaluate(tiny_dataset, VolumeMethod(), rouge="reimpl", collection_builder=identity_builder,
                       save_timelines=out)
    saved = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.jsonl"))
    assert saved == ["alpha/ref1.jsonl", "beta/ref1.jsonl", "beta/ref2.jsonl"]
    again = tls.read_reference(out / "beta" / "ref1.jsonl")
    ref = tls.read_reference(tiny_dataset / "beta" / "timelines" / "ref1.jsonl")
    row = next(r for r in res["rows"] if (r["topic"], r["timeline"]) == ("beta", "ref1"))
    assert tls.score_timeline(again.dates, ref.dates, rouge="reimpl")["align_r1_f"] == pytest.approx(
        row["align_r1_f"])


def test_entity_mode_passes_entity_query_and_wider_window(tiny_dataset: Path) -> None:
    res = tls.evaluate(tiny_dataset, VolumeMethod(), rouge="reimpl", collection_builder=identity_builder,
                       entity=True, topics=["alpha"])
    row = res["rows"][0]
    assert row["query"] == "alpha" and row["window"] == ["2019-12-25", "2020-01-16"]


# ------------------------------------------------------------------------------------------------ CLI

def _cli_app(monkeypatch: pytest.MonkeyPatch):
    import typer

    from dateline.cli import eval_tls

    monkeypatch.setattr(tls, "_make_method", lambda method, params: VolumeMethod())
    monkeypatch.setattr(tls, "_default_builder", identity_builder)
    app = typer.Typer()
    sub = typer.Typer()
    eval_tls.register(sub)
    app.add_typer(sub, name="eval")
    return app


def test_cli_json_last_line_is_the_result(tiny_dataset: Path, monkeypatch: pytest.MonkeyPatch,
                                          tmp_path: Path) -> None:
    from typer.testing import CliRunner

    app = _cli_app(monkeypatch)
    r = CliRunner().invoke(app, ["eval", "tls", str(tiny_dataset), "--json", "--rouge", "reimpl",
                                 "--topics", "beta", "--save-timelines", str(tmp_path / "out")])
    assert r.exit_code == 0, r.output
    last = json.loads(r.stdout.strip().splitlines()[-1])
    assert last["timelines"] == 2 and last["dataset"] == "tiny"
    for key in ("align_r1_f", "align_r2_f", "agreement_r1_f", "agreement_r2_f", "concat_r1_f", "date_f1",
                "timelines", "seconds", "align_r1_p", "align_r1_r", "topics", "rows"):
        assert key in last
    assert (tmp_path / "out" / "beta" / "ref2.jsonl").is_file()


@pytest.mark.parametrize(("source", "noted"), [
    ("shipped date ranker (only 1 topics given)", True),
    ("date ranker fitted on 1 topics and the 26 shipped dev topics", False),
    ("date ranker fitted on 25 topics", False),
])
def test_cli_notes_shipped_parameters_only_when_used(tiny_dataset: Path, monkeypatch: pytest.MonkeyPatch,
                                                     source: str, noted: bool) -> None:
    """Held-out data fitted with the shipped dev rows is an honest fit: no "shipped parameters" warning."""
    from typer.testing import CliRunner

    class Reporting(VolumeMethod):
        def fit(self, collections: list) -> Reporting:
            self.fit_source_ = source
            return super().fit(collections)

    app = _cli_app(monkeypatch)
    monkeypatch.setattr(tls, "_make_method", lambda method, params: Reporting())
    r = CliRunner().invoke(app, ["eval", "tls", str(tiny_dataset), "--rouge", "reimpl"])
    assert r.exit_code == 0, r.output
    assert ("predicted with shipped parameters" in r.output) is noted, r.output


def test_cli_bad_input_is_a_clear_error_not_a_traceback(tiny_dataset: Path, monkeypatch: pytest.MonkeyPatch,
                                                        tmp_path: Path) -> None:
    from typer.testing import CliRunner

    app = _cli_app(monkeypatch)
    r = CliRunner().invoke(app, ["eval", "tls", str(tmp_path / "nope")])
    assert r.exit_code == 1 and "nope: dataset directory not found" in r.output
    a_file = tmp_path / "articles.jsonl"
    a_file.write_text("{}\n")
    r = CliRunner().invoke(app, ["eval", "tls", str(a_file)])
    assert r.exit_code == 1 and "articles.jsonl: not a directory" in r.output
    r = CliRunner().invoke(app, ["eval", "tls", str(tiny_dataset), "--topics", "gamma", "--rouge", "reimpl"])
    assert r.exit_code == 1 and "unknown topic" in r.output and r.exception is None or isinstance(
        r.exception, SystemExit)
    r = CliRunner().invoke(app, ["eval", "tls", str(tiny_dataset), "--rouge", "fast"])
    assert r.exit_code == 1 and "unknown ROUGE mode" in r.output


@pytest.mark.skipif(not PERL_OK, reason=f"Perl ROUGE-1.5.5 unavailable (libxml-parser-perl?): {PERL_WHY}")
def test_evaluate_in_perl_mode(tiny_dataset: Path) -> None:
    res = tls.evaluate(tiny_dataset, VolumeMethod(), rouge="perl", collection_builder=identity_builder,
                       topics=["beta"])
    assert res["rouge"] == "perl" and res["timelines"] == 2
    ref1 = next(r for r in res["rows"] if r["timeline"] == "ref1")
    # both reference days predicted (T=2, N=2) with every reference sentence among the first lines, plus an
    # extra sentence on 2021-05-02: recall 1, precision below 1
    assert ref1["date_f1"] == 1.0 and ref1["align_r1_r"] == pytest.approx(1.0)
    assert 0.5 < ref1["align_r1_p"] < 1.0 and ref1["concat_r1_r"] == pytest.approx(1.0)


def test_missing_perl_fails_with_the_fix(tiny_dataset: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tls, "_PERL_CHECKED", None)
    monkeypatch.setattr(tls.shutil, "which", lambda name: None)
    with pytest.raises(tls.RougeUnavailable, match="libxml-parser-perl.*--rouge reimpl"):
        tls.evaluate(tiny_dataset, VolumeMethod(), rouge="perl", collection_builder=identity_builder)
    from typer.testing import CliRunner

    r = CliRunner().invoke(_cli_app(monkeypatch), ["eval", "tls", str(tiny_dataset)])
    assert r.exit_code == 1 and "--rouge reimpl" in r.output


def test_rescore_saved_predictions_gives_the_same_scores(tiny_dataset: Path, tmp_path: Path) -> None:
    out = tmp_path / "pred"
    res = tls.evaluate(tiny_dataset, VolumeMethod(), rouge="reimpl", collection_builder=identity_builder,
                       save_timelines=out)
    (out / "beta" / "ref2.jsonl").unlink()
    again = tls.rescore(tiny_dataset, out, rouge="reimpl")
    assert again["timelines"] == 3 and again["failed_timelines"] == 1 and again["empty_timelines"] == 1
    by = {(r["topic"], r["timeline"]): r for r in again["rows"]}
    for r in res["rows"]:
        if r["timeline"] != "ref2":
            assert by[r["topic"], r["timeline"]]["align_r1_f"] == pytest.approx(r["align_r1_f"])
    assert "no prediction file" in by["beta", "ref2"]["error"] and by["beta", "ref2"]["date_f1"] == 0.0


def test_oracle_dates_bench_scores_sentences_at_the_reference_dates(tmp_path: Path) -> None:
    """bench/oracle_dates.py hands the default method the reference dates: it writes entries for exactly
    those days, where the method alone takes the publication day 01-03 over its eve 01-02."""
    import importlib.util

    from dateline.timeline import get_method

    path = Path(__file__).resolve().parents[2] / "bench" / "oracle_dates.py"
    spec = importlib.util.spec_from_file_location("oracle_dates", path)
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    ds = write_dataset(tmp_path)
    ref = ds / "alpha" / "timelines" / "ref1.jsonl"
    ref.write_text("".join(json.dumps({"date": d, "sentences": [s]}) + "\n" for d, s in [
        ("2020-01-02", "The river level fell ."), ("2020-01-09", "An inquiry into the dam opened .")]))
    topic = tls.load_dataset(ds, ["alpha"])[0]
    task = tls.make_task(topic, topic.timelines[0], entity=False)
    bench.REFERENCE[(task.window, task.T)] = sorted(topic.timelines[0].dates)
    oracle = tls.evaluate(ds, bench.OracleRanked(), topics=["alpha"], rouge="reimpl")
    plain = tls.evaluate(ds, get_method("default"), topics=["alpha"], rouge="reimpl")
    assert oracle["date_f1"] == 1.0
    assert plain["date_f1"] == 0.5


def test_oracle_dates_bench_steers_the_methods_own_ranking() -> None:
    """--dates near moves a near miss onto its reference day (once: a second pick of it is dropped) and
    leaves far days alone; --dates candidates puts the reference days first, in the ranker's order."""
    import importlib.util

    path = Path(__file__).resolve().parents[2] / "bench" / "oracle_dates.py"
    spec = importlib.util.spec_from_file_location("oracle_dates", path)
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    d = date.fromisoformat
    ranked = [(d("2020-01-02"), 3.0), (d("2020-01-20"), 2.0), (d("2020-01-03"), 1.5), (d("2020-01-10"), 1.0)]
    ref = {d("2020-01-03"), d("2020-01-10")}
    assert bench.steer(ranked, ref, "near", 1) == [(d("2020-01-03"), 3.0), (d("2020-01-20"), 2.0),
                                                   (d("2020-01-10"), 1.0)]
    assert bench.steer(ranked, ref, "near", 0) == ranked
    assert [x[0] for x in bench.steer(ranked, ref, "candidates")] == [
        d("2020-01-03"), d("2020-01-10"), d("2020-01-02"), d("2020-01-20")]
