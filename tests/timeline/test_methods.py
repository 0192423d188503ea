"""The same contract checks over every registered timeline method (like scikit-learn's check_estimator)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from dateline.timeline import METHODS, NotFittedError, TimelineError, get_method

WINDOW = (date(2024, 3, 1), date(2024, 3, 8))
NAMES = sorted(METHODS)


def fitted(name: str, dev_collection, **params):  # type: ignore[no-untyped-def]
    return get_method(name, **params).fit([dev_collection])


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize(("T", "N"), [(1, 1), (2, 2), (5, 1)])
def test_at_most_T_dates_and_N_sentences(name: str, T: int, N: int, collection, dev_collection) -> None:
    tl = fitted(name, dev_collection).predict(collection, T=T, N=N)
    assert 1 <= len(tl.entries) <= T
    assert all(1 <= len(e.sentences) <= N for e in tl.entries)
    assert len({e.date for e in tl.entries}) == len(tl.entries)
    assert [e.date for e in tl.entries] == sorted(e.date for e in tl.entries)


@pytest.mark.parametrize("name", NAMES)
def test_dates_inside_window(name: str, collection, dev_collection) -> None:
    tl = fitted(name, dev_collection).predict(collection, T=10, N=1, window=WINDOW)
    assert tl.entries
    assert all(WINDOW[0] <= e.date <= WINDOW[1] for e in tl.entries)
    # articles published outside the window are not used
    assert all(e.sentences[0].source.published <= WINDOW[1].isoformat() for e in tl.entries)


@pytest.mark.parametrize("name", NAMES)
def test_deterministic_for_fixed_random_state(name: str, collection, dev_collection) -> None:
    params = {"random_state": 3} if "random_state" in get_method(name).get_params() else {}
    a = fitted(name, dev_collection, **params).predict(collection, T=3, N=2)
    b = fitted(name, dev_collection, **params).predict(collection, T=3, N=2)
    assert a.to_dict() == b.to_dict()


@pytest.mark.parametrize("name", NAMES)
def test_provenance_on_every_sentence(name: str, collection, dev_collection) -> None:
    tl = fitted(name, dev_collection).predict(collection, T=3, N=2)
    by_id = {a.id: a for a in collection.articles}
    for e in tl.entries:
        for s in e.sentences:
            art = by_id[s.source.article_id]
            assert " ".join(art.text[s.source.start:s.source.end].split()) == s.text
            assert s.source.title == art.title
            assert s.source.published == art.published.isoformat()
    assert tl.method == get_method(name).name


@pytest.mark.parametrize("name", NAMES)
def test_every_line_says_how_it_got_its_date(name: str, collection, dev_collection) -> None:
    """``dated_by``: the sentence's own date when it names the entry's day, its publication when undated."""
    tl = fitted(name, dev_collection).predict(collection, T=5, N=2)
    own = {(collection.articles[s.article].id, s.start): s for s in collection.sentences}
    seen = set()
    for e in tl.entries:
        for line in e.sentences:
            s = own[(line.source.article_id, line.source.start)]
            seen.add(line.dated_by)
            if line.dated_by in ("timex", "narrative"):
                assert s.date == e.date and s.date_source == line.dated_by
            elif line.dated_by == "publication":
                assert s.date is None
                assert 0 <= (date.fromisoformat(line.source.published) - e.date).days <= 2
            else:
                assert line.dated_by is None and s.date is not None and s.date != e.date
    assert seen - {None}, "no line says how it was dated"


def test_a_line_published_before_its_day_is_marked_ahead() -> None:
    """A Monday article's "will be heard on Thursday" placed at Thursday announces the hearing (``ahead``);
    the Thursday article's report of it does not."""
    from dateline.timeline import build_collection
    from dateline.timeline.base import make_refs
    from dateline.types import Article

    arts = [Article(published=date(2025, 3, 24), id="mon",
                    text="The minister will be heard by the committee on Thursday, officials said."),
            Article(published=date(2025, 3, 27), id="thu",
                    text="The minister told the committee on Thursday that he knew of the warning.")]
    c = build_collection(arts, lang="en")
    assert {s.date for s in c.sentences} == {date(2025, 3, 27)}
    lines = make_refs(c, list(range(len(c.sentences))), date(2025, 3, 27))
    assert {line.source.article_id: line.ahead for line in lines} == {"mon": True, "thu": False}
    assert not any(line.ahead for line in make_refs(c, [0, 1], None))  # background month/year: no day


def test_a_day_given_as_a_weekday_is_marked_resolved() -> None:
    """"on Thursday" was worked out from the publication date (``day_resolved_from`` gives the words); "on
    March 27" is written out, and an undated report placed by its publication day is neither."""
    from dateline.timeline import build_collection
    from dateline.timeline.base import make_refs
    from dateline.types import Article

    arts = [Article(published=date(2025, 3, 28), id="wd",
                    text="The minister told the committee on Thursday that he knew of the warning."),
            Article(published=date(2025, 3, 29), id="cal",
                    text="The minister told the committee on March 27 that he knew of the warning."),
            Article(published=date(2025, 3, 27), id="pub",
                    text="The minister told the committee that he knew of the warning.")]
    c = build_collection(arts, lang="en")
    assert {s.date for s in c.sentences if s.date} == {date(2025, 3, 27)}
    lines = make_refs(c, list(range(len(c.sentences))), date(2025, 3, 27))
    assert {line.source.article_id: (line.dated_by, line.day_resolved_from) for line in lines} == {
        "wd": ("timex", "Thursday"), "cal": ("timex", None), "pub": ("publication", None)}
    assert not any(line.day_resolved_from for line in make_refs(c, [0, 1], None))  # background: no day


@pytest.mark.parametrize("name", NAMES)
def test_init_only_stores_params(name: str) -> None:
    m = get_method(name)
    clone = type(m)(**m.get_params())
    assert clone.get_params() == m.get_params()
    assert not [k for k in vars(m) if k.endswith("_")], "learned state must only appear in fit"


