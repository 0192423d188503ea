"""The default method's date ranker and the dev data shipped with it (``resources/date_ranker*``)."""

from __future__ import annotations

import json
from datetime import date

import numpy as np
import pytest

from dateline.timeline import get_method
from dateline.timeline import ranked as rk
from dateline.timeline.dates import FEATS


def test_shipped_rows_relearn_the_shipped_ranker() -> None:
    """The two shipped files come from one training run (bench/train_date_ranker.py): fitting the rows as
    ``fit`` does gives the shipped coefficients, so neither file can go stale alone."""
    parts, fingerprints, topics = rk.shipped_rows()
    X, y = rk._stack(parts)
    assert X.shape[1] == len(FEATS) and set(y.tolist()) == {0, 1}
    assert len(parts) == len(fingerprints) and topics >= 20
    params = get_method("default").get_params()
    coef, intercept = rk.fit_ranker(X, y, params["C"], params["tol"], params["random_state"])
    spec = json.loads(rk.SHIPPED.read_text())
    assert np.allclose(coef, spec["coef"], atol=1e-3)
    assert abs(intercept - spec["intercept"]) < 1e-3


def test_the_ranker_fit_does_not_depend_on_blas_threads_or_row_order() -> None:
    """The fit reaches the optimum (to rounding), so neither the BLAS thread count nor the order of the rows
    moves the ranker: lbfgs, stopped at tol 1e-4, moved its coefficients by 0.014 and 0.028."""
    from threadpoolctl import threadpool_limits

    parts, _, _ = rk.shipped_rows()
    X, y = rk._stack(parts)
    with threadpool_limits(2):
        two = rk.fit_ranker(X, y)
    with threadpool_limits(1):
        one = rk.fit_ranker(X, y)
    order = np.random.default_rng(1).permutation(len(y))
    shuffled = rk.fit_ranker(X[order], y[order])
    for other in (two, shuffled):
        assert np.allclose(one[0], other[0], rtol=0, atol=1e-9) and abs(one[1] - other[1]) < 1e-9


def test_fit_on_held_out_topics_learns_from_the_dev_rows_too(dev_collection) -> None:  # type: ignore[no-untyped-def]
    _, _, topics = rk.shipped_rows()
    m = get_method("default").fit([dev_collection])
    assert m.fit_source_ == f"date ranker fitted on 1 topics and the {topics} shipped dev topics"
    alone = get_method("default", dev_rows=False).fit([dev_collection])  # 1 topic: the shipped ranker
    assert alone.fit_source_.startswith("shipped date ranker")
    # the held-out topic's rows moved the coefficients away from the shipped ones
    assert not np.allclose(m.coef_, alone.coef_, atol=1e-6)


