"""The renderers behind ``dateline.export.render``; each takes a Timeline and returns text.

Escaping is per target: Markdown backslash escapes, HTML through Jinja2 autoescape, TimelineJS
(whose ``text`` fields are HTML) through ``html.escape``, CSV cells guarded against spreadsheet formulas.
Only http(s) URLs become links anywhere, so a ``javascript:`` URL in an article never becomes clickable.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import jinja2

from dateline.types import AHEAD, CARRIED, RESOLVED, SourceRef, Timeline, TimelineEntry, TimelineSentence

# 2: entries carry "granularity" (day | month | year) and "date" is written at it ("2002-10" for a month);
# lines carry "quoting" (speaker, role, direct). 3: lines carry "dated_by" (timex | narrative | publication).
# 4: lines carry "ahead" (published before the entry's day: an announcement or forecast, not a report).
# 5: lines carry "day_resolved_from" (the words of a day given only as a weekday or a relative day, which
# dateline worked out from the publication date: "Thursday"; null otherwise)
JSON_FORMAT_VERSION = 5
_TEMPLATES = Path(__file__).parent / "templates"


def safe_url(url: str | None) -> str | None:
    """An http(s) URL safe to put in an href (percent-encoded), or None for anything else."""
    if not url:
        return None
    url = url.strip()
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    if scheme not in ("http", "https"):
        return None
    return quote(url, safe=":/?#[]@!$&'()*+,;=%~-._")


def title_of(timeline: Timeline) -> str:
    """A human title: the query (or entity) the timeline was built for."""
    subject = timeline.query or timeline.params.get("entity") or timeline.params.get("query")
    return f"Timeline: {subject}" if subject else "Timeline"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _source_label(src: SourceRef) -> str:
    return _one_line(src.title or "") or src.article_id


def _id_note(src: SourceRef) -> str:
    """"id ..." beside a title; nothing when the label already is the id (an article without a title)."""
    return f"id {src.article_id}" if _source_label(src) != src.article_id else ""


# -- text -------------------------------------------------------------------------------------


def render_text(timeline: Timeline) -> str:
    """Plain text for a terminal or an e-mail: date, sentences, and where each came from."""
    out = [title_of(timeline), ""]
    if not timeline.entries:
        out.append("(no entries)")
    for entry in timeline.entries:
        mark = "  [background]" if entry.background else ""
        out.append(f"{entry.label}{mark}")
        for s in entry.sentences:
            src = s.source
            where = ", ".join(
                x for x in (_source_label(src), src.published, *s.notes, src.url, _id_note(src)) if x
            )
            quoting = s.quoting_label
            out.append(f"  - {_one_line(s.text)}")
            out.append(f"    ({where}{'; quoting ' + quoting if quoting else ''})")
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


# -- Markdown ---------------------------------------------------------------------------------

# CommonMark lets any ASCII punctuation be backslash-escaped; these are the ones that can start markup.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&!#])")


def md_escape(text: str) -> str:
    """Escape text so a Markdown renderer shows it literally (no links, no inline HTML, no emphasis)."""
    return _MD_SPECIAL.sub(r"\\\1", _one_line(text))


def render_markdown(timeline: Timeline) -> str:
    """Markdown for newsletters: one heading per date, one bullet per sentence with its source link."""
    out = [f"# {md_escape(title_of(timeline))}", ""]
    if timeline.method:
        out += [f"*Method: {md_escape(timeline.method)}*", ""]
    for entry in timeline.entries:
        heading = entry.label + (" (background)" if entry.background else "")
        out += [f"## {heading}", ""]
        for s in entry.sentences:
            src = s.source
            label = md_escape(_source_label(src))
            url = safe_url(src.url)
            link = f"[{label}](<{url}>)" if url else label
            meta = ", ".join(md_escape(x) for x in (src.published, *s.notes, _id_note(src)) if x)
            quoting = s.quoting_label
            said = f" — quoting *{md_escape(quoting)}*" if quoting else ""
            out.append(f"- {md_escape(s.text)}{said} — {link} ({meta})")
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


# -- JSON -------------------------------------------------------------------------------------


def render_json(timeline: Timeline) -> str:
    """The Timeline as JSON (``Timeline.to_dict``) with a title and a format version."""
    d: dict[str, Any] = {
        "format": "dateline-timeline",
        "version": JSON_FORMAT_VERSION,
        "title": title_of(timeline),
    }
    d.update(timeline.to_dict())
    return json.dumps(d, ensure_ascii=False, indent=2, default=str) + "\n"


# -- HTML -------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _html_env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(_TEMPLATES),
        autoescape=True,  # article text is data, never markup
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["safe_url"] = safe_url
    env.globals["AHEAD"] = AHEAD
    env.globals["CARRIED"] = CARRIED
    env.globals["RESOLVED"] = RESOLVED
    return env


def render_html(timeline: Timeline) -> str:
    """One self-contained HTML file (inline CSS, no scripts, no external resources)."""
    return (
        _html_env()
        .get_template("timeline.html")
        .render(title=title_of(timeline), timeline=timeline, source_label=_source_label)
    )


# -- CSV --------------------------------------------------------------------------------------

CSV_COLUMNS = [
    "date",
    "background",
    "score",
    "sentence",
    "article_id",
    "title",
    "url",
    "published",
    "start",
    "end",
    "quoting",
    "dated_by",
    "ahead",
    "day_resolved_from",
]


def csv_cell(value: object) -> str:
    """A cell spreadsheets will not execute: text starting with = + - @ (or tab/CR) gets a leading quote.

    This is OWASP's CSV-injection advice; newsrooms open these files in Excel and Sheets.
    """
    s = "" if value is None else str(value)
    if s and s[0] in "=+-@\t\r":
        return "'" + s
    return s


def render_csv(timeline: Timeline) -> str:
    """One row per timeline sentence, with its date and full provenance."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for entry in timeline.entries:
        for s in entry.sentences:
            src = s.source
            w.writerow(
                [
                    entry.label,
                    int(entry.background),
                    f"{entry.score:.4g}",
                    csv_cell(_one_line(s.text)),
                    csv_cell(src.article_id),
                    csv_cell(src.title),
                    csv_cell(src.url),
                    src.published or "",
                    "" if src.start is None else src.start,
                    "" if src.end is None else src.end,
                    csv_cell(s.quoting_label),
                    s.dated_by or "",
                    int(s.ahead),
                    csv_cell(s.day_resolved_from),
                ]
            )
    return buf.getvalue()


