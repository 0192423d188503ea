"""The language-independent tagging engine: compile resource rules, find timexes, normalize them.

Hand-written because no maintained Python library does TIMEX3 tagging with TimeML values and
narrative reference-time tracking (dateparser and dateutil parse single date strings; HeidelTime and
SUTime are Java). Everything language specific is data in ``resources/<lang>/`` (see its README.md).

- Finding: every rule is a regex with ``{class}`` placeholders, wrapped in word boundaries, using only
  bounded repetition over alternatives of words, so matching is linear in the text. A rule is searched
  only in windows around the tokens one of which each of its matches must contain (``triggers.py``);
  overlapping matches are resolved longest first, then by priority, then by rule order.
- Normalizing (``normalizers.py``), in text order: deictic expressions ("yesterday", "last week",
  "a year ago") are resolved against the publication date; anaphoric ones ("two days later", "the next
  day", "that month") against the story's reference time, which is the last date the text mentioned
  ("In October 2002"). ``Timex.anchor`` says which ("dct" / "narrative"; None for absolute values).
"""

from __future__ import annotations

import math
import re
import re._constants as sre  # the parse tree's opcodes, for first_chars
import re._parser as sre_parse
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from dateline.temporal.normalizers import NORMALIZERS, Context, heads_line, opens_line, year_cost
from dateline.temporal.points import Point, safe_date
from dateline.temporal.resources import Resources, Rule
from dateline.temporal.triggers import DIGITS, digit_key, required_sets, required_tokens
from dateline.types import Timex

BUILTIN = {
    "year": (r"(?:1[0-9]{3}|20[0-9]{2})", int),
    "year2": (r"['’][0-9]{2}", lambda s: int(s[1:])),
    "dayn": (r"(?:[12][0-9]|3[01]|0?[1-9])", int),
    "monthn": (r"(?:1[0-2]|0?[1-9])", int),  # a month as digits: "2011-03-05", "23.04.2011"
    "hour": (r"(?:1[0-2]|0?[1-9])", int),
    "hour24": (r"(?:[01]?[0-9]|2[0-3])", int),
    "minute": (r"[0-5][0-9]", int),
    "decade4": (r"(?:1[0-9]|20)[0-9]0", int),
    "decade2": (r"['’]?[0-9]0", lambda s: int(s.lstrip("'’"))),
    "digits": (r"[0-9]{1,3}(?:,[0-9]{3})?", lambda s: int(s.replace(",", ""))),
}
# digit-run lengths each built-in class can produce (see triggers.digit_key)
BUILTIN_TRIGGERS = {
    "year": frozenset({"#d4"}),
    "decade4": frozenset({"#d4"}),
    "year2": frozenset({"#d2"}),
    "decade2": frozenset({"#d1", "#d2"}),
    "dayn": frozenset({"#d1", "#d2"}),
    "monthn": frozenset({"#d1", "#d2"}),
    "hour": frozenset({"#d1", "#d2"}),
    "hour24": frozenset({"#d1", "#d2"}),
    "minute": frozenset({"#d2"}),
}
_PLACEHOLDER = re.compile(r"\{([a-z_0-9]+)(?::([a-z_0-9]+))?\}")
_WS = r"(?:\s{1,3})"
MAX_TEXT = 5_000_000  # characters; longer input is a caller error, not something to tag silently


def _words_regex(words: list[str], case_sensitive: set[str]) -> str:
    alts = []
    for w in sorted(words, key=len, reverse=True):
        esc = re.escape(w).replace(r"\ ", _WS)
        alts.append(f"(?-i:{re.escape(w.capitalize())})" if w in case_sensitive else esc)
    body = "(?:" + "|".join(alts) + ")"
    firsts = {w[0] for w in words} | {w.capitalize()[0] for w in words if w in case_sensitive}
    if not firsts or any(ch.isspace() for ch in firsts):
        return body
    # A look-ahead for the words' first characters: ``re`` tries the alternatives one by one wherever a
    # rule is searched (a quarter of tagging time); one character class rejects most positions at once.
    # Exact: every alternative starts with one of these characters.
    return "(?=[" + "".join(re.escape(ch) for ch in sorted(firsts)) + "])" + body


def future_regex(markers: dict[str, list[str]], key: str = "future") -> re.Pattern[str] | None:
    """The words that put a clause in the future: ``future`` words, and words of 3+ letters ending in a
    ``future_suffix`` (the synthetic future: es "-rán", fr "-eront") that are not ``not_future`` words
    (names). None when the language has neither. Shared by the tagger and the sentence dater. With
    ``key="future_before"``: the future-in-the-past words ("would") and endings (the conditional: es
    "-rían", fr "-raient")."""
    fut, fut_suffixes = markers.get(key, []), markers.get(f"{key}_suffix", [])
    fut_alts = ([_words_regex(fut, set())] if fut else []) + [
        rf"\w{{3,}}{re.escape(s)}" for s in sorted(fut_suffixes, key=len, reverse=True)
    ]
    if not fut_alts:
        return None
    not_fut = markers.get("not_future", [])
    fut_excl = rf"(?!{_words_regex(not_fut, set())}(?!\w))" if not_fut else ""
    return re.compile(r"(?<!\w)" + fut_excl + "(?:" + "|".join(fut_alts) + r")(?!\w)", re.I)


