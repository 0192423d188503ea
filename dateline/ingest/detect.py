"""Which reader reads a path: by extension first, then by sniffing the first bytes.

``--format`` overrides detection. A directory is walked (sorted, hidden entries skipped) and each file
gets its own format, so one command can ingest a dataset folder of mixed files.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from dateline.ingest.dirs import ISO_DAY
from dateline.ingest.seed import SNIFF as SEED_SNIFF

FORMATS = ("seed", "jsonl", "dir", "html", "warc", "rss", "timeml")

EXTENSIONS: dict[str, str] = {
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".jsonl.gz": "jsonl", ".ndjson.gz": "jsonl",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".warc": "warc", ".warc.gz": "warc", ".arc": "warc", ".arc.gz": "warc",
    ".rss": "rss", ".atom": "rss",
    ".tml": "timeml", ".timeml": "timeml",
}
"""Unambiguous extensions. ``.txt`` (seed or dated folder) and ``.xml`` (feed or TimeML) are sniffed."""

FORMAT_EXTENSIONS: dict[str, tuple[str, ...]] = {
    "seed": (".txt",), "dir": (".txt",),
    "jsonl": (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz", ".json"),
    "html": (".html", ".htm", ".xhtml"),
    "warc": (".warc", ".warc.gz", ".arc", ".arc.gz"),
    "rss": (".rss", ".atom", ".xml"),
    "timeml": (".tml", ".timeml", ".xml"),
}
"""With ``--format`` and a directory: the files of that format to take from it."""

SKIP_DIRS = {"timelines"}
"""Reference timelines of timeline-summarization datasets (``<topic>/timelines/*.jsonl``) sit beside the
articles; a folder walk in auto mode passes them over instead of rejecting every line as "no text"."""

_HTML = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b", re.IGNORECASE | re.DOTALL)
_FEED = re.compile(rb"<(rss|feed|rdf:RDF)\b", re.IGNORECASE)
_TIMEML = re.compile(rb"<TimeML\b")


def suffix(path: Path) -> str:
    """``.warc.gz`` rather than ``.gz``: compressed formats keep their inner extension."""
    sfx = [s.lower() for s in path.suffixes[-2:]]
    if len(sfx) == 2 and sfx[1] == ".gz":
        return "".join(sfx)
    return sfx[-1] if sfx else ""


def sniff(path: Path, head: bytes) -> str | None:
    """Guess a format from the first bytes of a file (and, for text, its folder)."""
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    gz_warc = head.startswith(b"\x1f\x8b") and ".warc" in path.name
    if stripped.startswith((b"WARC/", b"filedesc://")) or gz_warc:
        return "warc"
    if stripped.startswith(b"{"):
        return "jsonl"
    if stripped.startswith(b"<"):
        if _TIMEML.search(head):
            return "timeml"
        if _FEED.search(head):
            return "rss"
        if _HTML.match(stripped):
            return "html"
        return None
    try:
        text = head.decode("utf-8", "ignore")
    except UnicodeDecodeError:  # pragma: no cover - "ignore" never raises
        return None
    if SEED_SNIFF.match(text):
        return "seed"
    if any(ISO_DAY.match(p.name) for p in path.resolve().parents):
        return "dir"  # even when the folder date is impossible: the dir reader then says so
    return None


def detect_format(path: Path) -> str | None:
    """The format of one file, or None when it cannot be told (the caller rejects it)."""
    fmt = EXTENSIONS.get(suffix(path))
    if fmt is not None:
        return fmt
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError:
        return None
    return sniff(path, head)


def expand(paths: list[Path], fmt: str = "auto") -> Iterator[tuple[Path, str | None, bool]]:
    """Every file to read, with its format (None = unknown) and whether the user named it explicitly.

    Unknown files met while walking a folder are skipped by the caller (a README beside the data is not an
    error); unknown files named on the command line are rejected.
    """
    for path in paths:
        if path.is_dir():
            exts = FORMAT_EXTENSIONS.get(fmt)
            for p in sorted(path.rglob("*")):
                rel = p.relative_to(path).parts
                if any(part.startswith(".") for part in rel) or not p.is_file():
                    continue
                if fmt == "auto" and SKIP_DIRS.intersection(rel[:-1]):
                    yield p, None, False  # counted as skipped
                    continue
                if fmt == "auto":
                    yield p, detect_format(p), False
                elif exts is None or suffix(p) in exts:
                    yield p, fmt, False
        else:
            yield path, (detect_format(path) if fmt == "auto" else fmt), True
