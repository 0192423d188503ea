"""Event dating: for each sentence, when what it describes happened, and how that was decided.

Pure functions over text, sentence spans and already-normalized time expressions (no spaCy), so the
timeline stage can date sentences of thousands of articles without parsing them. Hand-written because no
library assigns event dates to sentences from TIMEX3 values; the rules follow news-writing conventions:

1. ``timex``: the sentence has a usable date expression (a DATE/TIME value at day, week, month, year or
   decade granularity, not PRESENT_REF/durations/sets, not "before X", not attributive as in "the
   embassy's March 7 notice"). The first one outside quotation marks wins, refined by a finer one inside
   the same period ("In March 2024, ... on March 7" -> 03-07); a written-out calendar date beats an
   equally precise relative one ("on Sunday, March 2").
   Dates inside quotes count only when nothing outside does, and never when they lie in the future
   (plans announced in a quote are not the event of the sentence). Dates inside a relative clause set
   off by commas count only when the main clause has none: "Jeff Skilling, who was sentenced in 2006,
   was resentenced on Friday" is Friday's news (the language's ``relative`` pronouns).
2. ``narrative``: no expression, but an earlier sentence of the same paragraph was dated by one to a
   period entirely before the publication date (background story: "In October 2002, militants
   took ... hostage. Russian forces stormed the building."); the story's reference time carries over,
   unless the sentence is in the present or future tense.
3. ``publication``: present/past news with no cue is dated to the publication day (news reports what just
   happened: the "yesterday" convention). A sentence anchored only to another event ("Hours before the
   attack, ...") is dated to the publication *month*: it happened around the story's event, whose day the
   sentence does not give. Future-tense sentences and fragments without a verb-like word get no date.

Tense cues come from the language's tagger resources (``tense_cues``: ``present``, ``future``,
``future_suffix``, ``reported_past`` markers; ``relative`` for rule 1); a language whose resources have no
``present`` list (English) keeps the built-in English lists.
"""

from __future__ import annotations

import bisect
import functools
import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date

from dateline.annotate.quotemarks import QuoteIndex, find_quote_spans, paragraph_spans
from dateline.types import Sentence, Timex

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:T.*)?$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})(?:-WE)?$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_COARSE = re.compile(r"^(\d{4})-(?:Q[1-4]|H[12]|SP|SU|FA|WI)$")
_YEAR = re.compile(r"^(\d{4})$")
_DECADE = re.compile(r"^(\d{3})X?$")

_VAGUE_REFS = {"PAST_REF", "FUTURE_REF"}
_SKIP_MODS = {"BEFORE", "AFTER", "ON_OR_BEFORE", "ON_OR_AFTER"}

_FUTURE = re.compile(
    r"\b(will|shall|won't|going to|is expected to|are expected to|plans? to)\b|\w'll\b", re.I
)
# (?=[acinrstw]): the words' first letters; re then rejects most positions at once instead of trying every
# word there (half the search time; exact, as every alternative starts with one of them)
_PRESENT = re.compile(
    r"\b(?=[acinrstw])(is|are|am|isn't|aren't|remains?|says|seems?|now|currently|today|will|won't|would|could"
    r"|can)\b", re.I
)

_REPORTED = re.compile(r"\b(said|told|added|announced|posted|wrote|stated|declared|reported|claimed)\b", re.I)


@dataclass(frozen=True)
class TenseCues:
    """The words rules 2 and 3 read a sentence's tense from, for one language."""

    present: re.Pattern[str]  # rule 2: the narrator is back in the present (ends a background date)
    future: re.Pattern[str] | None  # rule 3: the sentence is about the future (no publication date)
    reported: re.Pattern[str]  # rule 3: ... unless it reports a statement ("said it will")
    builtin: bool  # the English lists below, for a language whose resources have no dater cues
    # rule 1: a relative clause between commas (", who took office in 1981,"), whose dates are not the
    # sentence's event date while the main clause has one
    aside: re.Pattern[str] | None = None