@pytest.mark.parametrize("name", [n for n in NAMES if METHODS[n].requires_fit])
def test_clear_error_before_fit(name: str, collection) -> None:
    with pytest.raises(NotFittedError, match="fit"):
        get_method(name).predict(collection, T=2, N=1)


def test_some_method_requires_fit() -> None:
    assert any(cls.requires_fit for cls in METHODS.values())


def test_unknown_method_and_bad_params() -> None:
    with pytest.raises(TimelineError, match="unknown timeline method 'nope'"):
        get_method("nope")
    with pytest.raises(TimelineError, match="datewise"):
        get_method("datewise", bogus=1)


def test_bad_T_N_and_empty_window(collection) -> None:
    m = get_method("default")
    with pytest.raises(TimelineError, match="at least 1"):
        m.predict(collection, T=0, N=1)
    with pytest.raises(TimelineError, match="no articles in window"):
        m.predict(collection, T=2, N=1, window=(date(1999, 1, 1), date(1999, 2, 1)))


@pytest.mark.parametrize("name", ["default", "datewise", "clust"])
def test_finds_the_event_dates(name: str, collection, dev_collection) -> None:
    """On the synthetic topic the three event days are the obvious answer."""
    window = (date(2024, 3, 1), date(2024, 3, 11))
    tl = fitted(name, dev_collection).predict(collection, T=3, N=1, window=window)
    assert {e.date for e in tl.entries} == {date(2024, 3, 1), date(2024, 3, 5), date(2024, 3, 10)}


def test_background_entries_marked(collection) -> None:
    tl = get_method("datewise", ranker="mention").predict(collection, T=10, N=1)
    bg = [e for e in tl.entries if e.background]
    assert [e.date for e in bg] == [date(2002, 10, 12)]
    assert all(not e.background for e in tl.entries if e.date.year == 2024)


def test_background_is_a_look_back_not_an_old_report() -> None:
    """A day is background when the articles that tell it look back years ("On October 12, 2002 ..." in
    2013), not when it is old for the collection: a 2003 report of a 2003 day in an archive of later news is
    news of its day."""
    from dateline.timeline.collection import build_collection
    from dateline.types import Article

    arts = [Article(published=date(2003, 6, 25), id="old",
                    text="The party at Windsor Castle was held on June 21, 2003 and ended late.")]
    arts += [Article(published=date(2013, 7, 23 + k), id=f"new{k}",
                     text="The royal baby was born on July 22, 2013 in London.\n"
                          "An earthquake had hit the town on October 12, 2002, killing dozens.")
             for k in range(4)]
    tl = get_method("datewise", ranker="mention").predict(build_collection(arts, lang="en"), T=5, N=1)
    marks = {e.date: e.background for e in tl.entries}
    assert marks == {date(2003, 6, 21): False, date(2013, 7, 22): False, date(2002, 10, 12): True}


def test_default_runs_unfitted_with_shipped_ranker(collection) -> None:  # type: ignore[no-untyped-def]
    """Users have no dev data: the default method ships its learned date ranker (same features)."""
    import json

    from dateline.timeline.dates import FEATS
    from dateline.timeline.ranked import SHIPPED

    spec = json.loads(SHIPPED.read_text())
    assert spec["features"] == FEATS and len(spec["coef"]) == len(FEATS)
    # learned as fit learns (bench/train_date_ranker.py): same regularization and solver as the default method
    params = get_method("default").get_params()
    assert spec["model"].endswith(f"(C={params['C']}, solver=\"newton-cholesky\", tol={params['tol']:g})")
    tl = get_method("default").predict(collection, T=3, N=1, window=(date(2024, 3, 1), date(2024, 3, 11)))
    assert {e.date for e in tl.entries} == {date(2024, 3, 1), date(2024, 3, 5), date(2024, 3, 10)}


@pytest.mark.parametrize("expected", [True, False])
def test_narrative_dated_sentences_are_candidates_only_when_asked(expected: bool) -> None:
    from dateline.timeline.collection import Collection, CSentence
    from dateline.types import Article

    day, pub = date(2011, 2, 11), date(2011, 2, 20)
    texts = ["On February 11 the president resigned after weeks of mass protests downtown .",
             "Crowds celebrated through the night in the main square of the capital ."]
    art = Article(published=pub, text="\n".join(texts), id="a")
    sents = [CSentence(texts[0], 0, 0, 0, len(texts[0]), day, "timex"),
             CSentence(texts[1], 0, 6, 0, len(texts[1]), day, "narrative")]  # not a lead
    c = Collection([art], sents, lang="en")
    method = get_method("default", candidates="all", narrative_candidates=expected, narrative_fill=0)
    tl = method.predict(c, T=1, N=2, window=(day, pub))
    got = {s.text for e in tl.entries for s in e.sentences}
    assert texts[0] in got
    assert (texts[1] in got) is expected


@pytest.mark.parametrize("own", [1, 2])
def test_a_thin_date_takes_its_narrative_dated_sentences(own: int) -> None:
    """A date with one explicitly dated sentence is written from the story around it too; a date with
    two or more (the default ``narrative_fill=2``) keeps to its own."""
    from dateline.timeline.collection import Collection, CSentence
    from dateline.types import Article

    day, pub = date(2011, 2, 11), date(2011, 2, 20)
    dated = ["On February 11 the president resigned after weeks of mass protests downtown .",
             "The army council took power on February 11 and suspended the constitution ."][:own]
    story = "Crowds celebrated through the night in the main square of the capital ."
    texts = [*dated, story]
    art = Article(published=pub, text="\n".join(texts), id="a")
    sents = [CSentence(t, 0, 6 + k, 0, len(t), day, "timex") for k, t in enumerate(dated)]
    sents.append(CSentence(story, 0, 6 + own, 0, len(story), day, "narrative"))
    c = Collection([art], sents, lang="en")
    tl = get_method("default", candidates="all").predict(c, T=1, N=2, window=(day, pub))
    got = {s.text for e in tl.entries for s in e.sentences}
    assert dated[0] in got
    assert (story in got) is (own == 1)