def test_fit_on_a_dev_topic_never_adds_the_dev_rows(dev_collection, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Evaluating on dev data, a scored topic must not be in its training data: when any given reference is
    one of the shipped rows' timelines, the rows are left out."""
    parts, _, topics = rk.shipped_rows()
    mine = frozenset({rk.reference_fingerprint(dev_collection.references[0])})
    monkeypatch.setattr(rk, "shipped_rows", lambda path=None: (parts, mine, topics))
    m = get_method("default").fit([dev_collection])
    assert m.fit_source_ == "shipped date ranker (only 1 topics given)"


def test_reference_fingerprint_depends_on_the_dates_only() -> None:
    """A dev reference retokenized or reworded elsewhere is still the dev reference."""
    a = {date(2011, 2, 11): ["Mubarak resigns ."], date(2011, 1, 25): ["Protests begin .", "Police fire."]}
    same = [dict(reversed(list(a.items()))),
            {**a, date(2011, 2, 11): ["Mubarak resigns."]},
            {**a, date(2011, 1, 25): ["Protests begin . Police fire."]}]
    assert {rk.reference_fingerprint(x) for x in same} == {rk.reference_fingerprint(a)}
    moved = {date(2011, 2, 12) if d == date(2011, 2, 11) else d: v for d, v in a.items()}
    more = {**a, date(2011, 2, 1): ["A million march ."]}
    fewer = {date(2011, 2, 11): a[date(2011, 2, 11)]}
    assert len({rk.reference_fingerprint(x) for x in (a, moved, more, fewer)}) == 4


def test_a_damaged_rows_file_is_named_in_the_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "rows.npz"
    bad.write_bytes(b"\x00not a zip" * 50)
    with pytest.raises(ValueError, match="rows.npz: not a date ranker rows file"):
        rk.shipped_rows(bad)
    wrong = tmp_path / "wrong.npz"
    np.savez(wrong, raw=np.zeros((2, 3)), label=np.zeros(2), group=np.zeros(2), fingerprint=np.array(["a"]),
             topic=np.array(["t"]), columns=np.array(["sents", "docs", "pub0"]))
    with pytest.raises(ValueError, match="wrong.npz: columns differ"):
        rk.shipped_rows(wrong)


def _bench(name: str):
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "bench" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"bench_{name}", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_ranker_loto_drops_a_column_everywhere_and_refuses_unknown_names() -> None:
    loto = _bench("ranker_loto")
    kept = [FEATS[j] for j in loto.kept_columns(["docs_nb", "after_ratio"])]
    assert not {"log_docs_nb", "rank_docs_nb", "after_ratio"} & set(kept)
    assert len(kept) == len(FEATS) - 3 and "log_docs" in kept
    with pytest.raises(SystemExit, match="nope"):
        loto.kept_columns(["nope"])


def test_ranker_loto_scores_each_topic_with_a_ranker_fitted_without_it(tmp_path) -> None:
    """Six synthetic topics where the reference days are the most mentioned ones: a ranker fitted on the
    other five finds them (precision = recall = 1 at T = their number); T from the sizes map is used."""
    from dateline.timeline.dates import RAW

    loto = _bench("ranker_loto")
    rng = np.random.default_rng(0)
    raws, labels, groups, fps, topics = [], [], [], [], []
    for g in range(6):
        y = np.zeros(40, dtype=np.uint8)
        y[rng.choice(40, 5, replace=False)] = 1
        R = rng.integers(0, 3, size=(40, len(RAW))).astype(np.uint32)
        R[:, :2] += (y * 20)[:, None].astype(np.uint32)  # sents, docs
        raws.append(R), labels.append(y), groups.append(np.full(40, g, np.uint16))
        fps.append(f"fp{g}"), topics.append(f"synth/t{g}")
    rows = tmp_path / "rows.npz"
    np.savez_compressed(rows, raw=np.vstack(raws), label=np.concatenate(labels), group=np.concatenate(groups),
                        fingerprint=np.array(fps), topic=np.array(topics), columns=np.array(RAW))
    keep = loto.kept_columns([])
    res = loto.loto(rows, {f"fp{g}": 5 for g in range(6)}, keep, 1.0)
    assert [t for t, _, _ in res] == topics and all(p == r == 1.0 for _, p, r in res)
    # T = 10 reference days, 5 of them candidates: 10 picks, 5 right, 5 of the 10 days found
    res = loto.loto(rows, {f"fp{g}": 10 for g in range(6)}, keep, 1.0)
    assert all(p == r == 0.5 for _, p, r in res)
    with pytest.raises(SystemExit, match="synth/t0"):
        loto.loto(rows, {}, keep, 1.0)


def test_raw_counts_tell_days_written_out_from_days_implied() -> None:
    """``docs_named``: the articles that write a day out ("on March 7"), among those that date a sentence
    to it at all ("on Tuesday", resolved to the same day)."""
    from dateline.timeline import build_collection
    from dateline.timeline.dates import RAW, raw_table
    from dateline.types import Article

    arts = [
        Article(published=date(2024, 3, 9), id="a", text="Troops entered the city on March 7, they said."),
        Article(published=date(2024, 3, 12), id="b", text="The strike on March 7 killed twelve people."),
        Article(published=date(2024, 3, 8), id="c", text="Troops entered the city on Thursday, they said."),
    ]
    c = build_collection(arts, lang="en")
    dates, R = raw_table(c)
    row = dict(zip(RAW, R[dates.index(date(2024, 3, 7))], strict=True))
    assert (row["docs"], row["docs_named"]) == (3, 2)


def test_pub_month_counts_the_articles_published_within_15_days_either_side() -> None:
    """``pub_month``: how much the news covered the weeks around a day, not the day alone (``pub0``)."""
    from dateline.timeline import build_collection
    from dateline.timeline.dates import MONTH_DAYS, RAW, raw_table
    from dateline.types import Article

    pubs = [date(2024, 3, 1), date(2024, 3, 7), date(2024, 3, 22), date(2024, 3, 23), date(2024, 5, 1)]
    arts = [Article(published=p, id=f"a{k}", text="Troops entered the city, officials said.")
            for k, p in enumerate(pubs)]
    dates, R = raw_table(build_collection(arts, lang="en"))
    month = dict(zip(dates, R[:, RAW.index("pub_month")], strict=True))
    assert MONTH_DAYS == 15
    assert month[date(2024, 3, 7)] == 3  # 03-01, itself and 03-22 (15 days on); 03-23 is 16 days on
    assert month[date(2024, 3, 22)] == 3  # 03-07 (15 days back), itself, 03-23
    assert month[date(2024, 5, 1)] == 1


def test_relevance_tells_days_of_on_topic_lines_from_days_mentioned_in_passing() -> None:
    """``relevance`` (``Ranked.day_relevance``): the mean closeness to the topic of the lines that date a
    day themselves. A day the story's lines are about scores above one only a line off the topic names; a
    day dated by the narrative alone has none; the ranker's rows carry it, and ``rank_dates`` computes it
    when not given."""
    from dateline.timeline import build_collection
    from dateline.timeline.dates import RAW, raw_table
    from dateline.types import Article

    storm = ("The storm flooded the coastal town on March 7 and rescuers evacuated the flooded town's "
             "families. ")
    arts = [
        Article(published=date(2024, 3, 9), id=f"s{k}", text=storm + "Rescuers said the flooded town needs "
                "help after the storm.") for k in range(3)
    ] + [Article(published=date(2024, 3, 10), id="f",
                 text="The football final was played on March 2 in a stadium far from the storm.")]
    c = build_collection(arts, lang="en")
    m = get_method("default")
    rel = m.day_relevance(c)
    assert rel[date(2024, 3, 7)] > rel[date(2024, 3, 2)] > 0
    assert all(0 < v <= 1 + 1e-9 for v in rel.values())
    dates, R = raw_table(c, None, rel)
    column = dict(zip(dates, R[:, RAW.index("relevance")], strict=True))
    assert column[date(2024, 3, 7)] == pytest.approx(rel[date(2024, 3, 7)])
    assert column[date(2024, 3, 9)] == rel.get(date(2024, 3, 9), 0.0)  # a publication day: no dated line
    assert np.all(raw_table(c)[1][:, RAW.index("relevance")] == 0)  # not given: 0 everywhere
    # the rows of a reference whose window holds every article: the same relevance
    c.references = [{date(2024, 3, 2): ["A final is played."], date(2024, 3, 10): ["Help arrives."]}]
    (_, rows, _), = rk.raw_rows([c])
    assert rows[:, RAW.index("relevance")].max() == pytest.approx(rel[date(2024, 3, 7)])
    window = (date(2024, 3, 1), date(2024, 3, 10))
    assert m.rank_dates(c, window) == m.rank_dates(c, window, rel)