@functools.cache
def tense_cues(lang: str) -> TenseCues:
    """The tense cues of ``lang``'s tagger resources when they have dater cues (a ``present`` list:
    present tense, conditional and "now" words), else the built-in English lists (``_PRESENT``,
    ``_FUTURE``, ``_REPORTED``). With resource cues, the future check of rule 3 uses the language's own
    ``future`` words and synthetic-future endings (``future_suffix`` minus ``not_future``), the same
    words the tagger resolves bare weekdays forward with, and the reporting exception its
    ``reported_past`` verbs: before, an es/fr sentence about the future still got the publication date.
    A language without tagger resources gets no cues (``_NO_CUES``).
    Without the language's own ``present`` cues a background story's date carried over whole es/fr
    articles (2-3x as many carried-over sentences as sentences with a date of their own, against 0.8x in
    English)."""
    from dateline.temporal.fallback import has_resources

    if not has_resources(lang):
        return _NO_CUES
    try:
        from dateline.temporal.resources import load

        markers = load(lang.replace("_", "-").split("-")[0].lower()).markers
    except (ValueError, OSError):
        markers = {}
    words = markers.get("present", [])
    aside = _aside(markers.get("relative", []))
    if not words:
        return TenseCues(_PRESENT, _FUTURE, _REPORTED, builtin=True, aside=aside)
    from dateline.temporal.engine import future_regex

    return TenseCues(_alternation(words), future_regex(markers),
                     _alternation(markers.get("reported_past", [])) if markers.get("reported_past")
                     else _REPORTED, builtin=False, aside=aside)


# A language without tagger resources (dated by ``dateline.temporal.fallback``): no tense cues. The English
# lists would misfire there (German "will" = wants, "am" = on the), so rule 3 withholds nothing for the
# future, and rule 2 carries a background date over no sentence: every sentence "is" in the present.
_NO_CUES = TenseCues(re.compile(""), None, _REPORTED, builtin=False)


def _aside(pronouns: list[str]) -> re.Pattern[str] | None:
    """", who ... ," for the language's relative pronouns: from the comma before the pronoun to the next
    comma, with no quotation mark, parenthesis or clause break between (a clause that runs to the end of
    the sentence is not set off, and may be its main news)."""
    if not pronouns:
        return None
    alts = "|".join(re.escape(w) for w in sorted(pronouns, key=len, reverse=True))
    return re.compile(rf",\s+(?:{alts})(?!\w)[^,;:()\"“”«»]*,", re.I)


def _alternation(words: list[str]) -> re.Pattern[str]:
    alts = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alts})(?!\w)", re.I)


_EVENT_RELATIVE = re.compile(
    r"\b(?:hours?|minutes?|days?|weeks?|moments?|shortly|soon|just|right|immediately)\s+"
    r"(?:before|after|ahead\s+of|following|prior\s+to)\s+(?:the|a|an|this|that|his|her|their|its)\b",
    re.I,
)
_WORD = re.compile(r"[^\W\d_]{2,}")
# Words one of which every match of _FUTURE / _EVENT_RELATIVE contains: a substring test on the lowercased
# sentence rules most sentences out faster than the case-insensitive search (one date_sentences call per
# article, 100+ sentences each). Exact unless the sentence holds one of the four non-ASCII characters that
# ``re.I`` matches to an ASCII letter (then the regex alone decides).
_FUTURE_WORDS = ("will", "shall", "won't", "going to", "expected to", "plan", "'ll")
_EVENT_RELATIVE_WORDS = ("before", "after", "ahead", "following", "prior")
_FOLDS_TO_ASCII = re.compile("[\u0130\u0131\u017f\u212a]")  # İ ı ſ K (Kelvin sign)


@dataclass(frozen=True)
class Period:
    """A TIMEX3 value read as a calendar interval, with the granularity the value states."""

    value: str
    granularity: str  # day | week | month | year | decade
    first: date
    last: date

    def contains(self, d: date) -> bool:
        return self.first <= d <= self.last

    def within(self, other: Period) -> bool:
        return other.first <= self.first and self.last <= other.last


