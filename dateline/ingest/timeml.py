"""Read TimeML (``.tml``) documents: raw TEXT, the DCT, and the gold TIMEX3 annotations.

Offsets are character offsets into the TEXT element's content with the tags removed and nothing
else changed (XML entities are decoded, as any XML reader does), so anyone can compare spans.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from dateline.types import Timex


class TimeMLError(ValueError):
    """A TimeML file that cannot be used; the message names the file and the reason."""


@dataclass
class TimeMLDoc:
    dct: date
    text: str
    gold: list[Timex] = field(default_factory=list)
    doc_id: str = ""


def _parse_dct(value: str, path: Path) -> date:
    """DCT values look like ``1998-01-08`` or ``1998-01-08T18:30:00``; keep the calendar day."""
    try:
        return date.fromisoformat(value[:10])
    except ValueError as exc:
        raise TimeMLError(f"{path}: DCT value {value!r} is not an ISO date") from exc


def _walk(elem: ET.Element, parts: list[str], gold: list[Timex], pos: int) -> int:
    """Append the text of ``elem``'s children to ``parts``; record TIMEX3 spans. Returns the new offset."""
    for child in elem:
        start = pos
        if child.text:
            parts.append(child.text)
            pos += len(child.text)
        pos = _walk(child, parts, gold, pos)
        if child.tag == "TIMEX3":
            a = child.attrib
            gold.append(
                Timex(
                    text="",  # filled in once the whole text is known
                    start=start,
                    end=pos,
                    type=a.get("type", ""),
                    value=a.get("value", ""),
                    mod=a.get("mod") or None,
                )
            )
        if child.tail:
            parts.append(child.tail)
            pos += len(child.tail)
    return pos


def read_timeml(path: str | Path) -> TimeMLDoc:
    """Parse one ``.tml`` file. Raises :class:`TimeMLError` naming the file when it is unusable."""
    path = Path(path)
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as exc:
        raise TimeMLError(f"{path}: cannot parse TimeML ({exc})") from exc
    text_el = root.find(".//TEXT")
    if text_el is None:
        raise TimeMLError(f"{path}: no <TEXT> element")
    dct_el = root.find(".//DCT/TIMEX3")
    if dct_el is None:
        dct_el = next(
            (t for t in root.iter("TIMEX3") if t.get("functionInDocument") == "CREATION_TIME"), None
        )
    if dct_el is None or not dct_el.get("value"):
        raise TimeMLError(f"{path}: no DCT (creation-time TIMEX3)")
    dct = _parse_dct(dct_el.get("value", ""), path)
    parts: list[str] = [text_el.text or ""]
    gold: list[Timex] = []
    _walk(text_el, parts, gold, len(parts[0]))
    text = "".join(parts)
    for t in gold:
        t.text = text[t.start : t.end]
    gold = [t for t in gold if t.text.strip()]
    gold.sort(key=lambda t: (t.start, t.end))
    doc_id_el = root.find(".//DOCID")
    doc_id = (doc_id_el.text or "").strip() if doc_id_el is not None else ""
    return TimeMLDoc(dct=dct, text=text, gold=gold, doc_id=doc_id or path.stem)