def _spaces(pattern: str) -> str:
    """Replace literal spaces outside character classes by a bounded whitespace run."""
    out, in_class, esc = [], False, False
    for ch in pattern:
        if esc:
            out.append(ch)
            esc = False
            continue
        if ch == "\\":
            esc = True
        elif ch == "[":
            in_class = True
        elif ch == "]":
            in_class = False
        out.append(_WS if ch == " " and not in_class else ch)
    return "".join(out)


_TOKEN = re.compile(r"[^\W\d_]+|[0-9]+")
_DIGIT_RUN = re.compile(r"[0-9]+")
_DIGIT_KEYS = {k: digit_key("0" * k) for k in range(1, 6)}  # run length (5: 5 or more) -> "#dN"
WINDOW = 48  # characters searched either side of a trigger token (longer than any timex's tail)


_WORD_TAIL = re.compile(r"\w*")  # \w: str.isalnum() or "_"


def _windows(spans: list[tuple[int, int]], n: int, text: str) -> list[tuple[int, int]]:
    """Merged search windows around trigger tokens (sorted spans); ends are moved off word characters."""
    out: list[tuple[int, int]] = []
    start = end = -1  # the window being merged
    for s, e in spans:
        ws = s - WINDOW if s > WINDOW else 0
        if ws <= end and e + WINDOW <= end:
            # Inside the window being merged (most spans: digit runs and frequent words cluster): ``end``
            # is a word-tail end itself (a non-word character or n follows), so the word tail from
            # e + WINDOW cannot pass it (skipping the tail match: _windows 0.075 -> 0.05 s on egypt).
            continue
        we = _WORD_TAIL.match(text, e + WINDOW).end() if e + WINDOW < n else n
        if ws <= end:
            end = max(end, we)
        else:
            if end >= 0:
                out.append((start, end))
            start, end = ws, we
    if end >= 0:
        out.append((start, end))
    return out


def _holding(windows: list[tuple[int, int]], requires: tuple[frozenset[str], ...],
             where: dict[str, list[tuple[int, int]]],
             bounds: dict[frozenset[str], tuple[list[int], list[int]]]) -> list[tuple[int, int]]:
    """The windows that hold a whole token of every set in ``requires`` (``where``: token spans by key;
    ``bounds``: a cache of each set's sorted token starts and ends; tokens never overlap, so both are
    sorted)."""
    for req in requires:
        if (b := bounds.get(req)) is None:
            spans = sorted(sp for key in req if key in where for sp in where[key])
            b = bounds[req] = ([s for s, _ in spans], [e for _, e in spans])
        starts, ends = b
        if not starts:
            return []
        k = len(starts)
        kept = []
        for w in windows:
            i = bisect_left(starts, w[0])  # the first token starting in the window: inside if it ends there
            if i < k and ends[i] <= w[1]:
                kept.append(w)
        windows = kept
    return windows


def _trie_regex(words: set[str]) -> str:
    """An alternation of ``words`` factored by common prefixes ("a(?:pr(?:il)?|ug(?:ust)?)"): ``re`` tries
    a flat alternation word by word at every position, a factored one a character at a time."""
    trie: dict[str, Any] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here

    def alt(node: dict[str, Any]) -> str:
        branches = [re.escape(ch) + alt(sub) for ch, sub in sorted(node.items()) if ch]
        if not branches:
            return ""
        return "(?:" + "|".join(branches) + ")" + ("?" if "" in node else "")

    return alt(trie)


def rule_regex(body: str, first: str | None = None) -> str:
    """A rule's full regex: its pattern as a whole expression, neither inside a word nor hyphen-glued.

    ``first`` (a character-class body, from ``first_chars``) puts a look-ahead for the characters a match
    can start with in front: ``re`` would otherwise evaluate the pattern's own look-behinds and word
    alternations at every word start of every search window; the class rejects most of them at once
    (find() ~20% faster). Exact when ``first`` holds every possible first character."""
    look = f"(?=[{first}])" if first else ""
    return rf"(?<![\w'’-]){look}(?:{body})(?!\w|-\w)"


_CATEGORIES = {sre.CATEGORY_DIGIT: r"\d", sre.CATEGORY_SPACE: r"\s", sre.CATEGORY_WORD: r"\w"}


def first_chars(pattern: str) -> tuple[str | None, bool]:
    """(the body of a character class holding every character a match of ``pattern`` can start with, or
    None when that is unknown: any character, a negated class, a back-reference; whether ``pattern`` can
    match the empty string). Reads ``re``'s own parse tree, so it agrees with ``re`` on the pattern."""
    try:
        items = sre_parse.parse(pattern, re.I).data
    except (re.error, AttributeError, TypeError, ValueError):  # bad pattern: re.compile reports it
        return None, False
    first, nullable = _first(items)
    return ("".join(dict.fromkeys(first)) if first is not None else None), nullable