_GRAN_RANK = {"day": 0, "week": 1, "month": 2, "year": 3, "decade": 4}


def parse_value(value: str) -> Period | None:
    """A TIMEX3 DATE/TIME value as a Period; None for references, durations, unresolved values (XXXX)."""
    try:
        if m := _DAY.match(value):
            d = date(int(m[1]), int(m[2]), int(m[3]))
            return Period(d.isoformat(), "day", d, d)
        if m := _WEEK.match(value):
            first = date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return Period(f"{m[1]}-W{m[2]}", "week", first, date.fromisocalendar(int(m[1]), int(m[2]), 7))
        if m := _MONTH.match(value):
            y, mo = int(m[1]), int(m[2])
            return Period(value, "month", date(y, mo, 1), date(y, mo, monthrange(y, mo)[1]))
        if m := (_COARSE.match(value) or _YEAR.match(value)):
            y = int(m[1])
            return Period(m[1], "year", date(y, 1, 1), date(y, 12, 31))
        if m := _DECADE.match(value):
            y = int(m[1]) * 10
            if y < 1:
                return None
            return Period(f"{m[1]}X", "decade", date(y, 1, 1), date(y + 9, 12, 31))
    except ValueError:  # 2024-02-30, week 54...
        return None
    return None


def _usable(t: Timex) -> Period | None:
    if t.type not in ("DATE", "TIME") or (t.mod or "").upper() in _SKIP_MODS:
        return None
    return parse_value(t.value)


_ATTRIBUTIVE_AFTER = re.compile(
    r"^(?:['’]s\b|\s+(?!(?:and|or|but|to|of|in|on|at|for|by|with|from|as|when|after|"
    r"before|that|which|who|the|a|an|was|were|is|are|had|has|have|will)\b)[a-z]{3,})"
)
_ATTRIBUTIVE_BEFORE = re.compile(r"(?:\b(?:the|a|an|its|his|her|their|our)|['’]s)\s+$", re.I)


def attributive(text: str, t: Timex) -> bool:
    """A date that modifies a noun ("the embassy's March 7 notice", "this week's vote") names when
    that thing is from, not when the sentence's event happened."""
    after = text[t.end : t.end + 30]
    if after[:2] in ("'s", "’s"):
        return True
    before = text[max(0, t.start - 8) : t.start]
    return bool(_ATTRIBUTIVE_AFTER.match(after)) and bool(_ATTRIBUTIVE_BEFORE.search(before))


# A day of a day-first pair or list ("2" in "les 2 et 3 mars", "the 2nd and 3rd of March", "15, 16 and 17
# March"), and what may stand between it and the date it takes its month from: separators, the list's other
# days and short words ("and", "et", "y", "the", "le")
_BARE_DAY = re.compile(r"\d{1,2}(?:st|nd|rd|th|er|º|°|o)?", re.I)
_LIST_GAP = re.compile(r"(?:[\s,]+|\d{1,2}(?:st|nd|rd|th|er|º|°|o)?(?!\w)|[^\W\d_]{1,3}(?!\w)|l['’])*", re.I)
LIST_GAP_CHARS = 40


