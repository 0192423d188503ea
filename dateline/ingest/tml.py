"""TimeML ``.tml`` files (TempEval-3): the DCT is the date, the TEXT element the body.

A thin wrapper over :func:`dateline.ingest.timeml.read_timeml` (the temporal stage's reader, which also
returns the gold TIMEX3s used by evaluation). The text is kept exactly as TimeML has it, unstripped, so
character offsets of the gold annotations still point into the stored article.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from dateline.ingest.common import BadRecord, check_size, make_article
from dateline.types import Article, Reject

_AGENCY = re.compile(r"^(?:([A-Z]{2,5})(?:_[A-Z]{3}_)?\d|(wsj)_\d)")
"""Newswire document ids start with the agency: ``AFP_ENG_19970401.0006``, ``APW19980807.0261``,
``wsj_0006``."""


def read_tml(path: Path, max_bytes: int) -> Iterator[Article | Reject]:
    from dateline.ingest.timeml import TimeMLError, read_timeml

    file = str(path)
    try:
        check_size(path.stat().st_size, max_bytes)
        with path.open("rb") as fh:
            if b"\x00" in fh.read():
                raise BadRecord("binary content (NUL bytes)")
        doc = read_timeml(path)
    except BadRecord as exc:
        yield Reject(file, None, str(exc))
        return
    except TimeMLError as exc:
        reason = str(exc)
        yield Reject(file, None, reason.removeprefix(f"{path}: "))
        return
    except OSError as exc:
        yield Reject(file, None, f"cannot read file ({exc.strerror or exc})")
        return
    m = _AGENCY.match(doc.doc_id)
    yield make_article(
        published=doc.dct, text=doc.text, file=file, record=None, max_bytes=max_bytes, id=doc.doc_id,
        source=(m.group(1) or m.group(2).upper()) if m else None, strip=False, repair=False,
    )