def _stand_in(first: str | None, nullable: bool) -> str:
    """A small pattern with the same possible first characters and empty match as a class's regex: rules
    are analysed with these in place of their (large) classes, which halves the engine's build time."""
    if first is None:
        return "(?s:.)"  # unknown: makes the rule's first characters unknown wherever it can come first
    one = f"[{first}]" if first else "(?!)"
    return f"(?:{one}|)" if nullable else one


def _first(items: list[tuple[Any, Any]]) -> tuple[list[str] | None, bool]:
    """(class items for the first character, whether the sequence ``items`` can match empty)."""
    out: list[str] = []
    for op, av in items:
        if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):  # zero-width: the next item decides
            continue
        if op is sre.LITERAL:
            return [*out, re.escape(chr(av))], False
        if op is sre.IN:
            parts = []
            for kind, arg in av:
                if kind is sre.LITERAL:
                    parts.append(re.escape(chr(arg)))
                elif kind is sre.RANGE:
                    parts.append(f"{re.escape(chr(arg[0]))}-{re.escape(chr(arg[1]))}")
                elif kind is sre.CATEGORY and arg in _CATEGORIES:
                    parts.append(_CATEGORIES[arg])
                else:  # NEGATE, other categories
                    return None, False
            return [*out, *parts], False
        if op is sre.SUBPATTERN:
            sub, nullable = _first(av[3].data)
        elif op is sre.BRANCH:
            sub, nullable = [], False
            for alt in av[1]:
                alt_first, alt_nullable = _first(alt.data)
                if alt_first is None:
                    return None, False
                sub += alt_first
                nullable = nullable or alt_nullable
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            sub, nullable = _first(av[2].data)
            nullable = nullable or av[0] == 0
        else:  # ANY, NOT_LITERAL, GROUPREF, ...
            return None, False
        if sub is None:
            return None, False
        out += sub
        if not nullable:
            return out, False
    return out, True


def all_token_spans(text: str) -> dict[str, list[tuple[int, int]]]:
    """Spans of every token of ``text`` by lowercased token ("#dN" for N digits): the reference for
    ``Engine._token_spans``, which locates only the trigger tokens, faster."""
    where: dict[str, list[tuple[int, int]]] = {}
    for t in _TOKEN.finditer(text):
        tok = t.group()
        where.setdefault(digit_key(tok) if tok[0].isdigit() else tok.lower(), []).append(t.span())
    return where


@dataclass
class Compiled:
    rule: Rule
    regex: re.Pattern[str]
    groups: dict[str, str]  # group name -> class name
    triggers: frozenset[str] | None  # every match contains one of these tokens ("#dN": N digits); None: any
    body: str = ""  # the pattern with classes filled in, before ``rule_regex`` wraps it
    # the rule's other required token sets (see ``Engine.find``): every match holds a token of each
    requires: tuple[frozenset[str], ...] = ()


