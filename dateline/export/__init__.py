"""Timeline exports: one ``render(timeline, fmt)`` for every format a newsroom tool opens.

Every format carries provenance (article id, title, url, publication date) per sentence, and
article text is always escaped for the target format, never interpreted as markup.
"""

from __future__ import annotations

from collections.abc import Callable

from dateline.export.formats import (
    render_csv,
    render_html,
    render_json,
    render_markdown,
    render_text,
    render_timelinejs,
    safe_url,
)
from dateline.types import Timeline


class ExportError(ValueError):
    """An export that cannot be produced (unknown format); the message names the format and the choices."""


RENDERERS: dict[str, Callable[[Timeline], str]] = {
    "text": render_text,
    "md": render_markdown,
    "json": render_json,
    "html": render_html,
    "csv": render_csv,
    "timelinejs": render_timelinejs,
}
FORMATS: tuple[str, ...] = tuple(RENDERERS)
# What a file of each format is usually called, for ``--out`` defaults and HTTP downloads.
EXTENSIONS: dict[str, str] = {
    "text": "txt",
    "md": "md",
    "json": "json",
    "html": "html",
    "csv": "csv",
    "timelinejs": "json",
}
MEDIA_TYPES: dict[str, str] = {
    "text": "text/plain; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "json": "application/json",
    "html": "text/html; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "timelinejs": "application/json",
}


def render(timeline: Timeline, fmt: str) -> str:
    """Render ``timeline`` as ``fmt`` (one of ``FORMATS``); raises ExportError for an unknown format."""
    try:
        renderer = RENDERERS[fmt]
    except KeyError:
        raise ExportError(
            f"format {fmt!r}: unknown export format (choose one of {', '.join(FORMATS)})"
        ) from None
    return renderer(timeline)


__all__ = ["EXTENSIONS", "FORMATS", "MEDIA_TYPES", "ExportError", "render", "safe_url"]
