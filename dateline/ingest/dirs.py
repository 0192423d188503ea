"""Folder trees whose folder names are publication dates: ``<topic>/<YYYY-MM-DD>/<name>.txt``.

The layout of the public timeline-summarization datasets (Timeline17, Crisis) and of ``examples/demo``.
Any depth is allowed: the nearest ancestor folder named like an ISO date gives the date. The source is the
file-name prefix when there is one (``coastal-wire-01.txt`` -> ``coastal-wire``), else the topic folder
above the date folder. A first line that is short and followed by a blank line is the title.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from dateline.ingest.common import BadRecord, make_article, read_file
from dateline.types import Article, Reject

ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PREFIX = re.compile(r"^(?P<prefix>[A-Za-z][\w.-]*?)[-_]\d+$")
_GENERIC = {"inputdocs", "docs", "articles", "texts", "data", "input", "raw"}
MAX_TITLE = 200


def date_folder(path: Path) -> tuple[Path, date] | None:
    """The nearest ancestor folder named ``YYYY-MM-DD`` that is a real date, and that date."""
    for parent in path.parents:
        if ISO_DAY.match(parent.name):
            try:
                return parent, date.fromisoformat(parent.name)
            except ValueError:
                continue
    return None


def source_of(path: Path, folder: Path | None) -> str | None:
    m = _PREFIX.match(path.stem)
    if m:
        return m.group("prefix")
    if folder is None:
        return None
    for parent in folder.parents:
        if parent.name and parent.name.lower() not in _GENERIC:
            return parent.name
    return None


def split_title(text: str) -> tuple[str | None, str]:
    """Headline, blank line, body -> (headline, body); otherwise (None, text)."""
    head, sep, rest = text.lstrip("\n").partition("\n")
    if sep and len(head.strip()) <= MAX_TITLE and head.strip() and rest.startswith(("\n", " \n", "\t\n")):
        return head.strip(), rest
    return None, text


def read_dated_file(path: Path, max_bytes: int) -> Iterator[Article | Reject]:
    """One article per ``.txt`` file, dated by its folder."""
    file = str(path)
    found = date_folder(path.resolve())
    if found is None:
        bad = next((p.name for p in path.parents if ISO_DAY.match(p.name)), None)
        reason = f"unparsable date {bad!r} in folder name" if bad else "no date (no YYYY-MM-DD folder)"
        yield Reject(file, None, reason)
        return
    folder, day = found
    try:
        text = read_file(path, max_bytes)
    except BadRecord as exc:
        yield Reject(file, None, str(exc))
        return
    title, body = split_title(text)
    yield make_article(
        published=day, text=body, file=file, record=None, max_bytes=max_bytes, title=title,
        source=source_of(path, folder),
    )


def walk_dated(root: Path) -> Iterator[Path]:
    """Every ``.txt`` file under ``root`` in a stable order (hidden files and folders skipped)."""
    for p in sorted(root.rglob("*.txt")):
        if not any(part.startswith(".") for part in p.relative_to(root).parts) and p.is_file():
            yield p