class Engine:
    """Tags text with the rules of one language. Build once per language (see ``get_engine``)."""

    def __init__(self, res: Resources) -> None:
        self.res = res
        self.class_regex: dict[str, str] = {
            name: _words_regex(list(words), res.case_sensitive) for name, words in res.classes.items()
        }
        if "number" in self.class_regex:
            w = self.class_regex["number"]
            art = self.class_regex.get("article")
            art_alt = f"|{art}" if art else ""
            self.class_regex["num"] = (
                rf"(?:[0-9]{{1,3}}(?:,[0-9]{{3}})?(?:\.[0-9]+|[ -]1/2)?|{w}(?:[ -]{w}){{0,3}}{art_alt})"
            )
        self.stopwords = {w.lower() for w in res.markers.get("stopwords", [])}
        self.number_words = {**res.classes.get("article", {}), **res.classes.get("number", {})}
        self._first_cache: dict[str, str] = {}  # class -> _stand_in of its regex
        self.rules = [self._compile(r) for r in res.rules]
        # the word tokens (not digit runs) any rule is triggered by: the only words ``_token_spans`` locates
        words = {t for c in self.rules if c.triggers for t in c.triggers if not t.startswith("#d")}
        # a rule's other requirements are checked only when ``_token_spans`` locates all their tokens
        located = words | DIGITS
        for c in self.rules:
            if c.triggers is not None:
                sets = required_sets(c.rule.pattern, self._class_triggers, self.stopwords)
                c.requires = tuple(r for r in sets if r != c.triggers and r <= located)
        self.trigger_re = re.compile(rf"(?<![^\W\d_]){_trie_regex(words)}(?![^\W\d_])") if words else None
        # The same words found in two cheaper passes (see _token_spans): after a non-word character (``\b``,
        # an inline test, where the look-behind above is a sub-match at every position), and right after
        # a digit run (the digit pass looks there).
        self.trigger_b_re = re.compile(rf"\b{_trie_regex(words)}(?![^\W\d_])") if words else None
        self.trigger_at_re = re.compile(rf"{_trie_regex(words)}(?![^\W\d_])") if words else None
        self.trigger_firsts = frozenset(w[0] for w in words)
        self.future_re = future_regex(res.markers)
        pre = res.markers.get("future_prefix", [])
        # "until Tuesday", "until the end": one stopword may sit between the preposition and the date
        stop = rf"(?:\s+{_words_regex(sorted(self.stopwords), set())})?" if self.stopwords else ""
        pre_rx = r"(?<!\w)" + _words_regex(pre, set()) + stop + r"\s+$"
        self.future_prefix_re = re.compile(pre_rx, re.I) if pre else None
        self.future_before_re = future_regex(res.markers, "future_before")
        weak = res.markers.get("weak_future_prefix", [])
        self.weak_future_prefix_re = (
            re.compile(r"(?<!\w)" + _words_regex(weak, set()) + stop + r"\s+$", re.I) if weak else None)
        deferral = res.markers.get("deferral", [])
        self.deferral_re = (
            re.compile(r"(?<!\w)" + _words_regex(deferral, set()) + r"(?!\w)", re.I) if deferral else None)
        plan = res.markers.get("past_plan", [])
        self.past_plan_re = (
            re.compile(r"(?<!\w)" + _words_regex(plan, set()) + r"(?!\w)", re.I) if plan else None)
        # what may stand before a live report's stamp on its line: "(Update 3:59 p.m. ...)", "Mise à jour :"
        lead = res.markers.get("stamp_lead", [])
        self.stamp_lead_re = (
            re.compile(r"[\s\[(]*(?:-LRB-\s*)?" + _words_regex(lead, set()) + r"[\s:.,\-\u2013\u2014]*", re.I)
            if lead else None)
        link = res.markers.get("apposition", [])
        link_rx = rf"(?:{_words_regex(link, set())}\b[\s,]{{0,3}}){{0,4}}" if link else ""
        # the text allowed between a weekday / clock time / anaphor and an explicit date naming its day
        self.apposed_re = re.compile(r"[\s,(\u2014-]{0,4}" + link_rx, re.I)
        self.abbreviations = frozenset(w.lower().rstrip(".") for w in res.markers.get("abbreviations", []))
        self.reported = frozenset(w.lower() for w in res.markers.get("reported_past", []))
        # words between a reporting verb and the date it is dated by (en, built in: "said late Friday")
        vlink = res.markers.get("verb_date_link", [])
        self.verb_before_re = (re.compile(r"(?<![\w'’-])(\w+)\s+(?:" + _words_regex(vlink, set()) + r"\s+)?$",
                                          re.I) if vlink else None)
        self.not_verbs = frozenset(w.lower() for w in res.markers.get("not_verbs", []))
        self.scheduled = frozenset(w.lower() for w in res.markers.get("scheduled_present", []))
        self.determiners = frozenset(w.lower() for w in res.markers.get("determiners", []))
        perf = res.markers.get("past_perfect", [])
        self.past_perfect_re = (re.compile(r"(?<!\w)" + _words_regex(perf, set()) + r"(?!\w)", re.I)
                                if perf else None)
        ppre = res.markers.get("past_prefix", [])
        self.past_prefix_re = (re.compile(r"(?<!\w)" + _words_regex(ppre, set()) + stop + r"\s+$", re.I)
                               if ppre else None)
        # a day set off by a comma after the phrase such a preposition opens: "depuis le début de la révolte
        # contre le régime, le 15 mars" (an article of January 2012: 2011-03-15, not the coming March 15)
        self.past_apposed_re = (re.compile(r"(?<!\w)" + _words_regex(ppre, set()) + r"(?!\w)[^,.;:\n]{1,80},"
                                           + stop + r"\s+$", re.I) if ppre else None)
        past, suffixes = res.markers.get("past", []), res.markers.get("past_suffix", [])
        alts = ([_words_regex(past, set())] if past else []) + [
            rf"\w{{3,}}{re.escape(s)}" for s in sorted(suffixes, key=len, reverse=True)
        ]
        self.past_re = re.compile(r"(?<!\w)(?:" + "|".join(alts) + r")(?!\w)", re.I) if alts else None

    def _compile(self, rule: Rule) -> Compiled:
        groups: dict[str, str] = {}

        def sub(m: re.Match[str]) -> str:
            cls, grp = m.group(1), m.group(2) or m.group(1)
            if cls in BUILTIN:
                body = BUILTIN[cls][0]
            elif cls in self.class_regex:
                body = self.class_regex[cls]
            else:
                raise ValueError(f"{rule.source}: rule {rule.name!r}: unknown placeholder class {cls!r}")
            if grp in groups:
                raise ValueError(f"{rule.source}: rule {rule.name!r}: group {grp!r} used twice")
            groups[grp] = cls
            return f"(?P<{grp}>{body})"

        body = _PLACEHOLDER.sub(sub, _spaces(rule.pattern))
        first, nullable = first_chars(_PLACEHOLDER.sub(self._stand_in, _spaces(rule.pattern)))
        try:
            rx = re.compile(rule_regex(body, None if nullable else first), re.I)
        except re.error as exc:
            raise ValueError(f"{rule.source}: rule {rule.name!r}: bad pattern ({exc})") from exc
        if rule.span and rule.span not in rx.groupindex:
            raise ValueError(f"{rule.source}: rule {rule.name!r}: span group {rule.span!r} not in pattern")
        return Compiled(rule, rx, groups, self._triggers(rule.pattern), body)

    def _stand_in(self, m: re.Match[str]) -> str:
        """A ``{class}`` placeholder replaced by ``_stand_in`` of its class (cached per class)."""
        cls, grp = m.group(1), m.group(2) or m.group(1)
        if cls not in self._first_cache:
            regex = BUILTIN[cls][0] if cls in BUILTIN else self.class_regex.get(cls)
            self._first_cache[cls] = _stand_in(*first_chars(regex)) if regex else "(?s:.)"
        return f"(?P<{grp}>{self._first_cache[cls]})"

    def _class_triggers(self, cls: str) -> frozenset[str] | None:
        """One token per entry of a word class (its least common-looking one); None if some entry has
        only stopwords (then the class alone cannot tell where to look)."""
        if cls in BUILTIN:
            return BUILTIN_TRIGGERS.get(cls, DIGITS)
        names = ["number", "article"] if cls == "num" else [cls]
        out = set(DIGITS) if cls == "num" else set()
        for name in names:
            for w in self.res.classes.get(name, {}):
                toks = [(digit_key(t) if t.isdigit() else t.lower()) for t in _TOKEN.findall(w)]
                toks = [t for t in toks if t not in self.stopwords]
                if not toks:
                    return None
                out.add(max(toks, key=len))
        return frozenset(out)

    def _triggers(self, pattern: str) -> frozenset[str] | None:
        return required_tokens(pattern, self._class_triggers, self.stopwords)

    # ---------------------------------------------------------------- finding
    def find(self, text: str, use_triggers: bool = True) -> list[tuple[int, int, Compiled, dict[str, Any]]]:
        """Non-overlapping candidate matches (longest first, then higher priority, then rule order), sorted
        by start.

        Each rule is searched only in windows around its trigger tokens (``use_triggers=False``
        searches everywhere: same result, slower; the tests check the equivalence)."""
        where = self._token_spans(text)
        present = where.keys()
        cands = []
        n = len(text)
        by_triggers: dict[frozenset[str], list[tuple[int, int]]] = {}  # rules often share their triggers
        by_requires: dict[tuple[frozenset[str], tuple[frozenset[str], ...]], list[tuple[int, int]]] = {}
        token_bounds: dict[frozenset[str], tuple[list[int], list[int]]] = {}
        for order, c in enumerate(self.rules):
            if c.triggers is None or not use_triggers:
                windows = [(0, n)]
            elif (cached := by_triggers.get(c.triggers)) is not None:
                windows = cached
            else:
                keys = c.triggers & present
                if not keys:
                    by_triggers[c.triggers] = []
                    continue
                spans = where[next(iter(keys))] if len(keys) == 1 else sorted(
                    sp for key in keys for sp in where[key])
                windows = by_triggers[c.triggers] = _windows(spans, n, text)
            if c.requires and use_triggers:
                # A window holds a match only if it holds a whole token of each of the rule's other
                # requirements too (a match lies in its window and holds them): the others are dropped, so
                # ``re`` searches a fifth fewer characters on egypt (9.0 -> 7.2 M; find() -4%, the check
                # included). Windows are kept or dropped whole, never trimmed, so the matches found in those
                # kept are the same.
                key = (c.triggers, c.requires)
                if (kept := by_requires.get(key)) is None:
                    kept = by_requires[key] = _holding(windows, c.requires, where, token_bounds)
                windows = kept
            # the rule's attributes read once, not per window and match (80k windows on egypt)
            span, rank, finditer = c.rule.span, (-c.rule.priority, order), c.regex.finditer
            for ws, we in windows:
                for m in finditer(text, ws, we):
                    s, e = m.span(span) if span else m.span()
                    if e > s:
                        cands.append((s, e, rank, c, m))
        cands.sort(key=lambda x: (-(x[1] - x[0]), x[2], x[0]))
        taken = bytearray(len(text))  # 1 where a chosen timex already sits: O(span) overlap checks
        out = []
        for s, e, _, c, m in cands:
            if taken.find(1, s, e) >= 0:
                continue
            fields = self._fields(c, m)
            if fields is None:
                continue
            taken[s:e] = b"\x01" * (e - s)
            out.append((s, e, c, fields))
        out.sort(key=lambda x: x[0])
        return out

    def _token_spans(self, text: str) -> dict[str, list[tuple[int, int]]]:
        """Spans of the trigger tokens in ``text``, by lowercased token ("#dN" for a run of N digits).

        The same as lowercasing every ``_TOKEN`` (a Python loop over ~2,000 tokens per article, the
        tagger's biggest cost), but with a C-level scan: the text is lowercased once and one regex of all
        trigger words, as whole letter tokens, finds them.
        Lowercasing the whole text equals lowercasing token by token unless a character lowercases to two
        (offsets would shift) or a capital sigma's form depends on letters outside its token; and a letter
        token that starts with a digit-like character ("²") is keyed as digits. Such text takes the
        token-by-token loop."""
        low = text.lower()
        if len(low) != len(text) or "\u03a3" in text or (
                not low.isascii() and any(ch.isdigit() for ch in set(low) if ch > "\x7f")):
            return all_token_spans(text)
        where: dict[str, list[tuple[int, int]]] = {}
        if self.trigger_re is None or "_" in low:
            for m in self.trigger_re.finditer(low) if self.trigger_re else ():
                where.setdefault(m.group(), []).append(m.span())
            after_digits = None
        else:
            # A trigger word is a whole letter token: the character before it is no letter. Either it is no
            # word character (``\b``, the trie's first characters being letters) or, as "_" is absent, a
            # digit (checked below; digit-like characters took the loop above). Two passes, but the first
            # is cheaper than the look-behind (_token_spans 0.30 -> 0.24 s on egypt).
            for m in self.trigger_b_re.finditer(low):  # type: ignore[union-attr]
                where.setdefault(m.group(), []).append(m.span())
            after_digits, firsts, at = [], self.trigger_firsts, self.trigger_at_re.match  # type: ignore[union-attr]
        n = len(low)
        for m in _DIGIT_RUN.finditer(low):
            sp = m.span()  # the key from the span (``digit_key`` of the run): no group string per run
            where.setdefault(_DIGIT_KEYS[min(sp[1] - sp[0], 5)], []).append(sp)
            if after_digits is not None and sp[1] < n and low[sp[1]] in firsts and (t := at(low, sp[1])):
                after_digits.append(t)
        for t in after_digits or ():
            where.setdefault(t.group(), []).append(t.span())
        for key in {t.group() for t in after_digits or ()}:
            where[key].sort()
        return where

    def _fields(self, c: Compiled, m: re.Match[str]) -> dict[str, Any] | None:
        fields: dict[str, Any] = {}
        for grp, cls in c.groups.items():
            raw = m.group(grp)
            if raw is None:
                continue
            key = grp.split("__")[0]  # "year__2": a second alternative filling the same field
            if cls in BUILTIN:
                fields[key] = BUILTIN[cls][1](raw)
            elif cls == "num":
                fields[key] = self._number(raw)
            else:
                val = self.res.classes[cls].get(" ".join(raw.lower().split()))
                if val is None:
                    return None
                fields[key] = val
        return fields

    def _number(self, raw: str) -> int | float | str | None:
        raw = raw.strip()
        if raw[:1].isdigit():
            half = 0.5 if raw.endswith("1/2") else 0.0  # "2 1/2 years"
            if half:
                raw = raw[:-3].rstrip(" -")
            try:
                v = float(raw.replace(",", "")) + half
            except ValueError:
                return None
            return int(v) if v.is_integer() else v
        words = self.number_words
        whole = words.get(" ".join(raw.lower().split()))  # multi-word entries: "a couple of"
        if whole is not None:
            return whole
        total, cur = 0, 0
        for w in re.split(r"[\s-]+", raw.lower()):
            v = words.get(w)
            if v is None:
                return None
            if v == "X":
                return "X"
            if v in (100, 1000, 1_000_000) and cur:
                cur *= v
            elif v in (1000, 1_000_000):
                total += max(cur, 1) * v
                cur = 0
            else:
                cur += v
        return total + cur

    # ---------------------------------------------------------------- tagging
    def tag(self, text: str, dct: date) -> list[Timex]:
        ctx = Context(text=text, dct=Point(dct, "D"), narrative=None, future_re=self.future_re,
                       future_prefix_re=self.future_prefix_re, past_re=self.past_re,
                      past_prefix_re=self.past_prefix_re, past_apposed_re=self.past_apposed_re,
                      past_perfect_re=self.past_perfect_re,
                      abbreviations=self.abbreviations, weak_future_prefix_re=self.weak_future_prefix_re,
                      future_before_re=self.future_before_re, reported=self.reported,
                      not_verbs=self.not_verbs, scheduled=self.scheduled, determiners=self.determiners,
                      verb_before_re=self.verb_before_re, deferral_re=self.deferral_re,
                      stamp_lead_re=self.stamp_lead_re, past_plan_re=self.past_plan_re)
        out: list[Timex] = []
        kinds: list[str] = []  # per timex: how its day was decided (see _adjacent)
        entries: list[tuple[int, str]] = []  # calendar days that open their line (see _chronology_years)
        inline: list[int] = []  # free calendar days inside a line (see _chronology_years)
        for s, e, c, fields in self.find(text):
            ctx.start, ctx.end = s, e
            try:
                res = NORMALIZERS[c.rule.norm](fields, c.rule.args, ctx)
            except (ValueError, OverflowError, KeyError, TypeError, ZeroDivisionError):
                res = None
            if res is None:
                continue
            typ, value, mod, anchor, point = res
            typ = typ or c.rule.type
            out.append(Timex(text[s:e], s, e, typ, value, mod, anchor))
            kinds.append(_day_kind(c, fields, anchor))
            if kinds[-1] == "explicit" and _DAY_VALUE.match(value):
                # "free": a yearless day whose year came from the nearest-year rule alone; "written": its
                # year is in the text; "story": the year of the story told before it
                how = ("written" if anchor is None and fields.get("year") is not None
                       else "free" if anchor == "dct" and fields.get("year") is None
                       and "wd" not in fields and not c.rule.args.get("dir") else "story")
                if opens_line(text, s):
                    entries.append((len(out) - 1, how))
                elif how == "free":
                    inline.append(len(out) - 1)
            if point is not None and typ in ("DATE", "TIME") and c.rule.args.get("narrative", True):
                ctx.narrative = point
                ctx.narrative_heads_line = heads_line(text, s) or ctx.stamp(s)
            if (point is not None and c.rule.norm == "date" and point.gran == "D"
                    and (fields.get("year") is not None and anchor is None or anchor == "narrative")):
                ctx.absolute, ctx.absolute_end = point, e
                ctx.absolute_opens_line = opens_line(text, s)
        _chronology_years(text, out, entries, inline, dct)
        return _adjacent(text, out, kinds, self.apposed_re)


