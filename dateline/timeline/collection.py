"""A topic's articles and their dated sentences, in memory: the input of every timeline method.

Two ways in: ``build_collection`` from raw articles (the benchmark fast path: light sentence split + date
tagging, no statistical parse) and ``collection_from_store`` from stored annotations (FTS5/BM25 retrieval).
"""

from __future__ import annotations

import functools
import itertools
import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dateline.annotate.sentences import split_sentences
from dateline.timeline.errors import QueryError, TimelineError
from dateline.types import Article, Sentence, Timex

if TYPE_CHECKING:
    from dateline.store import Store

_DAY = re.compile(r"^\d{4}-\d\d-\d\d$")
_PERIOD = re.compile(r"^\d{4}(?:-(?:0[1-9]|1[0-2]))?$")  # a calendar year or month, not a season/week/decade
LEAD_CHARS = 12  # a date expression starting this close to the sentence start opens it ("Le 2 mars, ...")


@dataclass
class CSentence:
    """One sentence of a collection: where it comes from and the day its event happened (if day-granular)."""

    text: str
    article: int  # index into Collection.articles
    idx: int  # position in its article (0 = lead)
    start: int
    end: int
    date: date | None = None  # day-granular event date from a time expression (None: undated/coarser)
    date_source: str | None = None  # timex | narrative | publication | None
    date_led: bool = False  # opens with the explicit date that dates it ("March 7: ..."), see opens_with_date
    timex_share: float = 0.0  # share of its characters inside time expressions, see timex_share
    # Its event's month or year ("2002-10", "2002") when that is all the text says (no day): what
    # background entries are made of ("In October 2002, militants took ...", see timeline.background).
    period: str | None = None
    # Its event day is written out with digits in it ("on March 7", "le 7 mars", "2011-03-07"), not only
    # implied ("on Tuesday", "hier"): see names_day. The date ranker counts such mentions apart.
    date_named: bool = False
    # ... and when it does not, the words it gives its day in ("Thursday", "hier"): what readers are shown
    # beside the line, since that day was worked out from the publication date (see day_words)
    day_words: str | None = None
    # Characters of a stamp of its own day that open it ("June 15 , 2010 : President Obama speaks ...", "- 3
    # mars : Frappe aérienne ...", "21h01 : La France a annoncé ..."): left out where the line is shown under
    # that day, which says it already (see lead_stamp)
    stamp_end: int = 0


@dataclass
class Collection:
    """Articles + dated sentences of one topic; language-agnostic (``lang`` only picks stop words)."""

    articles: list[Article]
    sentences: list[CSentence]
    lang: str = "und"
    name: str = ""
    keywords: list[str] = field(default_factory=list)  # query terms; methods may filter summaries with them
    # Reference timelines (date -> sentences), only for dev collections handed to ``fit``.
    references: list[dict[date, list[str]]] = field(default_factory=list)

    @property
    def start(self) -> date:
        return min(a.published for a in self.articles)

    @property
    def end(self) -> date:
        return max(a.published for a in self.articles)

    def by_article(self) -> list[list[int]]:
        """Sentence indices per article, in article order."""
        out: list[list[int]] = [[] for _ in self.articles]
        for i, s in enumerate(self.sentences):
            out[s.article].append(i)
        return out

    def restrict(self, window: tuple[date, date] | None, later_reports: bool = False) -> Collection:
        """The sub-collection of articles published inside ``window`` (all of them when None), and with
        ``later_reports`` those published after it that date a sentence inside it (reports looking back)."""
        if window is None:
            return self
        lo, hi = window
        told = {s.article for s in self.sentences if s.date is not None and lo <= s.date <= hi} \
            if later_reports else set()
        keep = [i for i, a in enumerate(self.articles)
                if lo <= a.published <= hi or (a.published > hi and i in told)]
        if len(keep) == len(self.articles):
            return self
        remap = {old: new for new, old in enumerate(keep)}
        sents = [replace(s, article=remap[s.article]) for s in self.sentences if s.article in remap]
        return Collection([self.articles[i] for i in keep], sents, self.lang, self.name, self.keywords,
                          self.references)


