"""Normalization functions: turn the fields of a rule match into a TIMEX3 type, value and mod.

One function per kind of expression, named by the rules' ``norm`` key and shared by every language
(the fields are already language independent: month numbers, unit codes, signed offsets). Each returns
``(type or None, value, mod, anchor, point)`` or None to drop the match (impossible dates, out of range).
``point`` is what the expression refers to, so that it can become the story's reference time.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from dateline.temporal.points import Point, add_months, safe_date, shift

_SENT_END = re.compile(r"[.?!]\s|\n")
# A verb right before a date, with at most "on", "late" or "early" between them ("said late Friday").
_VERB_BEFORE = re.compile(r"(?<![\w'’-])(\w+)\s+(?:(?:on|late|early)\s+)?$")
# A verb (and the word before it) right before a date, with at most an -ly adverb and "on" between them.
_PRESENT_BEFORE = re.compile(r"(?:(?<![\w'’-])([\w'’]+)\s+)?(?<![\w'’-])(\w+)\s+(?:\w+ly\s+)?(?:on\s+)?$")
# The word right before an expression, across an abbreviation's dot ("No. 1636").
_WORD_BEFORE = re.compile(r"(?<![\w-])(\w+)\.?\s+$")
# Quoted speech: its tense is the speaker's, not the narrator's ("we will ...," he said Friday).
_QUOTED = re.compile(r"[\"“][^\"“”]*[\"”]|``.*?''|^[^\"“”`]*[\"”]|^[^`']*''")


# A forward-looking modal or "to" and "be" before a participle (English): "should be joined", "is to be held";
# not "could be located Wednesday" (the past of "can")
_BARE_BE = re.compile(r"(?:(?<![\w'’-])(?:will|shall|should|must|may|might|would|to)|['’]ll)\s+be\s+$",
                      re.I)
# a sentence that so far is a short subject and the opening of an aside set off by a comma: "The service ,
# at", "Le sommet, le"; what follows the aside's closing comma is the subject's verb
_SUBJECT_ASIDE = re.compile(r"^\s*(?:[^\W\d_][\w'’-]*\s+){0,3}[^\W\d_][\w'’-]*\s*,\s*(?:[^\W\d_]+\s+){0,2}$")
_GAP = " \u00b7 "  # where the expression stood in a window of words around it: no word, no quote


def _unquoted(window: str) -> str:
    """The window without quoted material, including a quote that began before the window."""
    return _QUOTED.sub(" ", window)
_LAST_WORD = re.compile(r"(\w+)$")


PAST_LEFT, PAST_RIGHT = 60, 60  # characters searched for a past-tense verb before / after a fronted date
FRONTING = {"", "in", "on", "by", "during", "early in", "late in", "and in", "but in"}


@dataclass
class Context:
    text: str
    dct: Point
    narrative: Point | None
    future_re: re.Pattern[str] | None
    future_prefix_re: re.Pattern[str] | None = None
    past_re: re.Pattern[str] | None = None
    past_prefix_re: re.Pattern[str] | None = None
    past_apposed_re: re.Pattern[str] | None = None  # engine.past_apposed_re
    past_perfect_re: re.Pattern[str] | None = None
    abbreviations: frozenset[str] = frozenset()
    weak_future_prefix_re: re.Pattern[str] | None = None
    future_before_re: re.Pattern[str] | None = None
    reported: frozenset[str] = frozenset()  # irregular past reporting verbs ("said"): markers.reported_past
    not_verbs: frozenset[str] = frozenset()  # past-looking words that do not date a date: markers.not_verbs
    scheduled: frozenset[str] = frozenset()  # present verbs of scheduled events: markers.scheduled_present
    determiners: frozenset[str] = frozenset()  # "the vote": a noun, not a verb: markers.determiners
    verb_before_re: re.Pattern[str] | None = None  # _VERB_BEFORE with markers.verb_date_link between
    deferral_re: re.Pattern[str] | None = None  # "postponed", "put off": markers.deferral
    stamp_lead_re: re.Pattern[str] | None = None  # "(Update", "Mise à jour :": markers.stamp_lead
    past_plan_re: re.Pattern[str] | None = None  # "was due to", "was scheduled": markers.past_plan
    absolute: Point | None = None  # the last day the text named with its year ("11 June 2019")
    absolute_end: int = -1
    absolute_opens_line: bool = False  # that day opens its line, as a chronology's entries do
    narrative_heads_line: bool = False  # the ``narrative`` day's expression heads its line (``heads_line``)
    start: int = 0
    end: int = 0

    def stamp(self, start: int) -> bool:
        """Does the expression at ``start`` stamp a live report's entry: open its line, or follow only a word
        that says so ("-LRB- Update 3:59 p.m. Cairo -RRB- ...", "Mise à jour : 12:00")?"""
        if opens_line(self.text, start):
            return True
        if self.stamp_lead_re is None:
            return False
        line = self.text.rfind("\n", 0, start) + 1
        return self.stamp_lead_re.fullmatch(self.text, line, start) is not None

    def sentence_window(self) -> str:
        """The clause around the current match, to read tense markers from. The expression itself stands
        as a mark, so that words on either side of it do not read as one marker ("abandoned a plan
        Wednesday to set fire" is no "plan to")."""
        left, right = self._window_parts()
        return left + _GAP + right

    def _window_parts(self) -> tuple[str, str]:
        left = self.text[max(0, self.start - 80) : self.start]
        ends = [m.start() for m in _SENT_END.finditer(left) if self._ends_sentence(left, m.start())]
        cut = max(ends or [-1])
        right = self.text[self.end : self.end + 30]
        stops = (right.find(". "), right.find("\n"), right.find(","), right.find(";"))
        rc = min((i for i in stops if i >= 0), default=len(right))
        left = left[cut + 1 :]
        if (right[:rc].strip() == "" and right[rc : rc + 1] == "," and _SUBJECT_ASIDE.search(left)
                and not (self.past_re and self.past_re.search(left))
                and not any(w in self.reported for w in re.findall(r"\w+", left.lower()))):
            # an aside between the subject and its verb ("The service , at 11 am on 29 April , will be
            # conducted"): the verb after the aside
            after = self.text[self.end + rc + 1 : self.end + rc + 31]
            stops = (after.find(". "), after.find("\n"), after.find(","), after.find(";"))
            return left, right[:rc] + after[: min((i for i in stops if i >= 0), default=len(after))]
        return left, right[:rc]

    def tense_window(self) -> str:
        """The words whose tense is the expression's: the sentence window without quoted speech (the
        speaker's tense, not the narrator's: "we will stay," he said Friday), or, for an expression inside
        a quotation, that quotation's part of the window ("Je vais accueillir lundi soir mes homologues",
        a déclaré M. Fabius: the coming Monday)."""
        left, right = self._window_parts()
        line = self.text[self.text.rfind("\n", 0, self.start) + 1 : self.start]
        inside = (line.count('"') % 2 == 1 or line.rfind("“") > line.rfind("”")
                  or line.rfind("``") > line.rfind("''"))
        if not inside:
            return _unquoted(left + _GAP + right)
        opening = max(left.rfind('"'), left.rfind("“"), left.rfind("``"))
        closing = min((i for i in (right.find('"'), right.find("”"), right.find("''")) if i >= 0),
                      default=len(right))
        return left[opening + 1 :] + _GAP + right[:closing]

    def _fronted_main_clause(self) -> str:
        """For an expression fronted in its sentence ("Until Thursday, they had not called him"), the main
        clause after the comma, where its tense is; "" otherwise."""
        left = self.text[max(0, self.start - PAST_LEFT) : self.start]
        cut = max(left.rfind(". "), left.rfind("\n"), left.rfind(","), left.rfind(";"))
        if (cut >= 0 and left[cut] == ",") or len(left[cut + 1 :].split()) > 3:
            return ""  # not at the start of a sentence: the main clause is the one around it
        right = self.text[self.end : self.end + PAST_RIGHT].lstrip(" ")  # "June 4 , they": tokenized text
        if not right.startswith(","):
            return ""
        stop = min((i for i in (right.find(". "), right.find("\n"), right.find(";")) if i >= 0),
                   default=len(right))
        return right[1:stop]

    def _past_in_fronted_main(self) -> bool:
        """For an expression fronted and set off by a comma, a past tense in the main clause after it ("As
        early as February, Halliburton was getting poor results"; "By Friday, the oil reached the shore")."""
        return bool(self.past_re and self.past_re.search(self._fronted_main_clause()))

    def _past_perfect_after_fronted(self) -> bool:
        """For an expression that opens its sentence with no comma after it ("Until Saturday none of the
        thick sludge -- those iconic images of past spills -- had reached shore"), a past perfect in the rest
        of the sentence (the past-tense list would take "the store stays closed" for the past)."""
        if self.past_perfect_re is None or len(self._left_clause().split()) > 2:
            return False
        right = self.text[self.end : self.end + 2 * PAST_RIGHT]
        stop = min((i for i in (right.find(". "), right.find("\n"), right.find(";")) if i >= 0),
                   default=len(right))
        return bool(self.past_perfect_re.search(right[:stop]))

    def _ends_sentence(self, left: str, i: int) -> bool:
        """Is the stop at ``left[i]`` a sentence end, not the dot of an initial ("Daniel P. Davison") or of
        an abbreviation listed in the resources ("Mr.", "Inc.")?"""
        if left[i] != ".":
            return True
        m = _LAST_WORD.search(left, 0, i)
        if m is None:
            return True
        word = m.group(1)
        return not ((len(word) == 1 and word.isupper()) or word.lower() in self.abbreviations)

    def future(self) -> bool:
        """Does the clause speak of the future? A marker word in the clause ("will", "expected to"), or a
        preposition right before the expression that points forward ("until", "by", "effective")."""
        if self.past_prefix():
            return False
        pre = self.future_prefix_re
        if pre and pre.search(self.text, max(0, self.start - 25), self.start):
            # "Until Thursday, they had not called him": a past perfect keeps "until"/"by" in the past; a
            # weak one ("by", "until") is also kept there by a past-tense verb before it in a clause with no
            # future marker ("counted 900 dead fish by Wednesday evening", "the spill ran until July 15"),
            # but not by a word that puts something off or grants time ("postponed until Tuesday":
            # markers.deferral)
            window = self.sentence_window()
            window += " " + self._fronted_main_clause()
            if self.past_perfect_re and self.past_perfect_re.search(window):
                return False
            weak = self.weak_future_prefix_re
            if weak and weak.search(self.text, max(0, self.start - 25), self.start):
                if self.future_re and self.future_re.search(window):
                    return True
                if self.deferral_re and self.deferral_re.search(self._left_clause()):
                    return True  # "postponed until Tuesday"
                return not (self._past_verb_before() or self._past_perfect_after_fronted()
                            or self._past_in_fronted_main())
            return True
        if self.past_perfect_re and self.past_perfect_re.search(self._left_clause()):
            return False  # "readings had improved over the weekend and he expected to ...": the past
        if self._past_verb_right_before():
            return False  # "Mr. Gerstner said Friday", "rallied Friday night": the verb dates the event
        if self._scheduled_present_before() or self._modal_passive_before():
            return True  # "Netanyahu and Arafat meet separately Monday": news present for a scheduled event
        if self.future_re and self.future_re.search(self.tense_window()):
            return True
        # "would look for ways around Wednesday's ruling": a possessive names something already there
        if self.text[self.end : self.end + 2] in ("'s", "’s"):
            return False
        return bool(self.future_before_re and self.future_before_re.search(self._left_clause()))

    def _past_verb_right_before(self) -> bool:
        """Is the word right before the expression (or before "on" / "late" / "early") a past-tense verb
        that is not itself a future marker ("said Friday", "was read Wednesday night"; not "scheduled")?"""
        m = (self.verb_before_re or _VERB_BEFORE).search(self.text, max(0, self.start - 40), self.start)
        if m is None:
            return False
        word = m.group(1)
        if word.lower() in self.not_verbs or (self.future_re and self.future_re.fullmatch(word)):
            return False
        # "elections will be held July 24": a future passive, for a date with its day number (a bare
        # weekday said on that weekday, "will be cross-examined on Monday", may be that day or the next)
        if any(ch.isdigit() for ch in self.text[self.start : self.end]) and self.future_re and \
                self.future_re.search(self.text, max(0, m.start(1) - 16), m.start(1)):
            return False
        if self._modal_passive_before():
            return False
        return bool((self.past_re and self.past_re.fullmatch(word)) or word.lower() in self.reported)

    def _modal_passive_before(self) -> bool:
        """Is the expression right after a participle after a forward-looking modal and "be" ("that vessel
        should be joined Sunday", "is to be held Tuesday")? Not a past tense but something still to
        happen."""
        m = (self.verb_before_re or _VERB_BEFORE).search(self.text, max(0, self.start - 40), self.start)
        return bool(m and _BARE_BE.search(self.text, max(0, m.start(1) - 16), m.start(1)))

    def _scheduled_present_before(self) -> bool:
        """Is the expression right after a present-tense verb of a scheduled event, perhaps with an adverb
        between ("the talks resume Monday", "they meet separately Monday"), that is not a noun after a
        determiner ("the vote Monday", "his visit Friday")?"""
        if not self.scheduled:
            return False
        m = _PRESENT_BEFORE.search(self.text, max(0, self.start - 50), self.start)
        if m is None or m.group(2).lower() not in self.scheduled:
            return False
        before = (m.group(1) or "").lower()
        if before in self.determiners or before.endswith(("'s", "’s")):
            return False
        # "First to arrive Friday was the minister": the clause's own verb, after the date, is past
        return not re.match(r"\s+(?:was|were)\b", self.text[self.end : self.end + 8])

    def _left_clause(self) -> str:
        """The words shortly before the expression, back to the last clause boundary."""
        left = self.text[max(0, self.start - PAST_LEFT) : self.start]
        cut = max(left.rfind(". "), left.rfind("\n"), left.rfind(","), left.rfind(";"))
        return left[cut + 1 :]

    def past_prefix(self) -> bool:
        """A preposition right before the expression that points back ("since March"): past, whatever
        the rest of the clause says."""
        pre = self.past_prefix_re
        if pre and pre.search(self.text, max(0, self.start - 25), self.start):
            return True
        # or before the phrase the expression is set off from by a comma ("depuis le début de la révolte, le
        # 15 mars")
        app = self.past_apposed_re
        return bool(app and app.search(self.text, max(0, self.start - 100), self.start))

    def _past_verb_before(self) -> bool:
        """A past-tense word earlier in the expression's clause ("the club counted ... by Wednesday")."""
        if self.past_re is None:
            return False
        clause = self._left_clause()
        # "supposed to conclude by May", "expected to": a past form before an infinitive is not the verb
        return any(not re.match(r"\s+to\b", clause[m.end() :]) for m in self.past_re.finditer(clause))

    def past(self) -> bool:
        """Is the expression the complement of a past-tense verb? A past-tense word ("was", "began") or a
        word with a past-tense ending ("-ed") shortly before it in the same clause ("the king assumed
        power in February"); only asked when the clause is not about the future."""
        if self.past_prefix():
            return True
        if self.past_re is None:
            return False
        left = self.text[max(0, self.start - PAST_LEFT) : self.start]
        cut = max(left.rfind(". "), left.rfind("\n"), left.rfind(","), left.rfind(";"))
        if self.past_re.search(left[cut + 1 :]):
            return True
        # a fronted date ("In January, the company brought in ..."): the verb follows, in the same sentence
        if left[cut + 1 :].strip().lower() not in FRONTING:
            return False
        right = self.text[self.end : self.end + PAST_RIGHT]
        ends = (right.find(". "), right.find("\n"), right.find(";"))
        stop = min((i for i in ends if i >= 0), default=len(right))
        return bool(self.past_re.search(right[:stop]))

    def base(self, ref: str) -> tuple[Point, str]:
        if ref == "narrative" and self.narrative is not None:
            return self.narrative, "narrative"
        return self.dct, "dct"


Result = tuple[str | None, str, str | None, str | None, Point | None]  # type, value, mod, anchor, point


def _mod(fields: dict[str, Any], args: dict[str, Any]) -> str | None:
    return fields.get("mod") or args.get("mod")


def year_cost(d: date, dct: date) -> int:
    """How far a yearless day's reading ``d`` lies from the publication date ``dct``, a future day counting
    three times as far (news mostly reports the past): ``_nearest_year`` takes the cheapest reading, and a
    chronology's list the cheapest in order (``engine._chronology_years``)."""
    diff = (d - dct).days
    return diff * 3 if diff > 0 else -diff


def _nearest_year(dct: date, month: int, day: int | None, future: bool, past: bool = False) -> int:
    """Year for a month (and day) given without one, news style: the next occurrence in a clause about
    the future, the latest one up to the publication month in a clause in the past tense, otherwise the
    nearest (a future occurrence counting three times as far away: news mostly reports the past).
    """
    if past and not future:
        return dct.year if (month, day or 1) <= (dct.month, dct.day) or month == dct.month else dct.year - 1
    best, best_d = dct.year, None
    for y in (dct.year, dct.year - 1, dct.year + 1):
        d = safe_date(y, month, day or 15) or safe_date(y, month, 28)
        if d is None:
            continue
        diff = (d - dct).days
        # future clause ("will be held in December"): the next one, this month included
        dist = (diff if diff >= -31 else 10**6 - diff) if future else year_cost(d, dct)
        if best_d is None or dist < best_d:
            best, best_d = y, dist
    return best


WEEKDAY_TRUST = 31  # days from publication within which a guessed year stands, weekday or not


def _weekday_year(year: int, month: int, day: int, weekday: int, dct: date) -> int:
    """The year a day named with its weekday and no year falls in: the guessed one if the weekday fits it,
    else the year before or after when exactly one of them fits ("el lunes 3 de enero" in an article of 20
    October 2011: 2011-01-03 was a Monday, 2012-01-03 a Tuesday); the guess when none does (page stamps
    like "Daté du jeudi 12 novembre" of another year) or when it is within ``WEEKDAY_TRUST`` days of the
    publication date: there a wrong weekday is the writer's slip ("el viernes 19 de noviembre" of an
    article of late November 2011, a Saturday), not another year."""
    d = safe_date(year, month, day)
    if d is None or d.weekday() == weekday or abs((d - dct).days) <= WEEKDAY_TRUST:
        return year
    fits = [y for y in (year - 1, year + 1)
            if (x := safe_date(y, month, day)) is not None and x.weekday() == weekday]
    return fits[0] if len(fits) == 1 else year


STORY_YEAR_REACH = 400  # characters after a dated mention in another year within which it sets the year


STORY_YEAR_AHEAD = 92  # days after that mention the yearless day may fall ("Three days later, on June 14")


CHRONOLOGY_REACH = 2000  # the same reach for a chronology's entries: an entry may run to a few sentences

_ENTRY_LEAD = re.compile(r"[ \t\u00a0\-\u2013\u2014\u2022*\u00b7]*")  # a list's bullet or dash


def opens_line(text: str, start: int) -> bool:
    """Whether ``start`` opens its line, after a bullet or dash at most ("- 7 oct: ...", "16 December")."""
    line = text.rfind("\n", 0, start) + 1
    return _ENTRY_LEAD.fullmatch(text, line, start) is not None


_HEAD_LEAD = re.compile(r"[ \t\u00a0\-\u2013\u2014\u2022*\u00b7]*(?:[^\W\d_]+[ \t\u00a0]+)?")


def heads_line(text: str, start: int) -> bool:
    """Whether ``start`` opens its line or follows one word at most ("Le 11 février 2011", "On May 2"): how a
    day heading a live report's or a chronology's lines is written."""
    line = text.rfind("\n", 0, start) + 1
    return _HEAD_LEAD.fullmatch(text, line, start) is not None


def _story_year(ctx: Context, month: int, day: int, weekday: bool = False) -> int | None:
    """The year of a background passage ("On 11 June 2019, ...") for a day named without a year shortly
    after it, when that passage is in another year than the publication date, the clause is not about the
    future and the day follows the passage's day closely, as a story told in order does; None otherwise
    (the day then gets the year nearest the publication date: "the report of 11 June 2019 and the log from
    March 2" is this year's March 2).

    A chronology's entries ("2011 7 February An extradition hearing begins ...", then "3 March ...", "12
    July ...", each opening its line) are in order too, but months apart: a yearless day that opens its line
    after an entry that opened its own takes that entry's year when it falls later in that year, whatever
    the tense of its line, which is the entry's own ("Oct. 4 - BP says it is to raise 2 billion euros")."""
    ref = ctx.absolute
    if ref is None or ref.day.year == ctx.dct.day.year:
        return None
    entry = ctx.absolute_opens_line and opens_line(ctx.text, ctx.start)
    reach = CHRONOLOGY_REACH if entry else STORY_YEAR_REACH
    if ctx.start - ctx.absolute_end > reach and not entry and not weekday:
        # read alone, the day would lie ahead of the publication date, in a clause that does not speak of
        # the future: the story told in the past ("Le 14 janvier 2011, Ben Ali s'envole ... les premières
        # manifestations éclatent le 25 janvier", in an article of 15 January 2014) goes on further. Not
        # with a weekday, which names the day of the publication's week ("on Friday 20 August")
        nearest = safe_date(_nearest_year(ctx.dct.day, month, day, False), month, day)
        if nearest is not None and nearest > ctx.dct.day:
            reach = CHRONOLOGY_REACH
    if ctx.start - ctx.absolute_end > reach:
        return None
    ahead = (date(ref.day.year, 12, 31) - ref.day).days if entry else STORY_YEAR_AHEAD
    if not entry and ctx.future():
        return None
    # the passage's year, or the next one for a story that runs on past New Year ("le 17 décembre 2010 ...
    # que le 11 janvier"); never that next year for a chronology's entry (its own year heads it)
    for year in (ref.day.year,) if entry else (ref.day.year, ref.day.year + 1):
        d = safe_date(year, month, day)
        if d is not None and 0 <= (d - ref.day).days <= ahead:
            return year
    return None


# A bare number after a ``quantity_after`` word, more than this many years from the publication year,
# is a quantity
QUANTITY_YEARS = 30


@functools.lru_cache(maxsize=64)
def _words_before(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """Words or phrases ("nearly", "more than", "plus de") as a pattern that ends the text."""
    alts = "|".join(r"\s+".join(map(re.escape, p.split())) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alts})\s+$", re.I)


def n_date(fields: dict[str, Any], args: dict[str, Any], ctx: Context) -> Result | None:
    veto = args.get("not_after")
    if veto:  # "Resolution 1636", "Flight 1549": a number naming a thing, not a year
        m = _WORD_BEFORE.search(ctx.text, max(0, ctx.start - 30), ctx.start)
        if m is not None and m.group(1).lower() in veto:
            return None
    quantity = args.get("quantity_after")
    y = fields.get("year")
    if quantity and ctx.text[ctx.start : ctx.start + 1].isdigit() and str(y).isdigit() and \
            abs(int(y) - ctx.dct.day.year) > QUANTITY_YEARS and \
            _words_before(tuple(quantity)).search(ctx.text, max(0, ctx.start - 30), ctx.start):
        # "more than 1500 were arrested", "plus de 1000 ont fui": a quantity. Only far from the
        # publication year: "five more than 2004", "slightly fewer than 2011" compare with a year.
        return None
    mod = _mod(fields, args)
    dct = ctx.dct.day
    if "decade" in fields:
        dec = int(fields["decade"])
        if dec < 100:  # '90s: the century of the publication date, or the one before for future decades
            dec += dct.year // 100 * 100
            if dec > dct.year:
                dec -= 100
        return "DATE", f"{dec // 10:03d}X", mod, None, Point(date(max(dec, 1), 1, 1), "DE")
    if "century" in fields:  # TimeML: the 20th century is "19"
        c = int(fields["century"]) - 1
        return ("DATE", f"{c:02d}", mod, None, None) if 0 <= c <= 99 else None
    year = fields.get("year")
    if "year_hi" in fields:  # "nineteen ninety-six"
        lo = fields.get("year_lo", 0)
        if not isinstance(lo, int) or not 10 <= lo <= 99:
            return None
        year = int(fields["year_hi"]) * 100 + lo
    if "year2" in fields:
        y2 = int(fields["year2"])
        year = dct.year // 100 * 100 + y2
        if year > dct.year + 10:
            year -= 100
    if args.get("year_offset") is not None:
        year = dct.year + int(args["year_offset"])
    month, day = fields.get("month"), fields.get("day")
    anchor = None
    quarter = fields.get("quarter", args.get("quarter"))
    if quarter == "narrative":  # the quarter the story reports on, else the last completed one
        nar = ctx.narrative
        if nar is not None and nar.gran == "Q":
            quarter = (nar.day.month - 1) // 3 + 1
        else:
            quarter = (dct.month - 1) // 3 or 4
    half = fields.get("half", args.get("half"))
    season = fields.get("season", args.get("season"))
    if year is None and args.get("year") == "narrative" and ctx.narrative is not None:
        # "el 18 de julio de ese mismo año", "on July 18 of that year": the year of the date the story last
        # named (without one, the year is guessed as for any day named without it)
        year, anchor = ctx.narrative.day.year, "narrative"
    if year is None and day and not month:  # "el pasado día 21": a day of this month or a neighbouring one
        return _day_of_month(int(day), args.get("dir"), ctx, mod)
    if year is None:
        anchor = "dct"
        if month and day and args.get("dir") in ("last", "next"):
            # "el pasado 22 de agosto", "le 5 décembre dernier": the latest such day up to the publication
            # date; "el próximo 15 de noviembre": the first one after it
            md, now = (int(month), int(day)), (dct.month, dct.day)
            if args["dir"] == "last":
                year = dct.year if md <= now else dct.year - 1
            else:
                year = dct.year if md > now else dct.year + 1
        elif month and args.get("dir") == "last":  # "last May": the latest May before this month
            year = dct.year if int(month) < dct.month else dct.year - 1
        elif month and args.get("dir") == "next":
            year = dct.year if int(month) > dct.month else dct.year + 1
        elif month and args.get("dir") == "this":
            year = dct.year
        elif month and day and (inherited := _story_year(ctx, int(month), int(day),
                                                         fields.get("wd") is not None)) is not None:
            # "On 11 June 2019, inspectors ... Three days later, on June 14": the year the story is in
            year, anchor = inherited, "narrative"
        elif month:
            fut = ctx.future()
            year = _nearest_year(dct, int(month), day, fut,
                                 not fut and (ctx.past_prefix() if day else ctx.past()))
        elif quarter:
            q = int(quarter)
            year = dct.year if q <= (dct.month - 1) // 3 + 1 else dct.year - 1
        elif half:
            year = dct.year if int(half) <= (1 if dct.month <= 6 else 2) else dct.year - 1
        elif season:
            year = dct.year
        else:
            return None
    year = int(year)
    if not 1 <= year <= 9999:
        return None
    if anchor is not None and month and day and fields.get("wd") is not None:
        year = _weekday_year(year, int(month), int(day), int(fields["wd"]), ctx.dct.day)
    pod = fields.get("pod")
    if month and day:
        d = safe_date(year, int(month), int(day))
        if d is None:
            return None
        if pod:
            return "TIME", f"{d.isoformat()}T{pod}", mod, anchor, Point(d, "D")
        if args.get("gran"):  # "the week of March 6": the day at a coarser granularity
            p = Point(d, "D").coarser(args["gran"])
            return "DATE", p.value(), mod, anchor, p
        return "DATE", d.isoformat(), mod, anchor, Point(d, "D")
    if month:
        if not 1 <= int(month) <= 12:
            return None
        return "DATE", f"{year:04d}-{int(month):02d}", mod, anchor, Point(date(year, int(month), 1), "M")
    if quarter:
        q = int(quarter)
        if not 1 <= q <= 4:
            return None
        return "DATE", f"{year:04d}-Q{q}", mod, anchor, Point(date(year, 3 * q - 2, 1), "Q")
    if half:
        h = int(half)
        if h not in (1, 2):
            return None
        return "DATE", f"{year:04d}-H{h}", mod, anchor, Point(date(year, 6 * h - 5, 1), "Y")
    if season:
        return "DATE", f"{year:04d}-{season}", mod, anchor, Point(date(year, 1, 1), "Y")
    return "DATE", f"{year:04d}", mod, anchor, Point(date(year, 1, 1), "Y")


def _day_of_month(day: int, direction: str | None, ctx: Context, mod: str | None) -> Result | None:
    """A day of the month named without its month ("el pasado día 21", "del día 10"): the latest such day
    up to the publication date (``dir: last``, or a clause not about the future), else the first one after
    it (``dir: next``, or a future clause)."""
    dct = ctx.dct.day
    if direction is None:
        direction = "next" if ctx.future() else "last"
    y, m = dct.year, dct.month
    for _ in range(3):  # a 31st may skip a month
        d = safe_date(y, m, day)
        if d is not None and (d <= dct if direction == "last" else d > dct):
            return "DATE", d.isoformat(), mod, "dct", Point(d, "D")
        m += -1 if direction == "last" else 1
        y, m = (y - 1, 12) if m < 1 else (y + 1, 1) if m > 12 else (y, m)
    return None


def n_relative(fields: dict[str, Any], args: dict[str, Any], ctx: Context) -> Result | None:
    unit = args.get("unit") or fields.get("unit")
    n = args["n"] if "n" in args else fields.get("num", 1)
    sign = int(args.get("sign", 1))
    base, anchor = ctx.base(args.get("ref", "dct"))
    keep = args.get("keep_gran")
    nar = ctx.narrative
    if keep and n == 1 and nar is not None and nar.gran in keep and 0 <= (ctx.dct.day - nar.day).days < 366:
        # "sales fell from $5 a year ago": the same reporting period (quarter, month) a year before
        base, anchor = nar, "narrative"
    mod = _mod(fields, args)
    if n == "X" or unit is None or not isinstance(n, int | float):
        return "DATE", ("PAST_REF" if sign < 0 else "FUTURE_REF"), mod, anchor, None
    if unit == "WE":
        return n_weekend(fields, {**args, "n": int(n) * sign}, ctx)
    if unit == "D" and n == 0 and anchor == "narrative" and base.gran == "M":
        return "DATE", f"{base.value()}-XX", _mod(fields, args), anchor, None
    if unit == "D" and n == 0 and anchor == "narrative" and base.gran != "D":
        return None  # "that day" when the story has named no day: no day to refer to (rates, "that day's")
    if (args.get("ref") == "narrative" and anchor == "dct" and sign > 0 and unit in ("Y", "M", "W", "DE", "C")
            and "keep_gran" not in args):
        # "Hazem, Ahmad et Fatima, trois ans plus tard" with no date before it: years after some event the
        # text does not date (which is now, the publication), not years after the publication: no value
        return "DATE", "XXXX", mod, None, None
    if unit in ("TH", "TM", "TS"):  # "hours later": the same day as the reference
        p = base
    else:
        n_int = int(n) if float(n).is_integer() else None
        if n_int is None:
            return None
        p = shift(base, unit, n_int * sign)
        if (anchor == "narrative" and args.get("same_period") and unit == "Y"
                and base.day.year == ctx.dct.day.year + n_int * sign):
            # "The year-ago results" right after "the 1988 period": the story is already a year back
            p = base
        elif anchor == "narrative":  # "a year earlier" than a quarter is a quarter, than a day is a day
            p = Point(p.day, base.gran)
            if unit in ("DE", "C"):
                # but decades and centuries count years: "Two decades later" than 2 May 1910 is 1930, not
                # 1930-05-02, a day the text never gives ("un siècle plus tard" after a day of a 2013 article
                # dated a line 2113-08-02)
                p = p.coarser("Y")
        elif unit in ("DE", "C") and n_int:  # "a decade ago" is a year (1989), not a decade
            p = Point(p.day, "Y")
    gran = args.get("gran")
    if gran:  # "the following year" is a year, whatever the reference's precision
        p = p.coarser(unit if gran == "unit" else gran)
    if (anchor == "narrative" and sign > 0 and p.gran in ("Y", "M") and not ctx.future()
            and Point(ctx.dct.day, p.gran).value() < p.value()):
        # "Fourteen years later, here we are": a story told in the past or present does not run past the
        # publication period; counted from a later mention than the writer's, it is the present period
        p = Point(ctx.dct.day, p.gran)
    elif (anchor == "narrative" and sign > 0 and unit in ("Y", "DE", "C") and p.gran == "D"
          and not ctx.future() and p.day > ctx.dct.day):
        # the same years counted from a day: "Two decades later, they agree ..." after a day of the 2010
        # story was 2030-05-07; it is the publication's year
        p = Point(ctx.dct.day, "Y")
    pod = fields.get("pod", args.get("pod"))
    if pod and p.gran == "D":
        return "TIME", f"{p.value()}T{pod}", mod, anchor, p
    return "DATE", p.value(), mod, anchor, p


def n_weekday(fields: dict[str, Any], args: dict[str, Any], ctx: Context) -> Result | None:
    wd = int(fields["weekday"])
    dct, anchor = ctx.dct.day, "dct"
    nar = ctx.narrative
    if args.get("ref") == "narrative" and nar is not None and nar.gran == "D":
        # "the previous Friday", "the following Monday": counted from the day the story is on
        dct, anchor = nar.day, "narrative"
    delta = wd - dct.weekday()
    direction = args.get("dir")
    if direction == "nearest":  # "that Sunday": the one within three days of the story's day
        direction = None if anchor == "dct" else direction
        delta = (delta + 3) % 7 - 3
    if direction == "this_week":
        # es "este viernes", fr "ce vendredi": the one of the publication's week, Monday to Sunday (as English
        # "this Friday"), except the coming one when the clause speaks of the future ("visitará este martes"
        # on a Thursday); the last one when a past verb right before tells the day ("aseguró este domingo" on
        # a Thursday; the day after publication stays: "encarcelados este jueves" on a Wednesday is a
        # dateline a day behind); the weekend just past when told early in the next week ("llegaron este
        # domingo" on a Monday); and the coming Monday when told at the weekend ("este lunes" on a Sunday:
        # the next day, even after a past verb, a dateline a day behind again), unless told on a Saturday in
        # the past ("anunció este lunes"). The bare weekday reads the tense alone, which put "han
        # convocado una protesta para este viernes" (on a Wednesday) a week back.
        fut, told = ctx.future(), ctx._past_verb_right_before()
        if delta < 0 and fut:
            delta += 7
        elif (delta >= 2 and told) or (delta >= 5 and not fut):
            delta -= 7
        elif delta == -6 or (delta == -5 and not (told or ctx.past())):
            delta += 7  # Monday told on a Sunday is the next day, even in the past ("afirmó este lunes")
        direction = "this"
    if direction is None and ctx.past_plan_re and ctx.past_plan_re.search(ctx._left_clause()):
        # a plan told in the past ("the test was due to begin on Tuesday"): the plan may have held or
        # slipped, the day is the nearest such weekday, within three days either side
        delta = (delta + 3) % 7 - 3
        direction = "this"
    if direction is None:
        direction = "future" if ctx.future() else "past"
        if direction == "past" and delta in (1, 2, -6, -5) and anchor == "dct" and ctx.past_re is not None \
                and not (ctx.past() or ctx._past_verb_right_before()):
            # a day or two after publication, with no past verb before it: ahead ("could reach the spill area
            # by early on Saturday", told on a Friday; "the debate on Friday night", on a Wednesday) or a
            # dateline a day behind ("Early on Monday , the NHC downgraded Irma", dated Sunday), rarely five
            # or six days back. Only where the language lists its past verbs (markers.past): without them no
            # clause would count as past
            direction = "future"
    if direction == "past":
        delta = delta if delta <= 0 else delta - 7
    elif direction == "future":
        delta = delta if delta >= 0 else delta + 7
    elif direction == "last":
        delta = delta if delta < 0 else delta - 7
    elif direction == "next":
        delta = delta if delta > 0 else delta + 7
    d = dct + timedelta(days=delta)
    pod = fields.get("pod")
    if pod and args.get("pod_in_value", True):
        return "TIME", f"{d.isoformat()}T{pod}", _mod(fields, args), anchor, Point(d, "D")
    return "DATE", d.isoformat(), _mod(fields, args), anchor, Point(d, "D")


def n_weekend(fields: dict[str, Any], args: dict[str, Any], ctx: Context) -> Result | None:
    dct = ctx.dct.day
    n = args.get("n", 0)
    if n == "tense":  # "the weekend": the coming one if the clause speaks of the future, else the last one
        n = 0 if ctx.future() or dct.weekday() >= 4 else -1
    d = dct + timedelta(weeks=int(n))
    y, w, _ = d.isocalendar()
    return "DATE", f"{y:04d}-W{w:02d}-WE", _mod(fields, args), "dct", Point(d, "W")


_DUR_UNITS = {"Y": ("", "Y", 1), "M": ("", "M", 1), "W": ("", "W", 1), "D": ("", "D", 1), "Q": ("", "Q", 1),
              "DE": ("", "Y", 10), "C": ("", "Y", 100), "TH": ("T", "H", 1), "TM": ("T", "M", 1),
              "TS": ("T", "S", 1), "WE": ("", "D", 2), "HY": ("", "M", 6)}


# half of a unit in the next smaller one: (time designator, unit letter, amount)
_HALF_UNITS = {"Y": ("", "M", 6), "M": ("", "D", 15), "D": ("T", "H", 12), "TH": ("T", "M", 30),
               "TM": ("T", "S", 30)}


def n_duration(fields: dict[str, Any], args: dict[str, Any], ctx: Context) -> Result | None:
    unit = args.get("unit") or fields.get("unit")
    n = args["n"] if "n" in args else fields.get("num", 1)
    if unit not in _DUR_UNITS or n is None:
        return None
    t, letter, mult = _DUR_UNITS[unit]
    frac = fields.get("frac")
    if frac and n != "X":  # "2 1/2 years": P2Y6M, TimeML's mixed-unit form
        whole = float(n)
        if not whole.is_integer():
            return None
        if unit not in _HALF_UNITS:  # "a decade and a half": P15Y
            n = whole + float(frac)
        else:
            sub_t, sub_letter, sub_n = _HALF_UNITS[unit]
            head = f"{int(whole)}{letter}" if whole else ""
            tpart = "T" if sub_t and not t else ""
            return None, f"P{t}{head}{tpart}{sub_n}{sub_letter}", _mod(fields, args), None, None
    if n != "X" and unit in _HALF_UNITS and (float(n) * 2).is_integer() and not float(n).is_integer():
        return n_duration({**fields, "num": int(float(n)), "frac": 0.5}, {**args, "n": int(float(n))}, ctx)
    if n == "X":
        amount = "X"
    else:
        v = float(n) * mult
        if v > 1e6:
            return None
        amount = str(int(v)) if v.is_integer() else f"{v:g}"
    return None, f"P{t}{amount}{letter}", _mod(fields, args), None, None


def n_name(fields: dict[str, Any], args: dict[str, Any], ctx: Context) -> Result | None:
    """A date that is part of a name ("le Mouvement du 6 avril", "la plaza del 2 de mayo", "the April 6
    Youth Movement"): no time expression. The rule only claims the span, so that the shorter date inside
    it loses the overlap (longest match first) and dates nothing: a group founded on some 6 April says
    nothing about the day its members marched."""
    del fields, args, ctx
    return None


def n_const(fields: dict[str, Any], args: dict[str, Any], ctx: Context) -> Result | None:
    return args.get("type"), str(args["value"]), _mod(fields, args), args.get("anchor"), None


def n_clock(fields: dict[str, Any], args: dict[str, Any], ctx: Context) -> Result | None:
    hour = int(fields.get("hour", args.get("hour", 0)))
    minute = int(fields.get("minute", args.get("minute", 0)))
    ampm = fields.get("ampm")
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    if not (0 <= hour <= 23 and 0 <= minute <= 59) and (hour, minute) != (24, 0):  # 24:00 = midnight
        return None
    # a bare clock time belongs to the day the story is on (its last mentioned day), else the DCT's; a
    # live report's stamp ("13h40 : Début du sommet de Paris", "-LRB- Update 3:59 p.m. Cairo -RRB- ...":
    # ``Context.stamp``) belongs to the day of the last stamp or heading, not to a day an entry mentioned in
    # passing ("15 h : Tripoli a dit respecter la résolution votée jeudi", the line above it): without such
    # a day, the publication's
    nar = ctx.narrative
    if nar is not None and ctx.stamp(ctx.start) and not ctx.narrative_heads_line:
        nar = None
    day, anchor = (nar.day, "narrative") if nar is not None and nar.gran == "D" else (ctx.dct.day, "dct")
    if "weekday" in fields:
        res = n_weekday({"weekday": fields["weekday"]}, {}, ctx)
        if res is not None and res[4] is not None:
            day, anchor = res[4].day, "dct"
    if "month" in fields and "day" in fields:  # "5 p.m. EST Nov. 9", "11.50 am on Friday 20 August"
        on = {"month": fields["month"], "day": fields["day"]}
        if "weekday" in fields:
            on["wd"] = fields["weekday"]
        res = n_date(on, {}, ctx)
        if res is None or res[4] is None:
            return None
        day, anchor = res[4].day, "dct"
    return "TIME", f"{day.isoformat()}T{hour:02d}:{minute:02d}", _mod(fields, args), anchor, Point(day, "D")


def n_part_of_day(fields: dict[str, Any], args: dict[str, Any], ctx: Context) -> Result | None:
    pod = fields.get("pod", args.get("pod"))
    base, anchor = ctx.dct.day, "dct"
    nar = ctx.narrative
    if args.get("ref") == "narrative" and nar is not None and nar.gran == "D":
        base, anchor = nar.day, "narrative"  # "placed orders in the morning": the story's day
    d = base + timedelta(days=int(args.get("n", 0)))
    return "TIME", f"{d.isoformat()}T{pod}", _mod(fields, args), anchor, Point(d, "D")


def holiday_date(spec: str, year: int) -> date | None:
    """Date of a holiday in ``year`` from its resource spec: "MM-DD" (fixed), "nth:M:N:WD" (N-th weekday
    WD of month M; N=-1 for the last), "easter:OFFSET" (days from Western Easter, via dateutil)."""
    kind, _, rest = spec.partition(":")
    if not rest:
        m, d = (int(x) for x in spec.split("-"))
        return safe_date(year, m, d)
    if kind == "easter":
        from dateutil.easter import easter

        return easter(year) + timedelta(days=int(rest))
    if kind == "nth":
        m, nth, wd = (int(x) for x in rest.split(":"))
        if nth > 0:
            first = date(year, m, 1)
            return first + timedelta(days=(wd - first.weekday()) % 7 + 7 * (nth - 1))
        last = add_months(date(year, m, 1), 1) - timedelta(days=1)
        return last - timedelta(days=(last.weekday() - wd) % 7)
    raise ValueError(f"bad holiday spec {spec!r}")


def n_holiday(fields: dict[str, Any], args: dict[str, Any], ctx: Context) -> Result | None:
    spec = str(fields["holiday"])
    dct = ctx.dct.day
    if "year" in fields:
        d = holiday_date(spec, int(fields["year"]))
        anchor = None
    else:
        future = ctx.future() or args.get("dir") == "next"
        if args.get("dir") == "last":
            future = False
        cands = [x for y in (dct.year - 1, dct.year, dct.year + 1) if 1 <= y <= 9999
                 and (x := holiday_date(spec, y)) is not None]
        if args.get("dir") == "last":
            cands = [x for x in cands if x < dct] or cands
        d = min(cands, key=lambda x: (x - dct).days if future and x >= dct else abs((x - dct).days) *
                (3 if x > dct else 1) + (10**6 if future else 0))
        anchor = "dct"
    if d is None:
        return None
    if args.get("gran"):  # "Easter week", "Christmas week": the (ISO) week the holiday falls in
        p = Point(d, "D").coarser(args["gran"])
        return "DATE", p.value(), _mod(fields, args), anchor, p
    return "DATE", d.isoformat(), _mod(fields, args), anchor, Point(d, "D")


def n_recurring(fields: dict[str, Any], args: dict[str, Any], ctx: Context) -> Result | None:
    """A calendar point that recurs ("every Thursday", "each July", "every summer"): TimeML SET values
    XXXX-WXX-4, XXXX-07, XXXX-SU (a part of the day kept: "every Tuesday night" is XXXX-WXX-2TNI)."""
    if "weekday" in fields:
        value = f"XXXX-WXX-{int(fields['weekday']) + 1}"
        pod = fields.get("pod")
        if pod:
            value += f"T{pod}"
    elif "month" in fields:
        if not 1 <= int(fields["month"]) <= 12:
            return None
        value = f"XXXX-{int(fields['month']):02d}"
    elif "season" in fields:
        value = f"XXXX-{fields['season']}"
    else:
        return None
    return "SET", value, _mod(fields, args), None, None


NORMALIZERS = {
    "recurring": n_recurring,
    "holiday": n_holiday,
    "date": n_date,
    "relative": n_relative,
    "weekday": n_weekday,
    "weekend": n_weekend,
    "duration": n_duration,
    "const": n_const,
    "name": n_name,
    "clock": n_clock,
    "part_of_day": n_part_of_day,
}