_DAY_VALUE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

CHRONOLOGY_MIN = 3  # entries that make a list a chronology
CHRONOLOGY_SLACK = timedelta(days=31)  # a step against a list's order that still counts as in order


def _chronology_years(text: str, out: list[Timex], entries: list[tuple[int, str]], inline: list[int],
                      dct: date) -> None:
    """Years for the yearless days of a chronology. Read alone, each day takes the year nearest the
    publication date, so a review of the year published on 22 December ("- 14 jan: TUNISIE ...", "- 11
    mars: ...", "- 2 mai: ...") put January to March in the coming year and May on in the past one. The
    calendar days that open their lines (``entries``: index into ``out``, and whether its year is "free",
    from that rule alone, "written" in the text or the "story"'s) are a list told in order: one list ends
    where a day written with its year steps back ("- 25 juin : 16e train de sanctions." then "- 29 avril
    2011 : ..."). In a list out of order, each free day takes the year (the publication year or one either
    side) that puts the list in order, forward or backward up to ``CHRONOLOGY_SLACK`` ("- 9 nov" before "-
    8 nov" is in order), at the least summed ``year_cost``. Lists in order are left as they are. Then a
    yearless day inside an entry's line of such a list (``inline``) takes the year nearest the entry's
    day, not the publication date's ("- 11 fév: EGYPTE - Moubarak démissionne ... Le procès de Moubarak
    commence le 3 août." is that year's August; "17 August Assange meets a woman he met at the seminar on
    14 August" that entry's August). Written by hand: no tagger we know of resolves a list's years
    jointly."""
    days = [date.fromisoformat(out[i].value[:10]) for i, _ in entries]
    lists: list[list[int]] = []  # positions in ``entries``
    for k, (_, how) in enumerate(entries):
        if not lists or (how == "written" and days[k] < days[k - 1] - CHRONOLOGY_SLACK):
            lists.append([])
        lists[-1].append(k)
    for ks in lists:
        free = [entries[k][1] == "free" for k in ks]
        if len(ks) >= CHRONOLOGY_MIN and any(free):
            _order_list([days[k] for k in ks], free, dct,
                        lambda j, d, ks=ks: _set_day(out, entries[ks[j]][0], d))
    listed = {entries[k][0] for ks in lists if len(ks) >= CHRONOLOGY_MIN for k in ks}
    starts = [out[i].start for i, _ in entries]
    for i in inline:
        k = bisect_left(starts, out[i].start) - 1  # the last entry before the day
        if k < 0 or entries[k][0] not in listed or "\n" in text[out[entries[k][0]].end : out[i].start]:
            continue
        ref = date.fromisoformat(out[entries[k][0]].value[:10])
        day = date.fromisoformat(out[i].value[:10])
        options = [d for y in (ref.year - 1, ref.year, ref.year + 1)
                   if (d := safe_date(y, day.month, day.day)) is not None]
        if options:  # none for 29 February when no year around the entry's has one: the day stays as read
            _set_day(out, i, min(options, key=lambda d: abs((d - ref).days)))  # later developments as often


