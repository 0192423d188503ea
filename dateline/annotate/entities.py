"""Named entities grouped per article, with short and long person names linked.

Pure over (text, label, start, end) mentions so it is testable without a model. Hand-written because
spaCy's NER finds mentions but does not group them: news names a person in full once ("Dmitry Medvedev")
and by surname afterwards ("Medvedev"), which must count as one entity under its longest name.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from dateline.types import Entity

KEPT_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "LAW", "WORK_OF_ART", "LANGUAGE"}
)
# A single-word mention with one of these labels may be the surname of a PERSON named in full
# (the small model often tags a lone surname as ORG).
_LINKABLE_LABELS = frozenset({"PERSON", "ORG"})
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_LEADING_THE = re.compile(r"^(?:the|The)\s+")

Mention = tuple[str, str, int, int]  # text, label, start, end


_TITLES = re.compile(
    r"^(?:(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Col|Capt|Lt|Sgt|Rev|St)\.?|President|Vice|Prime|Minister|Mayor|"
    r"Governor|Senator|Representative|General|Chancellor|King|Queen|Prince|Princess|Pope|Judge|Justice|"
    r"Chief|Secretary|Ambassador|Commissioner|Colonel|Captain|Officer|Detective|Inspector|Sheriff|Father|"
    r"Sir|Dame|Lord|Lady|Speaker|Chairman|Chairwoman|Premier|Coach|Professor|Doctor)\s+"
)


def normalize(name: str, label: str | None = None) -> str:
    """Mention text as a name: collapsed spaces, no leading "the", no possessive ending; for people,
    no leading titles ("Mayor Ana Silva" -> "Ana Silva", "Prime Minister Jane Doe" -> "Jane Doe")."""
    name = " ".join(name.split())
    name = _LEADING_THE.sub("", name)
    name = _POSSESSIVE.sub("", name).strip(" ,.;:-")
    if label == "PERSON":
        while (m := _TITLES.match(name)) and len(name) > m.end():
            name = name[m.end() :]
    return name


def link_names(names: dict[str, str]) -> dict[str, str]:
    """Map each name to its canonical form: a person's short name to the unique longer name it ends or
    starts with ("Medvedev" -> "Dmitry Medvedev"); ambiguous short names ("Smith" with two Smiths) stay."""
    people = [n for n, lab in names.items() if lab == "PERSON" and len(n.split()) > 1]
    canon: dict[str, str] = {}
    for name, label in names.items():
        canon[name] = name
        if label not in _LINKABLE_LABELS:
            continue
        words = name.split()
        matches = {
            p for p in people
            if p != name and len(p.split()) > len(words)
            and (p.split()[-len(words):] == words or (label == "PERSON" and p.split()[: len(words)] == words))
        }
        if len(matches) == 1:
            canon[name] = matches.pop()
    return canon


def group_entities(mentions: list[Mention]) -> list[Entity]:
    """One Entity per canonical name with every mention's span, most mentioned first."""
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    kept: list[tuple[str, str, int, int]] = []
    for text, label, start, end in mentions:
        if label not in KEPT_LABELS:
            continue
        name = normalize(text, label)
        if len(name) < 2:
            continue
        labels[name][label] += 1
        kept.append((name, label, start, end))
    majority = {n: c.most_common(1)[0][0] for n, c in labels.items()}
    canon = link_names(majority)
    grouped: dict[str, Entity] = {}
    for name, _label, start, end in kept:
        c = canon[name]
        ent = grouped.get(c)
        if ent is None:
            ent = grouped[c] = Entity(text=c, label=majority[c], count=0, name=c)
        ent.count += 1
        ent.spans.append((start, end))
    return sorted(grouped.values(), key=lambda e: (-e.count, e.name))