def test_ranked_select_hook_decides_the_sentences(collection) -> None:  # type: ignore[no-untyped-def]
    """Variants (bench/tls_embeddings.py) change sentence selection by overriding ``_select`` only."""
    from dateline.timeline.ranked import Ranked

    seen: list[int] = []

    class FirstOnly(Ranked):
        def _select(self, c, cand, Xc, X_chosen, relevance, N):  # type: ignore[no-untyped-def]
            seen.append(len(cand))
            assert Xc.shape[0] == len(cand) == len(relevance)
            return [0]

    tl = FirstOnly().predict(collection, T=3, N=2)
    assert tl.entries and all(len(e.sentences) == 1 for e in tl.entries)
    assert len(seen) == len(tl.entries)


@pytest.mark.parametrize("days", [3, 0])
def test_boilerplate_sentences_are_no_candidates(days: int) -> None:
    """A sentence printed verbatim on three publication days or more is boilerplate, not a summary."""
    from datetime import timedelta

    from dateline.timeline.collection import Collection, CSentence
    from dateline.types import Article

    day = date(2011, 2, 11)
    boiler = "This post is part of our special coverage of the uprising in the region ."
    news = "On February 11 the president resigned after weeks of mass protests downtown ."
    arts, sents = [], []
    for k in range(3):
        pub = day + timedelta(days=k)
        other = f"Report number {k} on the aftermath of the resignation today ."
        texts = [news, boiler] if k == 0 else [other, boiler]
        arts.append(Article(published=pub, text="\n".join(texts), id=f"a{k}"))
        for i, t in enumerate(texts):
            sents.append(CSentence(t, k, i, 0, len(t), day if k == 0 else None, "timex" if k == 0 else None))
    c = Collection(arts, sents, lang="en")
    # (the furniture phrases would pass over this one too: "this post is part of")
    method = get_method("default", candidates="all", boilerplate_days=days, furniture_phrases=False)
    tl = method.predict(c, T=3, N=2, window=(day, day + timedelta(days=2)))  # every day, whatever their rank
    assert news in [s.text for e in tl.entries if e.date == day for s in e.sentences]
    assert (boiler in [s.text for e in tl.entries for s in e.sentences]) is (days == 0)


def test_date_led_bonus_prefers_chronology_sentences() -> None:
    """The bonus lets a less central candidate that opens with its date win over the most central one."""
    from datetime import date as _date

    import numpy as np
    from sklearn.preprocessing import normalize

    from dateline.timeline.base import vectorizer
    from dateline.timeline.collection import Collection, CSentence
    from dateline.timeline.ranked import Ranked
    from dateline.types import Article

    texts = ["Troops fired on the crowd in the city centre.", "On March 23 the army entered Deraa.",
             "Troops fired on the crowd near the city centre mosque."]
    art = Article(published=_date(2011, 3, 24), text=" ".join(texts), id="x")
    sents = [CSentence(t, 0, i, 0, 1, _date(2011, 3, 23), "timex", i == 1) for i, t in enumerate(texts)]
    c = Collection([art], sents, "en")
    X = normalize(vectorizer("en").fit_transform(texts))
    pick = {b: Ranked(date_led_bonus=b)._select(c, [0, 1, 2], X, None, np.zeros(3), 1) for b in (0.0, 0.5)}
    assert pick[0.0] in ([0], [2])
    assert pick[0.5] == [1]


@pytest.mark.parametrize(("text", "furniture"), [
    ("@monasosh: the revolution is great #Jan25 http://yfrog.com/h7tl5bj", True),
    ("Mobile internet is cut in #Syria.", True),
    ("Read more at www.example.com about the ceasefire talks.", True),
    ("LIBYA WINS ITS FIRST MATCH AS A FREE COUNTRY !", True),
    ("LA LIBYE S’OFFRE SA PREMIÈRE VICTOIRE EN TANT QUE PAYS LIBRE !", True),
    ("ВЛАДИМИР ПУТИН ПОДПИСАЛ УКАЗ О НАЗНАЧЕНИИ", True),
    ("Владимир Путин подписал указ о назначении министра.", False),
    ("Posted by: Bill | September 19, 2008 2:26 PM | Report abuse Is it a fact?", True),
    ("Accueil | Monde | Afrique", True),
    ("The vote was 52-48 | a narrow margin, officials said.", True),
    ("Shares fell 3% in Cairo, where trading resumed on Sunday after a week.", False),
    ("The president resigned on Friday after 18 days of protests.", False),
    ("NATO said the UN mandate ended on Monday.", False),
    ("He was the team's #1 striker, write to press@club.org for details.", False),
    ("Syrie : qui soutient l'intervention et qui s'y oppose ?", True),
    ("\u201cWhere are the Libyans today, and where are the Iranians?\u201d", True),
    ("Is it over? Not yet: the talks resume on Monday.", False),
    ("Sur la page Facebook Yemen Rights Monitors, Ahmed rapporte :", True),
    ("Cyclist Armstrong , who is currently attempting to win an unprecedented sixth Tour de France ,", True),
    ("Oscar Pistorius should not face a \" trial by media \" ,", True),
    ("he should have got in touch with Prince William and tell them the good news -", True),
    ("Les relations entre Damas et Moscou datent de bien longtemps. - -", False),
    ("The vote, 52-48, was a narrow margin.", False),
    ("Sen. John McCain -LRB- R-Ariz . -RRB-", False),
    (", muerto hoy en Sirte, mientras los gobernantes de Siria y Yemen se aferran al poder", True),
    ("Mientras los gobernantes de Siria y Yemen se aferran al poder, Gadafi ha caído.", False),
    ("but now I recognise that I offended people , \" Mr Schwarzenegger said yesterday .", True),
    ("« issus du Mouvement du 6 avril, les militants sont arrêtés.", True),
    ("iPhone sales rose sharply in the third quarter, Apple said.", False),
    ("\"We will fight on,\" the rebel commander said on Sunday.", False),
    ("(7) Esam Al-Amin, « Egypt's fateful day », CounterPunch, 26 juin 2013.", True),
    ("[16] CTUWS, Press Release, \"Important and Urgent,\" 29 June 2013.", True),
    ("(AFP) Les rebelles ont pris le contrôle de Brega le 2 mars.", False),
    ("(2011) fut l'année des révoltes arabes, de Tunis au Caire.", False),
    ("2016 4 February A UN panel rules that Assange\u201d", True),
    ("Perhaps one day , in the fullness of time , the four Shriver kids \u201d", True),
    ("La police a fait un \u00ab usage excessif de la violence \u00bb", False),
    ("He called the attack \u201cbarbaric\u201d", False),
    ("Le ministre a dénoncé un usage excessif de la violence \u00bb", True),
    ("The leak was contained within hours . \u201d", False),
    ("Rubio said in his speech on Monday , \u201cbut", True),
    ("\u00ab Comment un r\u00e9gime peut", True),
    ("He said \u201cno\u201d and left", False),
    ("He said \u201cwe will win.\u201d", False),
])
def test_page_furniture_is_recognized(text: str, furniture: bool) -> None:
    from dateline.timeline.ranked import _furniture

    assert _furniture(text) is furniture


