"""Highlight spans (time expressions, entities, quotes, sentences) in an article from their offsets.

The text is cut at every span boundary into plain-text segments, each carrying the kinds of span that
cover it; the template prints each segment through autoescape. Article text is therefore never parsed
or rendered as HTML, whatever it contains. Hand-written because markup-based highlighters (e.g. Markup
wrapping, bleach) would have to trust the text they wrap.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

from markupsafe import Markup, escape


@dataclass
class Mark:
    """One span to highlight: ``kind`` becomes a CSS class, ``label`` a tooltip, ``anchor`` an element id."""

    start: int
    end: int
    kind: str
    label: str = ""
    anchor: str | None = None


@dataclass
class Segment:
    text: str
    start: int
    kinds: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    anchors: list[str] = field(default_factory=list)  # ids of marks that start here
    badges: list[str] = field(default_factory=list)  # e.g. a sentence's event date, shown before the text

    @property
    def css(self) -> str:
        return " ".join(f"hl-{k}" for k in dict.fromkeys(self.kinds))

    @property
    def title(self) -> str:
        return "; ".join(dict.fromkeys(x for x in self.labels if x))


def segments(text: str, marks: list[Mark], badges: dict[int, str] | None = None) -> list[Segment]:
    """Cut ``text`` at every mark boundary; spans outside the text or empty are ignored (clipped)."""
    n = len(text)
    badges = badges or {}
    valid = []
    for m in marks:
        s, e = max(0, min(m.start, n)), max(0, min(m.end, n))
        if e > s:
            valid.append(Mark(s, e, m.kind, m.label, m.anchor))
    cuts = sorted(
        {0, n, *(m.start for m in valid), *(m.end for m in valid), *(b for b in badges if 0 <= b < n)}
    )
    segs = [Segment(text=text[a:b], start=a) for a, b in zip(cuts, cuts[1:], strict=False) if b > a]
    starts = [s.start for s in segs]
    for m in valid:
        i = bisect_left(starts, m.start)
        if m.anchor and i < len(segs):
            segs[i].anchors.append(m.anchor)
        while i < len(segs) and segs[i].start < m.end:
            segs[i].kinds.append(m.kind)
            segs[i].labels.append(m.label)
            i += 1
    for pos, badge in badges.items():
        i = bisect_left(starts, pos)
        if i < len(segs) and segs[i].start == pos:
            segs[i].badges.append(badge)
    return segs


def article_marks(data: dict, hl: tuple[int, int] | None = None) -> tuple[list[Mark], dict[int, str]]:
    """Marks and event-date badges for the article page, from ``data.article(...)``'s dict."""
    marks: list[Mark] = []
    for t in data["timexes"]:
        marks.append(
            Mark(
                t["start"],
                t["end"],
                "timex",
                f"{t['type']} {t['value']}" + (f" ({t['mod']})" if t.get("mod") else ""),
            )
        )
    for m in data["mentions"]:
        marks.append(Mark(m["start"], m["end"], "entity", f"{m['label']}: {m['name']}"))
    for q in data["quotes"]:
        who = q["speaker"] or "unknown speaker"
        marks.append(Mark(q["start"], q["end"], "quote", f"quote by {who}", anchor=f"q-{q['id']}"))
    if hl is not None:
        marks.append(Mark(hl[0], hl[1], "source", "timeline source sentence", anchor="hl"))
    badges = {
        s["start"]: f"{s['event_date']}" + (f" · {s['date_source']}" if s.get("date_source") else "")
        for s in data["sentences"]
        if s.get("event_date")
    }
    return marks, badges


def to_html(segs: list[Segment]) -> Markup:
    """The highlighted text as HTML, every text and attribute value escaped here (markupsafe).

    Done in Python rather than in a Jinja loop: one article has hundreds of segments, and a single
    function that escapes each piece is both faster and easier to audit than template logic.
    """
    out: list[str] = []
    for s in segs:
        for b in s.badges:
            out.append(f'<sup class="evdate">{escape(b)}</sup>')
        if not s.kinds and not s.anchors:
            out.append(str(escape(s.text)))
            continue
        attrs = f' class="{escape(s.css)}"'
        if s.anchors:
            attrs += f' id="{escape(s.anchors[0])}"'
        if s.title:
            attrs += f' title="{escape(s.title)}"'
        out.append(f"<span{attrs}>{escape(s.text)}</span>")
    return Markup("".join(out))  # noqa: S704 - built only from escaped pieces above