# -- building from raw articles ------------------------------------------------------------------------

def _detect(articles: list[Article]) -> str:
    try:
        from dateline.temporal import detect_language
    except ImportError:
        from langdetect import DetectorFactory, detect

        DetectorFactory.seed = 0

        def detect_language(text: str) -> str:
            try:
                return str(detect(text))
            except Exception:  # noqa: BLE001 (langdetect raises on text without letters)
                return "und"

    sample = " ".join(a.text[:400] for a in articles[:: max(1, len(articles) // 10)][:10])
    return detect_language(sample)


def _as_day(s: Sentence) -> date | None:
    # the source first: most sentences are dated "publication", which no regex match need tell
    if s.date_source in (None, "timex", "narrative") and s.event_date and s.granularity in (None, "day") \
            and _DAY.match(s.event_date):
        try:
            return date.fromisoformat(s.event_date)
        except ValueError:
            return None
    return None


def as_period(value: str | None, granularity: str | None, source: str | None) -> str | None:
    """A month or year event date told by the text (timex or narrative carry-over), else None."""
    ok = source in ("timex", "narrative") and granularity in ("month", "year")
    return value if ok and value and _PERIOD.match(value) else None


@functools.cache
def since_words(lang: str) -> re.Pattern[str] | None:
    """The language's ``since`` markers (its tagger resources: "since", "depuis", "desde") as a pattern
    that ends the text right before a date, one short word or elided article allowed between ("since the
    1980s", "depuis l'été"); None for a language without them."""
    from dateline.temporal.fallback import has_resources

    if not has_resources(lang):
        return None
    try:
        from dateline.temporal.resources import load

        words = load(lang.replace("_", "-").split("-")[0].lower()).markers.get("since", [])
    except (ValueError, OSError):
        return None
    if not words:
        return None
    alts = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alts})\s+(?:\w{{1,3}}\s+|\w['’])?$", re.I)


def sentence_period(value: str | None, granularity: str | None, source: str | None, start: int, text: str,
                    timexes: list[TimexRow], starts: list[int], since: re.Pattern[str] | None) -> str | None:
    """``as_period``, except for a period that only starts a state ("who has led the company since 2016",
    "in power since 1981"): the sentence is not about an event of that year. ``start``/``text``: the
    sentence's offset and text; ``timexes``/``starts`` as for ``opens_with_date``."""
    period = as_period(value, granularity, source)
    if period is None or since is None or source != "timex":
        return period
    k = bisect_left(starts, start)
    end = start + len(text)
    state = False
    while k < len(timexes) and timexes[k][0] < end:
        t_start, _type, t_value, _text = timexes[k]
        if t_value == period:
            if not since.search(text, max(0, t_start - start - 20), t_start - start):
                return period
            state = True
        k += 1
    return None if state else period


TimexRow = tuple[int, str, str, str]  # start, type, value, text


def opens_with_date(start: int, end: int, day: date | None, date_source: str | None,
                    timexes: list[TimexRow], starts: list[int]) -> bool:
    """Whether a sentence is written chronology-style: it opens with an explicit day-level date (digits:
    "Le 2 mars, ...", "- 4 mars : ...", "March 7 - ...") and that date is the sentence's own event date.

    Such sentences state the event of their date in the editor's words; timeline methods may prefer them.
    A sentence with a clock time is left out: page furniture ("Publié le 6 mars 2011 à 20h30") looks the
    same. ``timexes`` are the article's, sorted by start, and ``starts`` their start offsets.
    """
    if day is None or date_source != "timex":
        return False
    key = day.isoformat()
    k = _first_reaching(start, timexes, starts)
    opens = False
    while k < len(timexes) and timexes[k][0] < end:
        t_start, t_type, value, text = timexes[k]
        if t_type == "TIME":
            return False
        if t_start < start + LEAD_CHARS and t_type == "DATE" and value[:10] == key and \
                any(ch.isdigit() for ch in text):
            opens = True
        k += 1
    return opens


def _first_reaching(start: int, timexes: list[TimexRow], starts: list[int]) -> int:
    """Index of the first time expression that reaches into a sentence starting at ``start``: one begun in
    the sentence before counts when it runs on into this one, as the dater counts it (a chronology's year or
    day on the line above its event, "2012\n30 May UK supreme court upholds ...")."""
    k = bisect_left(starts, start)
    if k and timexes[k - 1][0] + len(timexes[k - 1][3]) > start:
        return k - 1
    return k


def names_day(start: int, end: int, day: date | None, date_source: str | None, timexes: list[TimexRow],
              starts: list[int]) -> bool:
    """Whether a sentence dated by a time expression writes its event day out with digits ("on March 7",
    "le 7 mars 2011"): a DATE of that day with a digit in its text lies inside the sentence. A day only
    implied ("on Tuesday", "hier", "yesterday") is resolved against the publication date, right or
    wrong; a day written out was checked by its writer, and chronologies and backgrounders name the
    days that matter. ``timexes``/``starts`` as for ``opens_with_date``."""
    if day is None or date_source != "timex":
        return False
    return any(t_type == "DATE" and any(ch.isdigit() for ch in text)
               for t_type, text in _of_day(start, end, day, timexes, starts))


def day_words(start: int, end: int, day: date | None, date_source: str | None, timexes: list[TimexRow],
              starts: list[int]) -> str | None:
    """The time expression a sentence dated by one gives its day in, when it does not write the day out
    (``names_day`` False): "Thursday", "yesterday", "hier". None otherwise. Readers see it beside the line:
    the day was worked out from the article's publication date, and "Thursday" in an article published
    after midnight, or one that points forward, can land on the wrong day."""
    if day is None or date_source != "timex" or names_day(start, end, day, date_source, timexes, starts):
        return None
    return next((text for _type, text in _of_day(start, end, day, timexes, starts)), None)


_STAMP_BEFORE = re.compile(r"[\s\-\u2013\u2014\u2022*\\]*")  # a list's bullet or dash before a stamp
_STAMP_AFTER = re.compile(r"\s*[:\-\u2013\u2014]\s+")  # the stamp's colon or dash, then the line
_STAMP_REST = re.compile(r"(?:[^\W\d_]+\W+){3}")  # at least three words after it


def lead_stamp(start: int, end: int, text: str, day: date | None, date_source: str | None,
               timexes: list[TimexRow], starts: list[int]) -> int:
    """How many characters of a sentence are a stamp of its own day that opens it and that a colon or dash
    sets off from the rest: a chronology's date ("June 15 , 2010 : President Obama speaks ...", "- 3 mars :
    Frappe aérienne de l'armée à Brega") or a live report's clock time ("21h01 : La France a annoncé ...").
    Shown under that day, the line needs no stamp; "On March 7, police said" keeps its words (no colon or
    dash). 0 when there is none. ``timexes``/``starts`` as for ``opens_with_date``."""
    if day is None or date_source != "timex":
        return 0
    k = _first_reaching(start, timexes, starts)
    if k >= len(timexes) or timexes[k][0] >= end:
        return 0
    t_start, t_type, value, t_text = timexes[k]
    if t_type not in ("DATE", "TIME") or not value.startswith(day.isoformat()) or t_start < start:
        return 0
    if not _STAMP_BEFORE.fullmatch(text, 0, t_start - start):
        return 0
    cut = t_start - start + len(t_text)
    m = _STAMP_AFTER.match(text, cut)
    if m is None or not _STAMP_REST.match(text, m.end()):
        return 0
    return m.end()


def _of_day(start: int, end: int, day: date, timexes: list[TimexRow],
            starts: list[int]) -> Iterator[tuple[str, str]]:
    """(type, text) of the time expressions inside the sentence ``start``..``end`` whose value is ``day``."""
    key = day.isoformat()
    k = _first_reaching(start, timexes, starts)
    while k < len(timexes) and timexes[k][0] < end:
        _start, t_type, value, text = timexes[k]
        if value[:10] == key:
            yield t_type, text
        k += 1


def timex_share(start: int, end: int, timexes: list[TimexRow], starts: list[int],
                text: str | None = None) -> float:
    """The share of a sentence's characters that lie inside time expressions: near 1 for page furniture
    ("Publié le 20 août 2013 à 16h52 - Mis à jour le 20 août 2013 à 17h28", "February 3, 2011 at 6:17 pm |
    Report abuse"), about 0.1 for a news sentence. ``timexes``/``starts`` as for ``opens_with_date``.
    ``text``, the sentence's text: its runs of whitespace count as one character, as a reader sees them
    (a byline padded by the page's layout, "Bachir El Khoury                              — 9 septembre
    2013 à 10h24", is 29% time expression by raw characters and 49% as read)."""
    if end <= start:
        return 0.0
    length = end - start
    if text is not None and ("  " in text or "\n" in text or "\t" in text):
        length = min(length, len(" ".join(text.split()))) or length
    k = _first_reaching(start, timexes, starts)
    inside = 0
    while k < len(timexes) and timexes[k][0] < end:
        t_start = timexes[k][0]
        t_end = t_start + len(timexes[k][3])
        inside += max(0, min(end, t_end) - max(start, t_start))
        k += 1
    return min(1.0, inside / length)


def build_collection(articles: list[Article], lang: str | None = None, name: str = "") -> Collection:
    """Split, date-tag (``dateline.temporal``) and date (``annotate.dating``) the sentences of ``articles``
    (fast: no spaCy parse).

    Articles that fail (empty text, tagger error) are skipped, never fatal for the batch. A language the
    temporal tagger has no resources for is dated by ``dateline.temporal.fallback`` (dates written with the
    language's month names, from dateparser's locale data; the other sentences count for their publication
    day), with a warning once per language.
    """
    from dateline.annotate.dating import date_sentences
    from dateline.temporal import fallback

    if not articles:
        raise TimelineError(f"{name or 'collection'}: no articles")
    lang = lang or _detect(articles)
    tagger = fallback.tagger_for(lang)
    ordinal_dots = not fallback.has_resources(lang)
    since = since_words(lang)
    arts: list[Article] = []
    sents: list[CSentence] = []
    for a in sorted(articles, key=lambda a: (a.published, a.id)):
        if not a.text or not a.text.strip():
            continue
        try:
            spans = split_sentences(a.text, ordinal_dots)
            timexes: list[Timex] = tagger(a.text, a.published, lang)
            dated = date_sentences(a.text, spans, timexes, a.published, lang)
        except Exception:  # noqa: BLE001 (one bad article never kills the collection)
            continue
        k = len(arts)
        arts.append(a)
        rows = sorted((t.start, t.type, t.value or "", t.text) for t in timexes)
        starts = [r[0] for r in rows]
        # reach[j]: the furthest end among the first j+1 timexes. A sentence dated by its publication (most
        # of them) has no day or period of its own, and a timex_share of 0 unless a timex reaches into it:
        # its helper calls (0.1 s of CPU on a 300-article topic) are skipped.
        reach = list(itertools.accumulate((r[0] + len(r[3]) for r in rows), max))
        for i, s in enumerate(dated):
            if s.date_source == "publication":
                touched = (j := bisect_left(starts, s.end)) > 0 and reach[j - 1] > s.start
                sents.append(CSentence(s.text, k, i, s.start, s.end, None, s.date_source, False,
                                       timex_share(s.start, s.end, rows, starts, s.text) if touched else 0.0,
                                       None))
                continue
            day = _as_day(s)
            # opens_with_date() is False without a timex-dated day: not called for the other sentences
            led = day is not None and s.date_source == "timex" and \
                opens_with_date(s.start, s.end, day, s.date_source, rows, starts)
            sents.append(CSentence(s.text, k, i, s.start, s.end, day, s.date_source, led,
                                   timex_share(s.start, s.end, rows, starts, s.text),
                                   None if day else sentence_period(s.event_date, s.granularity,
                                                                    s.date_source, s.start, s.text, rows,
                                                                    starts, since),
                                   names_day(s.start, s.end, day, s.date_source, rows, starts),
                                   day_words(s.start, s.end, day, s.date_source, rows, starts),
                                   lead_stamp(s.start, s.end, s.text, day, s.date_source, rows, starts)))
    if not arts:
        raise TimelineError(f"{name or 'collection'}: no article has any text")
    return Collection(arts, sents, lang, name)


# -- building from the store -----------------------------------------------------------------------------

_FTS_OPS = re.compile(r'["*()]|\b(AND|OR|NOT|NEAR)\b')


def fts_query(query: str) -> str:
    """A user's words as an FTS5 query: every word required (quoted, so '-' or ':' are not syntax), unless
    the user already wrote FTS5 syntax."""
    if _FTS_OPS.search(query):
        return query
    words = re.findall(r"\w+", query)
    return " ".join(f'"{w}"' for w in words)


def collection_from_store(
    store: Store,
    query: str | None = None,
    entity: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    limit: int = 5000,
) -> Collection:
    """Retrieve the articles about ``query``/``entity`` (BM25 over article and sentence FTS, entity table)
    with their stored sentences and event dates. An entity no annotation names is searched as words of
    the text."""
    from dateline.store import QuerySyntaxError

    where, args = ["1"], []  # type: ignore[var-annotated]
    if date_from or date_to:
        # The articles published in the window, and those published after it that date a sentence inside
        # it: a timeline of March 1-5 takes the March 7 report of samples "collected on Monday, March 3",
        # and one of 2019 the 2025 stories that look back on it (only the days inside the window are
        # candidates: ``build_timeline`` passes it on to the method).
        lo, hi = (date_from or date.min).isoformat(), (date_to or date.max).isoformat()
        where.append("(a.published BETWEEN ? AND ? OR (a.published > ? AND a.id IN (SELECT article_id FROM "
                     "sentences WHERE day BETWEEN ? AND ? AND date_source != 'publication')))")
        args += [lo, hi, hi, lo, hi]
    names: list[str] = []
    if entity:
        # The annotator stores people without their titles ("Prince William" is "William", "Mayor Ana Silva"
        # "Ana Silva"): look the entity up as written and as stored, and take the articles that write it
        # out too (a Guardian collection about Prince William: 15 of 617 articles matched the name as
        # written, 542 the stored "William").
        from dateline.annotate.entities import normalize

        names = list(dict.fromkeys([entity.strip(), normalize(entity, "PERSON")]))
        marks = ",".join("?" * len(names))
        # the phrase only for a name of two words or more: one word ("William") is no one in particular
        words = re.findall(r"\w+", entity)
        words = words if len(words) > 1 else []
        written = " OR a.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)" * bool(words)
        where.append(
            f"(a.id IN (SELECT article_id FROM entities WHERE name COLLATE NOCASE IN ({marks})) OR "
            f"a.id IN (SELECT article_id FROM mentions WHERE name COLLATE NOCASE IN ({marks}) "
            f"OR text COLLATE NOCASE IN ({marks})){written})"
        )
        args += [*names, *names, *names] + (['"' + " ".join(words) + '"'] if words else [])  # the phrase
    cond = " AND ".join(where)
    try:
        if query and query.strip():
            q = fts_query(query)
            rows = store.query(
                "SELECT a.*, bm25(articles_fts) AS rank FROM articles_fts JOIN articles a "
                f"ON a.rowid = articles_fts.rowid WHERE articles_fts MATCH ? AND {cond} "  # noqa: S608
                "ORDER BY rank LIMIT ?", [q, *args, limit])
            # articles whose sentences match (stored sentence text can differ from the article's, e.g. titles)
            hits = store.query(
                "SELECT s.article_id, bm25(sentences_fts) AS rank FROM sentences_fts "
                "JOIN sentences s ON s.rowid = sentences_fts.rowid JOIN articles a ON a.id = s.article_id "
                f"WHERE sentences_fts MATCH ? AND {cond} ORDER BY rank LIMIT ?", [q, *args, limit])  # noqa: S608
            have = {r["id"] for r in rows}
            extra = list(dict.fromkeys(h["article_id"] for h in hits if h["article_id"] not in have))
            for chunk in range(0, len(extra), 500):
                part = extra[chunk:chunk + 500]
                marks = ",".join("?" * len(part))
                rows += store.query(f"SELECT a.* FROM articles a WHERE a.id IN ({marks})", part)  # noqa: S608
        else:
            rows = store.query(f"SELECT a.* FROM articles a WHERE {cond} ORDER BY a.published LIMIT ?",  # noqa: S608
                               [*args, limit])
    except QuerySyntaxError as e:
        raise QueryError(f"query {query!r}: {e}") from None
    seen: dict[str, dict[str, Any]] = {}
    for r in rows:
        seen.setdefault(r["id"], r)
    parts = (f"query {query!r}" if query else "", f"entity {entity!r}" if entity else "")
    what = " and ".join(x for x in parts if x) or "the store"
    if not seen and entity:
        # No entity annotation names it (a language without a spaCy NER model, a name the model missed):
        # the articles whose text contains the name's words instead.
        try:
            return collection_from_store(store, query=" ".join(x for x in (query, entity) if x),
                                         date_from=date_from, date_to=date_to, limit=limit)
        except TimelineError:
            pass
    if not seen:
        in_range = " in that date range" if date_from or date_to else ""
        raise TimelineError(f"{what}: no articles match{in_range}")
    arts = sorted(
        (Article(published=date.fromisoformat(r["published"]), text=r["text"], id=r["id"], title=r["title"],
                 url=r["url"], source=r["source"], language=r["language"], origin=r["origin"], hash=r["hash"])
         for r in seen.values()),
        key=lambda a: (a.published, a.id),
    )
    index = {a.id: k for k, a in enumerate(arts)}
    sents: list[CSentence] = []
    ids = list(index)
    langs: dict[str, int] = {}
    for chunk in range(0, len(ids), 500):
        part = ids[chunk:chunk + 500]
        marks = ",".join("?" * len(part))
        tx: dict[str, tuple[list[TimexRow], list[int]]] = {}
        article_lang = {}
        for r in store.query(
            f"SELECT article_id, language FROM annotations WHERE article_id IN ({marks})", part,  # noqa: S608
        ):
            article_lang[r["article_id"]] = r["language"] or "und"
            langs[article_lang[r["article_id"]]] = langs.get(article_lang[r["article_id"]], 0) + 1
        for r in store.query(
            f"SELECT article_id, start, type, value, text FROM timexes "  # noqa: S608
            f"WHERE article_id IN ({marks}) ORDER BY article_id, start", part
        ):
            rows_, starts_ = tx.setdefault(r["article_id"], ([], []))
            rows_.append((r["start"], r["type"], r["value"] or "", r["text"]))
            starts_.append(r["start"])
        for r in store.query(
            f"SELECT article_id, idx, start, end, text, day, date_source, event_date, granularity "  # noqa: S608
            f"FROM sentences "
            f"WHERE article_id IN ({marks}) ORDER BY article_id, idx", part
        ):
            d = None
            if r["day"] and _DAY.match(r["day"]) and r["date_source"] != "publication":
                d = date.fromisoformat(r["day"])
            rows_, starts_ = tx.get(r["article_id"], ([], []))
            led = opens_with_date(r["start"], r["end"], d, r["date_source"], rows_, starts_)
            sents.append(CSentence(r["text"], index[r["article_id"]], r["idx"], r["start"], r["end"], d,
                                   r["date_source"], led,
                                   timex_share(r["start"], r["end"], rows_, starts_, r["text"]),
                                   None if d else sentence_period(
                                       r["event_date"], r["granularity"], r["date_source"], r["start"],
                                       r["text"], rows_, starts_,
                                       since_words(article_lang.get(r["article_id"], "und"))),
                                   names_day(r["start"], r["end"], d, r["date_source"], rows_, starts_),
                                   day_words(r["start"], r["end"], d, r["date_source"], rows_, starts_),
                                   lead_stamp(r["start"], r["end"], r["text"], d, r["date_source"], rows_,
                                              starts_)))
    if not sents:
        raise TimelineError(
            f"{what}: {len(arts)} articles match but none is annotated (run `dateline annotate`)")
    sents.sort(key=lambda s: (s.article, s.idx))
    lang = max(langs, key=lambda k: langs[k]) if langs else "und"
    # an entity's lines name it by any word of its stored name ("William", "Obama" for "Barack Obama"), as
    # `dateline eval tls` filters the lines of entity timelines by the words of the entity
    keywords = [w.lower() for w in re.findall(r"\w+", query or "")]
    if entity:
        keywords += [w.lower() for w in re.findall(r"\w+", names[-1])]
    return Collection(arts, sents, lang, query or entity or "", keywords)


def collection_from_parquet(
    out_dir: str | Path,
    query: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> Collection:
    """The same collection as ``collection_from_store``, from a ``dateline annotate --out parquet`` folder
    (articles containing every query word; Parquet has no ranked full-text index): the same dates, and
    from the time expressions the same chronology openings, timex shares and since-checked periods."""
    from dateline.store.parquet import read_collection_parquet

    rows = read_collection_parquet(out_dir, query=query, date_from=date_from, date_to=date_to)
    what = f"{out_dir}: query {query!r}" if query else str(out_dir)
    if not rows.articles:
        raise TimelineError(f"{what}: no articles match")
    arts = sorted(rows.articles, key=lambda a: (a.published, a.id))
    sents: list[CSentence] = []
    langs: dict[str, int] = {}
    for k, a in enumerate(arts):
        lang = rows.languages.get(a.id) or a.language or "und"  # as the store: the annotation's language
        langs[lang] = langs.get(lang, 0) + 1
        rows_ = rows.timexes.get(a.id, [])
        starts_ = [r[0] for r in rows_]
        since = since_words(lang)
        for i, s in enumerate(rows.sentences.get(a.id, [])):
            day = _as_day(s)
            sents.append(CSentence(
                s.text, k, i, s.start, s.end, day, s.date_source,
                opens_with_date(s.start, s.end, day, s.date_source, rows_, starts_),
                timex_share(s.start, s.end, rows_, starts_, s.text),
                None if day else sentence_period(s.event_date, s.granularity, s.date_source, s.start, s.text,
                                                 rows_, starts_, since),
                names_day(s.start, s.end, day, s.date_source, rows_, starts_),
                day_words(s.start, s.end, day, s.date_source, rows_, starts_),
                lead_stamp(s.start, s.end, s.text, day, s.date_source, rows_, starts_)))
    if not sents:
        raise TimelineError(f"{what}: {len(arts)} articles match but none has annotated sentences")
    keywords = [w.lower() for w in re.findall(r"\w+", query or "")]
    return Collection(arts, sents, max(langs, key=lambda x: langs[x]), query or "", keywords)


def article_ids(collection: Collection, indices: Iterable[int]) -> list[str]:
    return [collection.articles[collection.sentences[i].article].id for i in indices]
