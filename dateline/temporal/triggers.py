"""Which tokens must occur in any match of a rule pattern: lets the engine search only near them.

A small parser for the regex subset used by resource patterns (groups, alternation, quantifiers,
character classes, escapes, lookarounds, ``{class}`` placeholders). Hand-written because ``re``'s own
parser factors common prefixes out of alternations, which breaks the words apart.
For a sequence, any required element is enough; the most selective one is chosen. The result is a
set of lowercased tokens ("#d1".."#d5" = a run of 1, 2, 3, 4, 5+ digits), or None when nothing is required
(search everywhere).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

Trig = frozenset[str] | None
_PH = re.compile(r"\{([a-z_0-9]+)(?::[a-z_0-9]+)?\}")
_QUANT = re.compile(r"\?|\*|\+|\{\d*(?:,\d*)?\}")


DIGITS = frozenset({"#d1", "#d2", "#d3", "#d4", "#d5"})


def digit_key(tok: str) -> str:
    return f"#d{min(len(tok), 5)}"


def _cost(t: frozenset[str]) -> float:
    return len(t) + 20 * len(t & DIGITS)


def _best(cands: list[frozenset[str]]) -> Trig:
    return min(cands, key=_cost) if cands else None


class _Parser:
    def __init__(self, pattern: str, class_trig: Callable[[str], Trig], stopwords: set[str]) -> None:
        self.p, self.i, self.class_trig, self.stopwords = pattern, 0, class_trig, stopwords
        self.glue: dict[int, tuple[bool, bool]] = {}
        self.placeholders: set[int] = set()  # indices of ``{class}`` items in the sequence being parsed
        self.nonword: set[int] = set()  # items matching no letter or digit (\s, [ ,.], lookarounds)
        # the sequence parsed last (items, glue, placeholder indices): the whole pattern's, at the end
        self.last: tuple[list[tuple[str, object]], dict[int, tuple[bool, bool]], set[int], set[int]] = (
            [], {}, set(), set())

    def parse(self) -> Trig:
        t = self._alt()
        return t

    def _alt(self) -> Trig:
        branches = [self._seq()]
        while self.i < len(self.p) and self.p[self.i] == "|":
            self.i += 1
            branches.append(self._seq())
        if any(b is None for b in branches):
            return None
        return frozenset().union(*branches)  # type: ignore[arg-type]

    def _seq(self) -> Trig:
        # items: ("lit", ch) | ("req", Trig) | ("opt", None) | ("cls", Trig) | ("optlit", ch)
        items: list[tuple[str, object]] = []
        saved_glue, self.glue = self.glue, {}
        saved_ph, self.placeholders = self.placeholders, set()
        saved_nw, self.nonword = self.nonword, set()
        p = self.p
        while self.i < len(p) and p[self.i] not in "|)":
            ch = p[self.i]
            if ch == "(":
                self.i += 1
                look = negative = False
                if p.startswith("?", self.i):
                    m = re.match(r"\?(?:P<\w+>|<[!=]|[!=]|:|-i:|i:)", p[self.i :])
                    if m is None:
                        raise ValueError(f"unsupported group syntax at {self.i} in {p!r}")
                    look = m.group().startswith(("?<!", "?<=", "?!", "?="))
                    negative = m.group().startswith(("?<!", "?!"))
                    self.i += m.end()
                start = self.i
                inner = self._alt()
                src = p[start : self.i]
                self.i += 1  # ")"
                # can letters of this group touch a neighbouring literal word? (source starts/ends with one;
                # a negative lookaround only forbids characters, so it never glues any)
                self.glue[len(items)] = (False, False) if negative else (
                    src[:1] not in " ,.-'’\\", src[-1:] not in " ,.-'’")
                if look:
                    self.nonword.add(len(items))
                items.append(("opt", None) if look else ("req", inner))
            elif ch == "[":
                j = self.i + 1
                if j < len(p) and p[j] == "]":
                    j += 1
                while j < len(p) and p[j] != "]":
                    j += 2 if p[j] == "\\" else 1
                body = p[self.i + 1 : j]
                self.i = j + 1
                letters = bool(re.search(r"[A-Za-z]|\\w|\^", body))
                self.glue[len(items)] = (letters, letters)
                rest = re.sub(r"\\[^A-Za-z0-9]|\\s", "", body)
                if not body.startswith("^") and "\\" not in rest and not any(ch.isalnum() for ch in rest):
                    self.nonword.add(len(items))
                items.append(("cls", DIGITS if "0-9" in body or "\\d" in body else None))
            elif ch == "\\":
                nxt = p[self.i + 1 : self.i + 2]
                self.i += 2
                if nxt == "s":
                    self.nonword.add(len(items))
                if nxt == "d":
                    items.append(("cls", DIGITS))
                elif nxt.isalpha():
                    items.append(("cls", None))
                else:
                    items.append(("lit", nxt))
            elif ch == "{" and (m := _PH.match(p, self.i)):
                self.i = m.end()
                self.placeholders.add(len(items))
                items.append(("req", self.class_trig(m.group(1))))
            elif ch == ".":
                self.i += 1
                items.append(("cls", None))
            else:
                self.i += 1
                items.append(("lit", ch))
            q = _QUANT.match(p, self.i)
            if q:
                self.i = q.end()
                if q.group().startswith(("?", "*", "{0", "{,")):
                    kind, val = items[-1]
                    items[-1] = ("optlit", val) if kind == "lit" else ("opt", None)
        glue, self.glue = self.glue, saved_glue
        self.last = (items, glue, self.placeholders, self.nonword)
        self.placeholders, self.nonword = saved_ph, saved_nw
        return self._requirement(items, glue)

    def _scan(self, items: list[tuple[str, object]], glue: dict[int, tuple[bool, bool]]
              ) -> Iterator[tuple[int, str, object, str, bool]]:
        """Walk a sequence's ``items``: for each, ``(idx, kind, val, word, whole)`` where ``word`` is the
        literal word (lowercased) that ends just before it ("" if none) and ``whole`` says nothing can glue
        letters to that word in a match; a final ``("end", None)`` item closes the last word."""
        word, clean = "", True
        for idx, (kind, val) in enumerate([*items, ("end", None)]):
            if kind == "lit" and isinstance(val, str) and val.isalnum():
                if not word:
                    clean = idx == 0 or self._left_ok(items[idx - 1], glue.get(idx - 1))
                word += val
                continue
            right_ok = kind in ("end", "lit") or (
                kind in ("opt", "req", "cls") and not glue.get(idx, (True,))[0]
            )
            yield idx, kind, val, word.lower(), bool(word) and clean and right_ok
            word = ""

    def _requirement(self, items: list[tuple[str, object]], glue: dict[int, tuple[bool, bool]]) -> Trig:
        """A literal word counts as a token only if nothing can glue letters to it in a match."""
        cands: list[frozenset[str]] = []
        for _idx, kind, val, w, whole in self._scan(items, glue):
            if whole and w not in self.stopwords:
                cands.append(frozenset({digit_key(w)}) if w.isdigit() else frozenset({w}))
            if kind in ("req", "cls") and val is not None:
                cands.append(val)  # type: ignore[arg-type]
        return _best(cands)

    @staticmethod
    def _left_ok(item: tuple[str, object], g: tuple[bool, bool] | None) -> bool:
        kind = item[0]
        if kind == "lit":
            return True  # a non-alphanumeric literal (space, hyphen...)
        if kind in ("opt", "req", "cls") and g is not None:
            return not g[1]
        return False


def required_tokens(pattern: str, class_trig: Callable[[str], Trig], stopwords: set[str]) -> Trig:
    """Tokens one of which every match of ``pattern`` contains, or None if the analysis finds none."""
    return _Parser(pattern, class_trig, stopwords).parse()


def _apart(items: list[tuple[str, object]], nonword: set[int], idx: int, step: int) -> bool:
    """Whether nothing next to ``items[idx]`` (``step`` -1: before it, 1: after it) can glue a letter or digit
    to it: past optional items that match no letter or digit, the pattern's edge (the rule's boundaries) or
    a required one that matches none."""
    j = idx + step
    while 0 <= j < len(items):
        kind, val = items[j]
        plain = j in nonword or (kind in ("lit", "optlit") and isinstance(val, str) and not val.isalnum())
        if not plain:
            return False
        if kind not in ("opt", "optlit"):
            return True
        j += step
    return True


def required_sets(pattern: str, class_trig: Callable[[str], Trig],
                  stopwords: set[str]) -> list[frozenset[str]]:
    """Token sets a match of ``pattern`` (wrapped in the rule boundaries) holds one whole token of each of,
    besides ``required_tokens``' pick; only the sure ones of the top-level sequence (none when the pattern
    is an alternation at the top):

    - a literal letter word nothing can glue letters to (as for ``required_tokens``);
    - any digits ("#dN" of any N): an element that always matches a digit puts a whole digit run into the
      match, as digits never sit at a match's edge next to another word character; the run's length
      is not sure (a literal "0" before ``[1-9]`` is a run of two), so the set is all of ``DIGITS``;
    - a ``{class}`` of words with only non-word characters (spaces, punctuation) or the pattern's edges
      next to it: one of its entries, whose key token (see ``Engine._class_triggers``) then stands whole
      in the match.
    """
    p = _Parser(pattern, class_trig, stopwords)
    p._seq()
    if p.i < len(pattern):  # "a|b" at the top: no single sequence
        return []
    items, glue, placeholders, nonword = p.last
    out: list[frozenset[str]] = []
    for idx, kind, val, w, whole in p._scan(items, glue):
        if w.isdigit():
            out.append(DIGITS)
        elif whole and w not in stopwords and _TOKEN_WORD.fullmatch(w):
            out.append(frozenset({w}))
        if kind in ("req", "cls") and val is not None:
            trig: frozenset[str] = val  # type: ignore[assignment]
            if trig <= DIGITS:
                out.append(DIGITS)
            elif idx in placeholders and _apart(items, nonword, idx, -1) and _apart(items, nonword, idx, 1):
                out.append(trig)
    return list(dict.fromkeys(out))


_TOKEN_WORD = re.compile(r"[^\W\d_]+")  # a letter token (``engine._TOKEN``'s other kind: digit runs)