def _set_day(out: list[Timex], i: int, d: date) -> None:
    if out[i].value[:10] != d.isoformat():
        out[i] = replace(out[i], value=d.isoformat() + out[i].value[10:])


def _order_list(days: list[date], free: list[bool], dct: date, setter: Callable[[int, date], None]) -> None:
    """The least-cost years of one list's free days that put it in order (``_chronology_years``), passed
    to ``setter(position, day)``; nothing when the list is in order already or cannot be put in order."""
    slack = CHRONOLOGY_SLACK
    pairs = list(zip(days, days[1:], strict=False))
    if all(b >= a - slack for a, b in pairs) or all(b <= a + slack for a, b in pairs):
        return
    options = [[d for y in (dct.year - 1, dct.year, dct.year + 1)
                if (d := safe_date(y, day.month, day.day)) is not None] if f else [day]
               for day, f in zip(days, free, strict=True)]
    best: tuple[float, list[date]] | None = None
    for forward in (True, False):
        # cost[k][j]: the least cost of days 0..k with day k read as options[k][j]; back[k][j]: the
        # reading of day k - 1 it follows
        cost: list[list[float]] = [[year_cost(d, dct) for d in options[0]]]
        back: list[list[int]] = [[]]
        for k in range(1, len(options)):
            row, arg = [], []
            for d in options[k]:
                prev = min(((cost[-1][j], j) for j, p in enumerate(options[k - 1])
                            if (d >= p - slack if forward else d <= p + slack)), default=(math.inf, -1))
                row.append(prev[0] + year_cost(d, dct))
                arg.append(prev[1])
            cost.append(row)
            back.append(arg)
        total, j = min((c, j) for j, c in enumerate(cost[-1]))
        if total == math.inf:
            continue
        chosen = []
        for k in range(len(options) - 1, -1, -1):
            chosen.append(options[k][j])
            j = back[k][j] if k else j
        if best is None or total < best[0]:
            best = (total, chosen[::-1])
    if best is not None:
        for j, d in enumerate(best[1]):
            if free[j]:
                setter(j, d)
    elif all(free) and len(days) >= CHAIN_MIN and _mostly_in_order(days):
        for j, d in enumerate(_chain_years(days, dct)):
            setter(j, d)