# -- TimelineJS -------------------------------------------------------------------------------

_HEADLINE_CHARS = 110


def _headline(text: str) -> str:
    text = _one_line(text)
    if len(text) <= _HEADLINE_CHARS:
        return text
    return text[: _HEADLINE_CHARS - 1].rsplit(" ", 1)[0] + "…"


def _tljs_source(src: SourceRef, notes: list[str] | None = None) -> str:
    label = html.escape(_source_label(src))
    url = safe_url(src.url)
    link = (
        f'<a href="{html.escape(url)}" target="_blank" rel="noopener noreferrer">{label}</a>'
        if url
        else label
    )
    meta = " · ".join(html.escape(x) for x in (src.published, *(notes or ()), f"id {src.article_id}") if x)
    return f'<span class="dateline-source">{link} ({meta})</span>'


def _tljs_quoting(s: TimelineSentence) -> str:
    quoting = s.quoting_label
    return f' <span class="dateline-quoting">(quoting {html.escape(quoting)})</span>' if quoting else ""


def _tljs_date(entry: TimelineEntry) -> dict[str, str]:
    """TimelineJS dates may stop at the month or the year: a background "2002-10" is shown as such."""
    d = {"year": str(entry.date.year), "month": str(entry.date.month), "day": str(entry.date.day)}
    keep = {"year": 1, "month": 2}.get(entry.granularity, 3)
    return dict(list(d.items())[:keep])


def timelinejs_dict(timeline: Timeline) -> dict[str, Any]:
    """TimelineJS3 JSON (https://timeline.knightlab.com/docs/json-format.html) as a dict.

    TimelineJS renders ``headline`` and ``text`` as HTML, so every piece of article text is escaped here.
    """
    events = []
    for i, entry in enumerate(timeline.entries):
        body = "".join(
            f"<p>{html.escape(_one_line(s.text))}{_tljs_quoting(s)}<br>{_tljs_source(s.source, s.notes)}</p>"
            for s in entry.sentences
        )
        event: dict[str, Any] = {
            "unique_id": f"entry-{i}",
            "start_date": _tljs_date(entry),
            "text": {
                "headline": html.escape(_headline(entry.sentences[0].text)) if entry.sentences else "",
                "text": body,
            },
        }
        if entry.background:
            event["group"] = "Background"
        events.append(event)
    method = f"Built by dateline ({html.escape(timeline.method)})" if timeline.method else "Built by dateline"
    return {
        "title": {"text": {"headline": html.escape(title_of(timeline)), "text": f"<p>{method}</p>"}},
        "events": events,
    }


def render_timelinejs(timeline: Timeline) -> str:
    return json.dumps(timelinejs_dict(timeline), ensure_ascii=False, indent=2) + "\n"