@pytest.mark.parametrize("late", [3, 0])
def test_a_day_with_no_line_of_its_own_takes_the_leads_of_two_days_later(late: int) -> None:
    """The ranker may choose the day two days before an article (its ``pub2`` count); when nothing dates a
    line to that day and nothing was published on it or the day after, it is written from that article's
    lead rather than lost (``empty_pub_days``). A day with lines of its own keeps to them."""
    from dateline.timeline.collection import Collection, CSentence
    from dateline.types import Article

    pub, other = date(2011, 3, 10), date(2011, 3, 20)
    leads = ["Rebels seized the oil port after two days of heavy fighting along the coast road .",
             "Thousands of migrant workers crowded the border crossing waiting for buses home .",
             "Oil prices climbed above one hundred dollars as exports from the terminals stopped ."]
    own = "The United Nations voted on March 20 to impose a no-fly zone over the whole country ."
    arts = [Article(published=pub, text=" ".join(leads), id="a"), Article(published=other, text=own, id="b")]
    sents = [CSentence(t, 0, k, 0, len(t)) for k, t in enumerate(leads)]
    sents.append(CSentence(own, 1, 3, 0, len(own), other, "timex"))
    c = Collection(arts, sents, lang="en")
    method = get_method("default", empty_pub_days=late)
    _, pub_rows, _ = method._pools(c)
    empty = pub - timedelta(days=2)
    assert (pub_rows.get(empty) == [0, 1, 2]) is bool(late)
    assert pub_rows.get(other - timedelta(days=2)) is None  # article b's only line is dated: no lead
    tl = method.predict(c, T=10, N=1, window=(date(2011, 3, 1), date(2011, 3, 31)))
    got = {e.date: [s.text for s in e.sentences] for e in tl.entries}
    assert (empty in got) is bool(late)
    written = [t for d in (pub, pub - timedelta(days=1), empty) for t in got.get(d, [])]
    assert len(written) == len(set(written)) == (3 if late else 2) and set(written) <= set(leads)
    assert got[other] == [own]


@pytest.mark.parametrize("bad", ["x", -1, 2.5, True])
def test_empty_pub_days_must_be_a_whole_number_of_days(bad: object) -> None:
    with pytest.raises(TimelineError, match="empty_pub_days"):
        get_method("default", empty_pub_days=bad)


def _one_date(texts: list[str], day: date | None, published: date, **columns: list) -> tuple:
    """A one-article collection whose sentences are the candidates of ``day`` (``columns``: more CSentence
    fields, a value per sentence), and their TF-IDF rows."""
    from sklearn.preprocessing import normalize

    from dateline.timeline.base import vectorizer
    from dateline.timeline.collection import Collection, CSentence
    from dateline.types import Article

    art = Article(published=published, text=" ".join(texts), id="x")
    sents = [CSentence(t, 0, i, 0, 1, day, "timex" if day else None, **{k: v[i] for k, v in columns.items()})
             for i, t in enumerate(texts)]
    return Collection([art], sents, "en"), normalize(vectorizer("en").fit_transform(texts))


_SOCIAL_POST = ["@activist: troops fired on the crowd in the city centre #Deraa",
                "Troops fired on the crowd in the city centre on Friday.",
                "The army entered Deraa after troops fired on the crowd."]
_ANNOUNCEMENT = ["Here is what has been confirmed about the leak of solvent in the river, as of Monday.",
                 "The company said on Monday that solvent leaked into the river on Sunday.",
                 "Authorities ordered 1,400 people out of their homes near the river on Monday."]


@pytest.mark.parametrize(("texts", "switch"), [(_SOCIAL_POST, "furniture"),
                                               (_ANNOUNCEMENT, "furniture_phrases")])
@pytest.mark.parametrize("on", [True, False])
def test_furniture_is_no_summary_pick(texts: list[str], switch: str, on: bool) -> None:
    """A quoted tweet, or "Here is what has been confirmed about the leak" (the article announcing itself),
    stays in the date's centroid but is not picked while a news sentence is left."""
    import numpy as np

    from dateline.timeline.ranked import Ranked

    c, X = _one_date(texts, date(2011, 3, 23), date(2011, 3, 24))
    method = Ranked(date_led_bonus=0.0, **{switch: on})
    picked = method._select(c, [0, 1, 2], X, None, np.zeros(3), 2)
    assert len(picked) == 2
    assert (0 in picked) is not on
    # with nothing else left a quoted post is still picked (a date is never emptied by that filter); a
    # furniture phrase is a stamp (``stamps``), never an entry
    alone = method._select(c, [0], X[[0]], None, np.zeros(1), 1)
    assert alone == ([] if on and switch == "furniture_phrases" else [0])
    assert Ranked(date_led_bonus=0.0, stamps=False, **{switch: on})._select(c, [0], X[[0]], None,
                                                                             np.zeros(1), 1) == [0]