def pick_timex(
    timexes: list[Timex], quotes: QuoteIndex, dct: date, text: str = "",
    asides: list[tuple[int, int]] | None = None,
) -> tuple[Timex, Period] | None:
    """The time expression that dates the sentence (rule 1 of the module docstring), or None. ``asides``:
    the (start, end) of the sentence's relative clauses between commas."""
    outside: list[tuple[Timex, Period]] = []
    aside: list[tuple[Timex, Period]] = []
    quoted: list[tuple[Timex, Period]] = []
    for t in sorted(timexes, key=lambda t: t.start):
        p = _usable(t)
        if p is None or (text and attributive(text, t)):
            continue
        if quotes.inside(t.start, t.end):
            if p.first <= dct:
                quoted.append((t, p))
        elif asides and any(a <= t.start and t.end <= b for a, b in asides):
            aside.append((t, p))
        else:
            outside.append((t, p))
    pool = outside or aside or quoted
    if not pool:
        return None
    best = pool[0]
    for cand in pool[1:]:
        if _GRAN_RANK[cand[1].granularity] < _GRAN_RANK[best[1].granularity] and cand[1].within(best[1]):
            best = cand
    if _BARE_DAY.fullmatch(best[0].text):
        # a pair's or list's bare day yields to the date it takes its month from: "Les 2 et 3 mars, ..." stays
        # dated by the date written out in full, as before the first day was tagged (official LOTO: dating
        # such sentences to the first day cost ml-crisis-es a reference date, session 11 in BENCHMARKS)
        for cand in pool:
            gap = text[best[0].end:cand[0].start]
            if (0 <= len(gap) <= LIST_GAP_CHARS and cand[0].value[:7] == best[0].value[:7]
                    and not _BARE_DAY.fullmatch(cand[0].text) and _LIST_GAP.fullmatch(gap)):
                best = cand
                break
    if best[0].anchor is not None:
        # a calendar date written out ("March 2") is more reliable than a relative one ("on Sunday")
        for cand in pool:
            if cand[0].anchor is None and _GRAN_RANK[cand[1].granularity] <= _GRAN_RANK[best[1].granularity]:
                return cand
    return best


def _publication(full: str, sentence: str, dct: date, cues: TenseCues | None = None,
                 day: str | None = None) -> tuple[str | None, str | None, str | None]:
    """Rule 3: the publication date, coarsened or withheld when the narrator's words say it does not apply.

    ``sentence`` is the sentence with quotes blanked: a fully quoted sentence is a statement reported now.
    ``cues``: the language's tense cues (default: the built-in English ones). ``day``: ``dct.isoformat()``,
    when the caller has it (``date_sentences`` formats it once per article, not once per sentence).
    """
    if not _has_words(full, 3):
        return None, None, None
    # the four characters are not ASCII: an ASCII sentence (nearly all) skips the search (isascii() is a
    # C-level flag check; _publication 0.16 -> 0.10 s on egypt with the loop in _may_match and ``day``)
    low = None if not sentence.isascii() and _FOLDS_TO_ASCII.search(sentence) else sentence.lower()
    if cues is None or cues.builtin:
        future = _may_match(low, _FUTURE_WORDS) and _FUTURE.search(sentence)
        reported = _REPORTED
    else:
        future = cues.future is not None and cues.future.search(sentence)
        reported = cues.reported
    if future and not reported.search(sentence):
        return None, None, None
    if _may_match(low, _EVENT_RELATIVE_WORDS) and _EVENT_RELATIVE.search(sentence):
        return f"{dct.year:04d}-{dct.month:02d}", "month", "publication"
    return day or dct.isoformat(), "day", "publication"


def _has_words(text: str, n: int) -> bool:
    """Whether ``text`` has at least ``n`` words of two letters or more (``len(_WORD.findall(text)) >= n``
    without listing them all)."""
    pos = 0
    for _ in range(n):
        m = _WORD.search(text, pos)
        if m is None:
            return False
        pos = m.end()
    return True


def _may_match(low: str | None, words: tuple[str, ...]) -> bool:
    """False when the lowercased sentence ``low`` contains none of ``words`` (None: unknown, search)."""
    if low is None:
        return True
    # a plain loop: half the time of any() over a generator (two calls per sentence)
    for w in words:  # noqa: SIM110
        if w in low:
            return True
    return False


