"""JSON Lines: one article per line with at least ``date`` and ``text``.

Optional keys: ``id``, ``title``, ``url``, ``source``, ``language`` (``published`` is accepted for ``date``).
Lines are decoded one at a time so that one bad line (invalid UTF-8, broken JSON) rejects only itself.
``.gz`` files are read through :mod:`gzip`.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from dateline.ingest.common import BadRecord, check_size, decode, language_code, make_article
from dateline.types import Article, Reject


def _open(path: Path) -> IO[bytes]:
    return gzip.open(path, "rb") if path.suffix == ".gz" else path.open("rb")


def _str(value: object) -> str | None:
    return value if isinstance(value, str) else (None if value is None else str(value))


def parse_record(obj: object, file: str, line: int, max_bytes: int) -> Article | Reject:
    if not isinstance(obj, dict):
        return Reject(file, line, f"not a JSON object (got {type(obj).__name__})")
    published = obj.get("date", obj.get("published"))
    if published is None:
        return Reject(file, line, "no date (missing 'date' key)")
    if "text" not in obj or obj["text"] is None:
        return Reject(file, line, "empty body (missing 'text' key)")
    return make_article(
        published=published, text=obj["text"], file=file, record=line, max_bytes=max_bytes,
        id=_str(obj.get("id")), title=_str(obj.get("title")), url=_str(obj.get("url")),
        source=_str(obj.get("source")), language=language_code(obj.get("language")),
    )


def read_jsonl(path: Path, max_bytes: int) -> Iterator[Article | Reject]:
    """Records are numbered by line (from 1); blank lines are skipped."""
    file = str(path)
    try:
        fh = _open(path)
    except OSError as exc:
        yield Reject(file, None, f"cannot read file ({exc.strerror or exc})")
        return
    with fh:
        line = 0
        try:
            for raw in fh:
                line += 1
                if not raw.strip():
                    continue
                try:
                    check_size(len(raw), max_bytes)
                    obj = json.loads(decode(raw))
                except BadRecord as exc:
                    yield Reject(file, line, str(exc))
                    continue
                except json.JSONDecodeError as exc:
                    yield Reject(file, line, f"invalid JSON ({exc.msg} at column {exc.colno})")
                    continue
                yield parse_record(obj, file, line, max_bytes)
        except (OSError, EOFError) as exc:  # truncated .gz, I/O error: keep what was read
            yield Reject(file, line + 1, f"cannot read further ({exc})")
