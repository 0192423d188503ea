"""A light rule-based sentence splitter, for the languages spaCy gives dateline no parser for and for the
benchmark fast path (``timeline.collection.build_collection``): offsets into the original text."""

from __future__ import annotations

import re
import re._parser as sre_parse

# A sentence end: . ! ? … (possibly closing quotes/brackets), whitespace, then an opening capital.
_BOUNDARY = re.compile(r"(?<=[.!?…])[\"'»”’)\]]*\s+(?=[\"«“¿¡(]?[A-ZÀ-ÖØ-Þ])")
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
    """Sentence spans, by line first, then by punctuation.

    ``ordinal_dots``: a number of one or two digits before the dot does not end the sentence ("am 15. März";
    used for languages without tagger resources, which may write ordinals so; costs a boundary after a
    sentence ending in such a number).

    Hand-written rule splitter: spaCy's rule-based sentencizer needs its tokenizer (6 s for the 16k lines of
    one ML-Crisis topic, and 5 s to build the French blank pipeline), which breaks the 5-s-per-topic budget;
    pysbd is slower still. Benchmark text is one sentence (or paragraph) per line, and tokenized text
    (" , " / " . " everywhere) is taken line by line as it is.
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    tokenized = text.count(" , ") + text.count(" .\n") > 2 * (text.count(", ") - text.count(" , ") + 1)
    for line in text.split("\n"):
        s = pos
        pos += len(line) + 1
        stripped = line.strip()
        if not stripped:
            continue
        s += len(line) - len(line.lstrip())
        if tokenized:
            spans.append((s, s + len(stripped)))
            continue
        last = 0
        for m in _BOUNDARY.finditer(stripped):
            chunk = stripped[last:m.start()].rstrip("\"'»”’)]")
            tail = max(0, len(chunk) - 4)
            if _ABBREV.search(chunk, max(0, len(chunk) - _ABBREV_WIDTH)) or \
                    (ordinal_dots and _ORDINAL.search(chunk, tail)) or \
                    (_DOUBLED.search(chunk, tail) and _DOUBLED_NEXT.match(stripped, m.end())):
                continue
            spans.append((s + last, s + m.start()))
            last = m.end()
        spans.append((s + last, s + len(stripped)))
    return spans