CHAIN_MIN = 6  # entries of a list whose years ``_chain_years`` counts
CHAIN_AGAINST = 0.25  # the share of steps against its order a list may have (a year boundary each)


def _steps(days: list[date]) -> tuple[int, int]:
    """How many times month and day rise, and fall, from one entry to the next (years aside)."""
    md = [(d.month, d.day) for d in days]
    pairs = list(zip(md, md[1:], strict=False))
    return sum(b > a for a, b in pairs), sum(b < a for a, b in pairs)


def _mostly_in_order(days: list[date]) -> bool:
    """Whether month and day rise from entry to entry (or fall, newest first) but at a few steps, the year
    boundaries: a chronology, not lines that merely open with a day in no order (about half the steps of
    those go against any order)."""
    return min(_steps(days)) <= CHAIN_AGAINST * (len(days) - 1)


def _chain_years(days: list[date], dct: date) -> list[date]:
    """The years of a list of yearless days that spans more years than the publication year and one either
    side (``_order_list`` found no reading in order): a retrospective whose year headings were lost ("- 15
    marzo: Primeras protestas ... - 18 agosto: ... - 3-4 febrero: Comienza el asedio a Homs ... - 19
    diciembre: La Casa Blanca anuncia el inicio de su retirada", an EFE chronology of 2011-2018 published on
    20 December 2018). Such a list ends at the publication date: its most recent entry takes the latest
    reading up to a week after it, and each step against the list's order (more than ``CHRONOLOGY_SLACK``)
    is a year boundary, counted back from there. Told newest first, the same from its first entry."""
    slack = CHRONOLOGY_SLACK
    up, down = _steps(days)
    out = list(days)
    prev: date | None = None
    for j in reversed(range(len(days))) if up >= down else range(len(days)):  # the most recent entry first
        month, day = days[j].month, days[j].day
        year = dct.year if prev is None else prev.year
        d = safe_date(year, month, day) or safe_date(year, month, 28)  # 29 February in another year: the 28th
        if d is not None and d > (dct + timedelta(days=7) if prev is None else prev + slack):
            year -= 1
            d = safe_date(year, month, day) or safe_date(year, month, 28)
        if d is None:  # counted back past year 1 (thousands of entries): the days stay as read
            return list(days)
        out[j] = prev = d
    return out


