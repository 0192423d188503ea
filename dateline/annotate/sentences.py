"""A light rule-based sentence splitter, for the languages spaCy gives dateline no parser for and for the
benchmark fast path (``timeline.collection.build_collection``): offsets into the original text."""

from __future__ import annotations

import re
import re._parser as sre_parse

# A sentence end: . ! ? … (possibly closing quotes/brackets, which stay with the sentence they close),
# whitespace, then an opening capital.
_BOUNDARY = re.compile(
    r"(?<=[.!?…])(?P<q>[\"'»”’)\]]*)\s+(?=[\"«“¿¡(]?[A-ZÀ-ÖØ-Þ])")
# Tokens before a period that do not end a sentence: initials and short title abbreviations (Mr, Dr, Sr, Mme).
_ABBREV = re.compile(r"(?:\b[A-ZÀ-Þ]|\b[A-Z][a-z]{1,2}|\b(?:Mme|Mlle|Sra|Srta|Gen|Col|Sgt|Lt|Gov|Sen|Rep|"
                     r"etc|Jan|Feb|Aug|Sept|Oct|Nov|Dec|vs|approx|av|apr))\.$")
# Its longest match ("approx."): _ABBREV is searched in the last that many characters only, not along the
# whole sentence (``\b`` still sees the character before; a third of split time on Spanish topics).
_ABBREV_WIDTH = sre_parse.parse(_ABBREV.pattern).getwidth()[1]
_ORDINAL = re.compile(r"(?<![\d.,])\d{1,2}\.$")  # "15." of "am 15. März": an ordinal dot (de, da, pl, ...)
# Spanish writes a plural abbreviation with its letters doubled, and two of them in a row for one name:
# "EE. UU." (Estados Unidos), "RR. EE." (Relaciones Exteriores), "FF. AA.". The first's dot ends nothing
# when the second follows (ML-Crisis-es syria alone had 106 sentences cut after "los EE.").
_DOUBLED = re.compile(r"\b([A-ZÑ])\1\.$")
_DOUBLED_NEXT = re.compile(r"([A-ZÑ])\1\.(?!\w)")


def split_sentences(text: str, ordinal_dots: bool = False) -> list[tuple[int, int]]:
    """Sentence spans, by line first (a line wrapped inside a sentence joined to the next: ``_paragraphs``),
    then by punctuation.

    ``ordinal_dots``: a number of one or two digits before the dot does not end the sentence ("am 15. März";
    used for languages without tagger resources, which may write ordinals so; costs a boundary after a
    sentence ending in such a number).

    Hand-written rule splitter: spaCy's rule-based sentencizer needs its tokenizer (6 s for the 16k lines of
    one ML-Crisis topic, and 5 s to build the French blank pipeline), which breaks the 5-s-per-topic budget;
    pysbd is slower still. Benchmark text is one sentence (or paragraph) per line, and tokenized text
    (" , " / " . " everywhere) is taken line by line as it is.
    """
    spans: list[tuple[int, int]] = []
    tokenized = text.count(" , ") + text.count(" .\n") > 2 * (text.count(", ") - text.count(" , ") + 1)
    for s, e in _paragraphs(text, join=not tokenized):
        if tokenized:
            spans.append((s, e))
            continue
        para = text[s:e]
        last = 0
        for m in _BOUNDARY.finditer(para):
            chunk = para[last:m.start()].rstrip("\"'»”’)]")
            tail = max(0, len(chunk) - 4)
            if _ABBREV.search(chunk, max(0, len(chunk) - _ABBREV_WIDTH)) or \
                    (ordinal_dots and _ORDINAL.search(chunk, tail)) or \
                    (_DOUBLED.search(chunk, tail) and _DOUBLED_NEXT.match(para, m.end())):
                continue
            spans.append((s + last, s + m.end("q")))
            last = m.end()
        spans.append((s + last, e))
    return spans


# What ends a line that ends its sentence too: final punctuation, a colon, closing quotes or brackets.
_LINE_END = re.compile(r"[.!?…:;\"'»”’)\]]$")


def _paragraphs(text: str, join: bool) -> list[tuple[int, int]]:
    """Spans of the non-blank lines (stripped), a line joined to the one before when that one stops
    mid-sentence: it has no final punctuation and this one opens with a lower-case letter ("le Premier
    ministre David Cameron a" / "annoncé qu'il convoquait le Parlement"). Pages saved from the web are often
    wrapped so: 1,722 such breaks in the ML-Crisis-fr articles (180 in the Spanish ones), nearly all inside
    a sentence, whose halves were dated and summarized apart."""
    out: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        start = pos
        pos += len(line) + 1
        stripped = line.strip()
        if not stripped:
            continue
        s = start + len(line) - len(line.lstrip())
        e = s + len(stripped)
        if join and out and stripped[0].islower() and out[-1][1] == _previous_line_end(text, s) and \
                not _LINE_END.search(text, out[-1][1] - 1, out[-1][1]):
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def _previous_line_end(text: str, s: int) -> int:
    """Where the text before offset ``s`` ends, its whitespace (one line break and any blanks) skipped;
    -1 when a blank line lies between (a paragraph break is never joined)."""
    k = s
    while k > 0 and text[k - 1] in " \t\r\xa0":
        k -= 1
    if k == 0 or text[k - 1] != "\n":
        return -1
    k -= 1
    while k > 0 and text[k - 1] in " \t\r\xa0":
        k -= 1
    return k