@pytest.mark.parametrize("limit", [0.4, 1.0])
def test_sentences_made_of_time_expressions_are_no_summary_pick(limit: float) -> None:
    """A byline ("Published March 23, 2011 at 8:30 pm ...") is not picked while a news sentence is left."""
    import numpy as np
    from sklearn.preprocessing import normalize

    from dateline.timeline.base import vectorizer
    from dateline.timeline.collection import Collection, CSentence
    from dateline.timeline.ranked import Ranked
    from dateline.types import Article

    texts = ["Troops fired on the crowd in Deraa on March 23, 2011 at 8:30 pm, updated 9:10 pm",
             "Troops fired on the crowd in the city centre of Deraa on Wednesday.",
             "The army entered Deraa and fired on the crowd at the mosque."]
    shares = [0.5, 0.05, 0.0]
    art = Article(published=date(2011, 3, 24), text=" ".join(texts), id="x")
    sents = [CSentence(t, 0, i, 0, 1, date(2011, 3, 23), "timex", False, sh)
             for i, (t, sh) in enumerate(zip(texts, shares, strict=True))]
    c = Collection([art], sents, "en")
    X = normalize(vectorizer("en").fit_transform(texts))
    method = Ranked(max_timex_share=limit, date_led_bonus=0.0)
    picked = method._select(c, [0, 1, 2], X, None, np.zeros(3), 2)
    assert len(picked) == 2
    assert (0 in picked) is (limit == 1.0)


@pytest.mark.parametrize("stamps", [True, False])
def test_a_byline_is_never_a_dates_entry(stamps: bool) -> None:
    """A date whose only candidates are bylines gives its place to the next date (``stamps``) rather than
    print "Par Claire Talon Publié le 25 juin 2013 à 16h51 - Mis à jour le 26 juin 2013 à 19h59"."""
    from dateline.timeline.collection import Collection, CSentence
    from dateline.types import Article

    day, before = date(2013, 6, 25), date(2013, 6, 24)
    bylines = [f"Par {name} Publié le 25 juin 2013 à 16h5{k} - Mis à jour le 26 juin 2013 à 19h59"
               for k, name in enumerate(["Claire Talon", "Benjamin Barthe", "Hélène Sallon"])]
    news = "Des milliers de manifestants ont défilé au Caire le 24 juin contre le président Morsi."
    arts = [Article(published=day, text=t, id=f"a{k}") for k, t in enumerate([*bylines, news])]
    sents = [CSentence(t, k, 0, 0, len(t), day, "timex", True, 0.6) for k, t in enumerate(bylines)]
    sents.append(CSentence(news, 3, 0, 0, len(news), before, "timex", False, 0.1))
    c = Collection(arts, sents, "fr")
    method = get_method("default", stamps=stamps)
    assert [d for d, _ in method.rank_dates(c, (before, day))] == [day, before]  # the bylines' day first
    tl = method.predict(c, T=1, N=1, window=(before, day))
    got = [(e.date, s.text) for e in tl.entries for s in e.sentences]
    if stamps:
        assert got == [(before, news)]
    else:
        assert len(got) == 1 and got[0][0] == day and got[0][1] in bylines


_ARABIC = ["قال لي، قتلوا ابني و انا كمان عايز اموت، بس اموت شهيد زيه",
           "عشرون الف متظاهر فى شارع جامعة الدول العربية شباب وصبايا وربات بيوت",
           "انباء عن اعتقال صحفية في المحلة الكبرى بعد المظاهرة"]


@pytest.mark.parametrize("french", [4, 0])
def test_a_line_in_another_script_is_never_an_entry(french: int) -> None:
    """Global Voices quotes Arabic posts before translating them: in a French collection a day whose only
    candidates are Arabic gives its place to the next day, and a day with both writes the French line. A
    collection in Arabic keeps its lines."""
    from dateline.timeline.collection import Collection, CSentence
    from dateline.timeline.ranked import latin_share
    from dateline.types import Article

    assert latin_share(_ARABIC[0]) == 0.0 and latin_share("Le Caire, jeudi 3 février") == 1.0
    assert latin_share("2011-02-03 12:00") == 1.0  # no letters
    day, before = date(2011, 2, 3), date(2011, 2, 2)
    news = ["Des milliers de manifestants ont défilé au Caire le 2 février contre le président Moubarak.",
            "La police a dispersé les manifestants de la place Tahrir dans la nuit du 2 février.",
            "Les partisans du président ont chargé la foule à dos de chameau le 2 février.",
            "Le couvre-feu a été prolongé le 2 février dans les grandes villes du pays."][:french]
    texts = _ARABIC + news
    arts = [Article(published=day, text=t, id=f"a{k}") for k, t in enumerate(texts)]
    sents = [CSentence(t, k, 0, 0, len(t), day if k < len(_ARABIC) else before, "timex", False, 0.0)
             for k, t in enumerate(texts)]
    c = Collection(arts, sents, "fr" if french else "ar")
    method = get_method("default")
    tl = method.predict(c, T=1, N=1, window=(before, day))
    got = [(e.date, s.text) for e in tl.entries for s in e.sentences]
    if french:
        assert [d for d, _ in method.rank_dates(c, (before, day))][0] == day  # the Arabic lines' day first
        assert len(got) == 1 and got[0][0] == before and got[0][1] in news
        # a day with both: only the French lines are candidates
        sents[-1] = CSentence(texts[-1], len(texts) - 1, 0, 0, len(texts[-1]), day, "timex", False, 0.0)
        tl = method.predict(Collection(arts, sents, "fr"), T=1, N=3, window=(day, day))
        assert [s.text for e in tl.entries for s in e.sentences] == [texts[-1]]
    else:
        assert len(got) == 1 and got[0] == (day, got[0][1]) and got[0][1] in _ARABIC