def _day_kind(c: Compiled, fields: dict[str, Any], anchor: str | None) -> str:
    """"explicit": a calendar day named by month and day; "clock": a bare clock time, on the story's or the
    publication day; "guessed": a day taken from a weekday's tense; "anaphor": a day counted from the
    story's reference time ("two days later"); "deictic": a day counted from the publication date
    ("tomorrow", "this morning"); "" for anything else."""
    norm = c.rule.norm
    if norm == "date" and "month" in fields and "day" in fields and not c.rule.args.get("gran"):
        return "explicit"
    if norm == "clock" and "month" in fields and "day" in fields:
        return "explicit"
    if norm == "clock" and "weekday" not in fields:
        return "clock"
    if norm in ("weekday", "clock"):
        return "guessed"
    if norm == "relative" and anchor == "narrative":
        return "anaphor"
    if norm in ("relative", "part_of_day") and anchor == "dct":
        return "deictic"
    return ""


def _adjacent(text: str, out: list[Timex], kinds: list[str], apposed: re.Pattern[str]) -> list[Timex]:
    """An explicit calendar day right after a weekday, a bare clock time or an anaphor names the day they
    refer to, so it wins over the weekday's tense guess or the narrative count ("from 6:30 this morning",
    "7 a.m. tomorrow": the same for a bare clock time and a deictic day): "at 3 a.m. on Sunday,
    March 2" is never the next Sunday; "Three days later, on June 14" is June 14. (TimeML gives both
    expressions the explicit date's value.) ``apposed`` matches what may stand between them: punctuation
    and the resources' ``apposition`` words ("on", "local time")."""
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        # a bare clock time also takes the day of a deictic expression right after it ("7 a.m. tomorrow")
        wanted = ("explicit", "deictic", "guessed") if kinds[i] == "clock" else ("explicit",)
        if kinds[i] not in ("clock", "guessed", "anaphor") or kinds[i + 1] not in wanted:
            continue
        if not _DAY_VALUE.match(a.value) or not _DAY_VALUE.match(b.value):
            continue
        m = apposed.match(text, a.end, b.start)
        if m is None or m.end() != b.start:
            continue
        out[i] = replace(a, value=b.value[:10] + a.value[10:], anchor=b.anchor)
    return out
