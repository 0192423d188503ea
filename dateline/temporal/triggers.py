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
from collections.abc import Callable

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
                items.append(("cls", DIGITS if "0-9" in body or "\\d" in body else None))
            elif ch == "\\":
                nxt = p[self.i + 1 : self.i + 2]
                self.i += 2
                if nxt == "d":
                    items.append(("cls", DIGITS))
                elif nxt.isalpha():
                    items.append(("cls", None))
                else:
                    items.append(("lit", nxt))
            elif ch == "{" and (m := _PH.match(p, self.i)):
                self.i = m.end()
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
        return self._requirement(items, glue)

    def _requirement(self, items: list[tuple[str, object]], glue: dict[int, tuple[bool, bool]]) -> Trig:
        """A literal word counts as a token only if nothing can glue letters to it in a match."""
        cands: list[frozenset[str]] = []
        word, clean = "", True
        for idx, (kind, val) in enumerate(items + [("end", None)]):
            if kind == "lit" and isinstance(val, str) and val.isalnum():
                if not word:
                    clean = idx == 0 or self._left_ok(items[idx - 1], glue.get(idx - 1))
                word += val
                continue
            if word:
                right_ok = kind in ("end", "lit") or (
                    kind in ("opt", "req", "cls") and not glue.get(idx, (True,))[0]
                )
                w = word.lower()
                if clean and right_ok and w not in self.stopwords:
                    cands.append(frozenset({digit_key(w)}) if w.isdigit() else frozenset({w}))
                word = ""
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