@pytest.mark.parametrize("stamps", [True, False])
def test_a_date_left_only_a_byline_by_the_knee_point_takes_its_other_candidates(
        stamps: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """When DATEWISE's knee-point filter keeps only a byline, the date is written from its candidates
    before the filter (``stamps``), not from the byline, and not dropped."""
    from dateline.timeline import ranked
    from dateline.timeline.collection import Collection, CSentence
    from dateline.types import Article

    day = date(2013, 6, 25)
    byline = "Par Claire Talon Publié le 25 juin 2013 à 16h51 - Mis à jour le 26 juin 2013 à 19h59"
    news = "Des milliers de manifestants ont défilé au Caire le 25 juin contre le président Morsi."
    arts = [Article(published=day, text=byline, id="a"), Article(published=day, text=news, id="b")]
    sents = [CSentence(byline, 0, 0, 0, len(byline), day, "timex", True, 0.6),
             CSentence(news, 1, 0, 0, len(news), day, "timex", False, 0.1)]
    c = Collection(arts, sents, "fr")
    # the filter as it went on the fr dev pages: the byline alone survives (rows of the pool: byline first)
    monkeypatch.setattr(ranked, "pm_mean_candidates", lambda X, m_rows, p_rows, **kw: [0])
    tl = ranked.Ranked(stamps=stamps).predict(c, T=1, N=1, window=(day, day))
    got = [(e.date, [s.text for s in e.sentences]) for e in tl.entries]
    assert got == [(day, [news if stamps else byline])]


@pytest.mark.parametrize(("text", "few"), [
    ("Agencias | Trípoli", True),
    ("-15 cms - Hora: 04:26:00", True),
    ("Affrontements en Egypte", False),
    ("Putin ordena la retirada de sus tropas en Siria", False),
])
def test_a_line_of_a_word_or_two_is_never_an_entry(text: str, few: bool) -> None:
    """"Agencias | Trípoli" alone cannot state an event: even as a date's only candidate it is not written."""
    import numpy as np

    from dateline.timeline.ranked import Ranked, _few_words

    assert _few_words(text) is few
    c, X = _one_date([text], date(2011, 2, 21), date(2011, 2, 21))
    assert Ranked()._select(c, [0], X, None, np.zeros(1), 1) == ([] if few else [0])
    assert Ranked(stamps=False)._select(c, [0], X, None, np.zeros(1), 1) == [0]


@pytest.mark.parametrize("note", [
    "(14) « In the interim », madamasr.com, 12 juillet 2013.",
    "Le 12 juillet, le même partage une autre vidéo d'une manifestation à Homs:",
])
def test_a_footnote_or_an_introduction_is_never_an_entry(note: str) -> None:
    """A source cited at the foot of an essay carries a date ("(14) « In the interim », madamasr.com, 12
    juillet 2013."), and a line ending in a colon introduces what the page lost; neither states an event
    of the date: even as the date's only candidate it is not written."""
    import numpy as np

    from dateline.timeline.ranked import Ranked

    c, X = _one_date([note], date(2013, 7, 12), date(2013, 7, 12))
    assert Ranked()._select(c, [0], X, None, np.zeros(1), 1) == []
    assert Ranked(stamps=False)._select(c, [0], X, None, np.zeros(1), 1) == [0]


def test_a_lead_about_a_long_past_year_is_no_pick_of_the_day() -> None:
    """"Inspectors warned the company in 2019 ..." (published 2025) is background, not news of the day
    before its publication: passed over while the day has other candidates, still picked when alone."""
    import numpy as np
    from sklearn.preprocessing import normalize

    from dateline.timeline.base import vectorizer
    from dateline.timeline.collection import Collection, CSentence
    from dateline.timeline.ranked import Ranked
    from dateline.types import Article

    texts = ["Inspectors warned the company in 2019 that the valves of the tank were corroded.",
             "Tests found the solvent in the river at 21 times the legal limit, the university said.",
             "The company said on Friday it would share its data on the solvent in the river."]
    periods = ["2019", None, None]
    art = Article(published=date(2025, 3, 8), text=" ".join(texts), id="x")
    sents = [CSentence(t, 0, i, 0, 1, None, None, period=p) for i, (t, p) in enumerate(zip(texts, periods,
                                                                                         strict=True))]
    c = Collection([art], sents, "en")
    X = normalize(vectorizer("en").fit_transform(texts))
    method = Ranked(date_led_bonus=0.0)
    assert sorted(method._select(c, [0, 1, 2], X, None, np.zeros(3), 2)) == [1, 2]
    assert method._select(c, [0], X[[0]], None, np.zeros(1), 1) == [0]
    # a year that holds the publication day ("this year"), or ended less than a year before, is news
    from dateline.timeline.ranked import _long_past

    assert _long_past(c, 0)
    for recent in ("2025", "2024-06"):
        sents[0].period = recent
        assert not _long_past(c, 0)


@pytest.mark.parametrize(("lang", "text", "phrase"), [
    ("en", "Here is what has been confirmed about the leak at the plant, as of Monday evening.", True),
    ("en", "One week after the leak , here 's where things stand for residents .", True),
    ("en", "What we know about the spill so far.", True),
    ("fr", "Voici ce que l'on sait de l'attaque de mardi.", True),
    ("es", "Esto es lo que sabemos del ataque.", True),
    ("en", "There is what remains of the plant after the fire.", False),
    ("en", "Nowhere is what it was before the spill, residents said.", False),
    ("en", "Special correspondent Karla Adam in London contributed to this report .", True),
    ("en", "To play this content JavaScript must be turned on and the latest Flash player installed .", True),
    ("en", "Jobs said the Flash player drained the batteries of laptops.", False),
    ("en", "In this image made from video provided by BP, oil gushes from the broken wellhead.", True),
    # a credit alone is no caption: a journalists' timeline has such lines
    ("en", "-LRB- AP Photo\\/Evan Vucci -RRB- China announces a $ 586 billion stimulus package .", False),
    ("fr", "Ce billet fait partie de notre dossier sur la Libye.", True),
    ("es", "Este post es parte de nuestra cobertura especial Los egipcios derrocan a Morsi.", True),
    ("es", "Esta publicación es parte de nuestra cobertura especial Levantamiento en Libia 2011.", True),
    ("es", "El ejército es parte de la transición, dijo el portavoz.", False),
    ("es", "* Este artículo apareció en la edición impresa del Domingo, 13 de marzo de 2011", True),
    ("fr", "Par Claire Talon Publié le 25 juin 2013 à 16h51 - Mis à jour le 26 juin 2013 à 19h59", True),
    ("en", "The photographer was arrested in Cairo on Friday.", False),
    # readers' comments, not news
    ("fr", "Boss en réponse au commentaire de El Biar | 3 août 2013 13h50 |", True),
    ("en", "Posted by : ted in pdx | September 19 , 2008 5:49 PM | Report abuse Republicans lost .", True),
    ("fr", "Le ministre a répondu au commentaire du président mardi.", False),
    ("de", "Here is what the minister said on Monday.", False),  # no list for the language: no phrases
    # newsletters, subscriptions, accounts, sharing: the page's machinery around the story
    ("fr", "Chaque matin à 8 heures, recevez l'essentiel de l'actualité pour bien démarrer la journée", True),
    ("fr", "Merci d'avoir partagé cet article avec vos amis", True),
    ("fr", "Veuillez saisir l'adresse mail qui a servi à créer votre compte LePoint.fr", True),
    ("en", "Facebook changed its privacy policy on Thursday after a week of protests by its users .", False),
    ("es", "El Congreso inicia sesión extraordinaria para votar la reforma.", False),
    ("fr", "Le ministre a reçu l'essentiel des revendications des manifestants mardi.", False),
    ("es", "¿Ya eres suscriptor/a? Inicia sesión", True),
    ("es", "Recibe el boletín de Internacional", True),
    ("en", "Sign up for free e-mail news alerts from FoxNews.com and FoxBusiness.com .", True),
    ("en", "Get Wonkbook delivered to your inbox or mobile device every morning .", True),
    ("en", "It refused to sign up to the Kyoto Protocol .", False),
])
def test_furniture_phrases_are_recognized(lang: str, text: str, phrase: bool) -> None:
    from dateline.timeline.collection import Collection, CSentence
    from dateline.timeline.ranked import _furniture_phrase
    from dateline.types import Article

    c = Collection([Article(published=date(2025, 3, 3), text=text, id="x")], [CSentence(text, 0, 0, 0, 1)],
                   lang)
    assert _furniture_phrase(c, 0) is phrase


@pytest.mark.parametrize("name", NAMES)
def test_a_date_whose_lines_are_all_stop_words_is_no_crash(name: str, dev_collection) -> None:
    """A day whose only candidates have no word outside the stop list ("And then it was.") has nothing to
    summarize: CentroidOpt returns no pick for it (it raised a scikit-learn ValueError on the empty
    vocabulary), and the timeline is written from the other days."""
    from dateline.timeline import build_collection
    from dateline.types import Article

    rescue = "Rescuers reached the flooded town on March 8."
    arts = [Article(published=date(2024, 3, 9), id="a", text="On March 7 it was. And then it was."),
            Article(published=date(2024, 3, 10), id="b", text=rescue)]
    tl = fitted(name, dev_collection).predict(build_collection(arts, lang="en"), T=3, N=1)
    lines = [s.text for e in tl.entries for s in e.sentences]
    assert rescue in lines
    if name in ("default", "datewise", "clust"):
        assert "And then it was." not in lines


@pytest.mark.parametrize("name", ["default", "datewise", "clust"])
def test_a_collection_of_stop_words_only_is_a_timeline_error(name: str, dev_collection) -> None:
    """No sentence with a word outside the stop list: a TimelineError that says so (the CLI prints it and
    exits 1), not scikit-learn's "empty vocabulary" ValueError."""
    from dateline.timeline import build_collection
    from dateline.types import Article

    arts = [Article(published=date(2024, 3, 9), id="a", text="And then it was. It is."),
            Article(published=date(2024, 3, 10), id="b", text="It was so.")]
    with pytest.raises(TimelineError, match="nothing to summarize"):
        fitted(name, dev_collection).predict(build_collection(arts, lang="en"), T=2, N=1)


def test_a_query_day_with_two_candidates_keeps_its_keyword_line() -> None:
    """A knee needs three points: with a day's two candidates (its dated line and a publication-day lead)
    the default method keeps both, so the one with the query's words writes the day, where news-tls's cut
    keeps one of the two."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    from dateline.timeline.collection import build_collection
    from dateline.timeline.datewise import pm_mean_candidates
    from dateline.types import Article

    X = TfidfVectorizer().fit_transform(["an earthquake hit the old town on Friday morning",
                                         "the old town mourned"])
    assert pm_mean_candidates(X, [0], [1]) == [1]  # news-tls: the lead alone, the earthquake line cut
    assert sorted(pm_mean_candidates(X, [0], [1], min_points=3)) == [0, 1]
    arts = [Article(published=date(2024, 3, 5), id="a", text=(
                "A strong earthquake struck the coastal city of Portavia on March 1, 2024.\n"
                "Rescue teams searched the rubble of the collapsed buildings for survivors all night.\n"
                "The government announced emergency aid for the region on March 4.")),
            Article(published=date(2024, 3, 11), id="b", text=(
                "Mayor Elena Ruiz resigned on March 10, 2024 over the slow response to the earthquake.\n"
                "\u201cI take full responsibility for what went wrong in those first days,\u201d Ruiz told "
                "reporters.\nThe earthquake of March 1 had killed dozens of people in the old town."))]
    c = build_collection(arts, lang="en")
    days = {e.date for e in get_method("default").predict(c, T=5, N=1, query="earthquake").entries}
    assert days == {date(2024, 3, 1), date(2024, 3, 10)}


@pytest.mark.parametrize(("gate", "second"), [(60.0, 300), (300.0, 1)])
def test_few_dates_over_a_long_window_spread_out(gate: float, second: int,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """With ``spread_gate`` days per date or more (two dates over 400 days: an entity's years), a chosen
    day lowers the days near it: the second date is the far one the ranker scores a little lower, not the
    day after the first. Below the gate, or with ``spread`` 0, the ranker's order stands."""
    from datetime import timedelta

    from dateline.timeline.collection import Collection, CSentence
    from dateline.timeline.ranked import Ranked
    from dateline.types import Article

    d0 = date(2010, 1, 10)
    days = [d0, d0 + timedelta(days=1), d0 + timedelta(days=300)]
    texts = ["The senator announced her campaign for governor in Anchorage today.",
             "The senator toured the state on the second day of her campaign for governor.",
             "The senator resigned her seat and said she would not run for office again."]
    arts = [Article(published=d, text=t, id=str(i)) for i, (d, t) in enumerate(zip(days, texts, strict=True))]
    sents = [CSentence(t, i, 0, 0, len(t), d, "timex", False, 0.1)
             for i, (d, t) in enumerate(zip(days, texts, strict=True))]
    c = Collection(arts, sents, "en")
    method = Ranked(spread=0.15, spread_gate=gate)
    ranking = [(days[0], 2.0), (days[1], 1.9), (days[2], 1.5)]
    monkeypatch.setattr(method, "rank_dates", lambda *a, **k: ranking)
    window = (d0, d0 + timedelta(days=399))
    tl = method.predict(c, T=2, N=1, window=window)
    assert [e.date for e in tl.entries] == [d0, d0 + timedelta(days=second)]
    monkeypatch.setattr(method, "spread", 0.0)
    assert [e.date for e in method.predict(c, T=2, N=1, window=window).entries] == days[:2]


@pytest.mark.parametrize("params", [{"spread": 1.5}, {"spread": -0.1}, {"spread_scale": 0.0}])
def test_spread_out_of_range_is_a_clear_error(params: dict[str, float]) -> None:
    with pytest.raises(TimelineError, match="spread"):
        get_method("default", **params)


def test_the_default_method_shows_a_line_without_the_stamp_of_its_day(dev_collection) -> None:  # type: ignore[no-untyped-def]
    """"June 15 , 2010 : President Obama speaks ..." under 2010-06-15 reads "President Obama speaks ...",
    and its span starts after the stamp; DATEWISE prints its lines as news-tls does; under another day (a
    publication-day lead) a line keeps its stamp."""
    from dateline.timeline.base import make_refs
    from dateline.timeline.collection import build_collection
    from dateline.types import Article

    day = date(2010, 6, 15)
    text = "June 15 , 2010 : President Obama speaks from the Oval Office on the BP oil spill ."
    art = Article(published=date(2010, 6, 16), text=text, id="a")
    c = build_collection([art], lang="en")
    assert c.sentences[0].date == day and c.sentences[0].stamp_end > 0
    shown = "President Obama speaks from the Oval Office on the BP oil spill ."
    window = (day, art.published)
    tl = get_method("default").predict(c, T=1, N=1, window=window)
    assert tl.entries[0].date == day
    line = tl.entries[0].sentences[0]
    assert line.text == shown
    assert art.text[line.source.start:line.source.end] == shown
    dw = fitted("datewise", dev_collection)
    assert [e.sentences[0].text for e in dw.predict(c, T=1, N=1, window=window).entries] == [text]
    assert [s.text for s in make_refs(c, [0], date(2010, 6, 16), trim=True)] == [text]
    assert [s.text for s in make_refs(c, [0], day, trim=True)] == [shown]


@pytest.mark.parametrize(("text", "shown"), [
    ("-LRB- AP -RRB- A clearly frustrated President Obama on Friday said the system failed badly .",
     "A clearly frustrated President Obama on Friday said the system failed badly ."),
    ("-LRB- Update 3:31 p.m. Cairo , 8:31 a.m. ET -RRB- Thirty-eight people have died in the protests .",
     "Thirty-eight people have died in the protests ."),
    ("-LRB- Updated 5:45 p.m. -LRB- 0045 in Egypt -RRB- -RRB- Protesters in Cairo were defiant tonight .",
     "Protesters in Cairo were defiant tonight ."),
    ("(EFE).- Al menos diecisiete personas, entre ellas cuatro menores, han muerto hoy en Siria.",
     "Al menos diecisiete personas, entre ellas cuatro menores, han muerto hoy en Siria."),
    ("[Liens en anglais] Durant la nuit du 9 mars, des avions israéliens ont pilonné des cibles à Gaza.",
     "Durant la nuit du 9 mars, des avions israéliens ont pilonné des cibles à Gaza."),
    # kept: brackets inside the sentence, a footnote's number, too little after the brackets
    ("Police (in riot gear) moved in on the square at dawn on Friday.", None),
    ("(14) « In the interim », madamasr.com, 12 juillet 2013, and more words after it.", None),
    ("(The company denied it.) No more.", None),
])
def test_bracketed_furniture_before_a_line_is_not_shown(text: str, shown: str | None) -> None:
    """A photo credit, an agency's tag or a live update's stamp in brackets before a line's statement is left
    out of what the default method shows, its span starting after it; the baselines keep it."""
    from dateline.timeline.base import lead_brackets, make_refs
    from dateline.timeline.collection import Collection, CSentence
    from dateline.types import Article

    art = Article(published=date(2011, 2, 1), text=text, id="a")
    c = Collection([art], [CSentence(text, 0, 0, 0, len(text), None, "publication")], "en")
    line = make_refs(c, [0], date(2011, 2, 1), trim=True)[0]
    assert line.text == " ".join((shown or text).split())
    assert art.text[line.source.start:line.source.end] == (shown or text)
    assert lead_brackets(text) == len(text) - len(shown or text)
    assert make_refs(c, [0], date(2011, 2, 1))[0].text == " ".join(text.split())