def date_sentences(
    text: str, sentence_spans: list[tuple[int, int]], timexes: list[Timex], dct: date, lang: str = "en"
) -> list[Sentence]:
    """Event date of every sentence (see the module docstring for the rules), in sentence order; ``lang``
    picks the tense cues of rule 2."""
    cues = tense_cues(lang)
    present = cues.present
    quotes = QuoteIndex(find_quote_spans(text))
    paragraphs = paragraph_spans(text)
    para_starts = [ps for ps, _ in paragraphs]
    by_start = sorted(timexes, key=lambda t: t.start)
    out: list[Sentence] = []
    ref: Period | None = None  # narrative reference time of the current paragraph
    para_idx = -1
    ti = 0
    day = dct.isoformat()
    for start, end in sentence_spans:
        # paragraph change resets the narrative reference time
        p = bisect.bisect_right(para_starts, start) - 1
        if p != para_idx:
            para_idx, ref = p, None
        while ti < len(by_start) and by_start[ti].end <= start:
            ti += 1
        # The time expressions that reach into the sentence, also one begun in the sentence before: where
        # the splitter cut an expression in two (a chronology's year or day on a line of its own, "2012\n30
        # May UK supreme court upholds ...", "16\nAugust Ecuador says it has granted Assange political
        # asylum"), the line that tells the event keeps its date.
        inside = []
        j = ti
        while j < len(by_start) and by_start[j].start < end:
            inside.append(by_start[j])  # its end is after ``start``: ``ti`` skipped those ending before
            j += 1
        sent_text = text[start:end]
        s = Sentence(start=start, end=end, text=sent_text)
        picked: tuple[Timex, Period] | None = None
        vague: Timex | None = None
        if inside:  # most sentences have no time expression: skip the look-ups
            asides = None
            if len(inside) > 1 and cues.aside is not None and ", " in sent_text:
                asides = [(start + m.start(), start + m.end()) for m in cues.aside.finditer(sent_text)]
            picked = pick_timex(inside, quotes, dct, text, asides)
            vague = next((t for t in inside if t.value in _VAGUE_REFS and not quotes.inside(t.start, t.end)),
                         None)
        if picked is not None:
            _t, period = picked
            s.event_date, s.granularity, s.date_source = period.value, period.granularity, "timex"
            ref = period if period.last < dct else None  # only a past story's time carries over
        elif vague is not None:
            # "A few days earlier", "recently": near the reference time (or publication), at month precision
            if vague.value == "FUTURE_REF" and ref is None:
                s.event_date, s.granularity, s.date_source = None, None, None
            elif ref is not None and _GRAN_RANK[ref.granularity] >= _GRAN_RANK["month"]:
                s.event_date, s.granularity, s.date_source = ref.value, ref.granularity, "narrative"
            else:
                base = ref.first if ref is not None else dct
                s.event_date, s.granularity = f"{base.year:04d}-{base.month:02d}", "month"
                s.date_source = "narrative" if ref is not None else "publication"
        elif ref is not None and not present.search(_narrator(sent_text, start, quotes)):
            s.event_date, s.granularity, s.date_source = ref.value, ref.granularity, "narrative"
        else:
            s.event_date, s.granularity, s.date_source = _publication(
                sent_text, _unquoted(sent_text, start, quotes), dct, cues, day
            )
        out.append(s)
    return out


def _narrator(sent_text: str, offset: int, quotes: QuoteIndex) -> str:
    """The words whose tense says whether a sentence still tells the story (rule 2): the narrator's, or, in a
    sentence that is all quote, the quote's. With none of its own words, a quoted line ("“I don’t know how
    this is all going to end.”") would carry the story's date whatever it says, and in text without blank
    lines the story never ends: once mojibake was repaired and such quotes became visible, entities-dev
    dated 4,700 more sentences by the narrative and lost 5% of its AR-1 (BENCHMARKS.md, session 24)."""
    unquoted = _unquoted(sent_text, offset, quotes)
    return unquoted if unquoted is sent_text or _has_words(unquoted, 1) else sent_text


def _unquoted(sent_text: str, offset: int, quotes: QuoteIndex) -> str:
    """The sentence with quoted material blanked out: tense cues are read from the narrator's words."""
    overlapping = quotes.overlapping(offset, offset + len(sent_text))
    if not overlapping:
        return sent_text
    chars = list(sent_text)
    for q in overlapping:
        for i in range(max(q.start, offset), min(q.end, offset + len(sent_text))):
            chars[i - offset] = " "
    return "".join(chars)
