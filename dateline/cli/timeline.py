"""``dateline timeline QUERY``: retrieve, build and print a timeline (the library does the work)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from dateline.cli.app import DbOption, console, err_console, fail, parse_date_option
from dateline.types import Timeline

FORMATS = ("text", "md", "json", "html", "csv", "timelinejs")




def render_text(tl: Timeline) -> str:
    """Plain text: one block per date, every sentence followed by its source article."""
    lines = []
    for e in tl.entries:
        mark = "  (background)" if e.background else ""
        lines.append(f"{e.label}{mark}")
        for s in e.sentences:
            src = s.source
            title = f' "{src.title}"' if src.title else ""
            quoting = f"; quoting {s.quoting_label}" if s.quoting else ""
            lines.append(f"  - {s.text}")
            notes = "".join(f", {n}" for n in s.notes)
            lines.append(f"      [{src.article_id}{title}, {src.published}{notes}{quoting}]")
        lines.append("")
    return "\n".join(lines)


def render(tl: Timeline, fmt: str) -> str:
    """Text and JSON here; other formats through ``dateline.export`` (the serve helper's renderers)."""
    if fmt == "text":
        return render_text(tl)
    try:
        from dateline.export import render as export_render
    except ImportError:
        if fmt == "json":
            return json.dumps(tl.to_dict(), ensure_ascii=False, indent=1)
        fail(f"--format {fmt}: not available in this installation (dateline.export missing)", 2)
    return export_render(tl, fmt)


def register(app: typer.Typer) -> None:
    @app.command("timeline")
    def timeline_cmd(
        query: Annotated[str, typer.Argument(help="What it is about (full-text, BM25)")] = "",
        db: DbOption = None,
        entity: Annotated[str | None, typer.Option("--entity", help="Articles naming this entity")] = None,
        date_from: Annotated[str | None, typer.Option("--from", help="First event day (YYYY-MM-DD)")] = None,
        date_to: Annotated[str | None, typer.Option(
            "--to", help="Last event day (YYYY-MM-DD); later reports of its days are read too")] = None,
        dates: Annotated[int, typer.Option("--dates", "-T", help="Number of dates")] = 10,
        sentences: Annotated[int, typer.Option("--sentences", "-N", help="Sentences per date")] = 2,
        method: Annotated[str, typer.Option("--method", help="Timeline method (default, clust, pubcount...)")]
        = "default",
        fmt: Annotated[str, typer.Option("--format", "-f", help="|".join(FORMATS))] = "text",
        no_background: Annotated[bool, typer.Option("--no-background",
                                                    help="Drop events dated years before the story")] = False,
        out: Annotated[Path | None, typer.Option("--out", "-o", help="Write to this file instead of stdout")]
        = None,
        parquet: Annotated[Path | None, typer.Option(
            "--parquet", help="Read a `dateline annotate --out parquet DIR` folder, not the store")] = None,
    ) -> None:
        """Build a timeline of the stored articles about QUERY (and/or --entity), with sources per line."""
        from dateline.store import StoreError, default_db_path, open_store
        from dateline.timeline import TimelineError, build_timeline

        if fmt not in FORMATS:
            fail(f"--format {fmt!r}: unknown format (choose one of {', '.join(FORMATS)})", 2)
        entity = (entity or "").strip() or None  # a blank --entity is no topic (it read the whole store)
        if not query.strip() and not entity:
            fail("give a QUERY or --entity NAME: a timeline needs a topic", 2)
        d_from, d_to = parse_date_option(date_from, "--from"), parse_date_option(date_to, "--to")
        if parquet is not None:
            if not parquet.is_dir():
                fail(f"--parquet {parquet}: no such folder", 2)
            try:
                with err_console.status("building timeline..."):
                    tl = build_timeline(None, query=query or None, entity=entity, T=dates, N=sentences,
                                        method=method, date_from=d_from, date_to=d_to,
                                        background=not no_background, parquet=parquet)
            except (TimelineError, ValueError) as e:
                fail(str(e), 3)
            _emit(tl, dates, fmt, out)
            return
        path = db or default_db_path()
        try:
            store = open_store(path, readonly=True)
        except StoreError as e:
            fail(str(e), 2)
        try:
            if store.count_articles() == 0:
                fail(f"{path}: the store is empty (run `dateline ingest` and `dateline annotate` first)", 2)
            with err_console.status("building timeline..."):
                tl = build_timeline(store, query=query or None, entity=entity, T=dates, N=sentences,
                                    method=method, date_from=d_from, date_to=d_to,
                                    background=not no_background)
        except TimelineError as e:
            fail(str(e), 3)
        finally:
            store.close()
        _emit(tl, dates, fmt, out)


def _emit(tl: Timeline, dates: int, fmt: str, out: Path | None) -> None:
    """Print or write the timeline; a note on stderr when fewer dates than asked exist."""
    n = sum(e.granularity == "day" for e in tl.entries)  # month/year background comes on top of T
    extra = len(tl.entries) - n
    more = f", plus {extra} background month/year entr{'ies' if extra != 1 else 'y'}" if extra else ""
    if n == 0:  # only background: the query is named in the story's past, not in its days
        err_console.print(f"[yellow]note:[/] no day's sentences match (asked for --dates {dates}){more}",
                          highlight=False)
    elif n < dates:
        err_console.print(f"[yellow]note:[/] only {n} date{'s' if n != 1 else ''} with dated sentences match "
                          f"(asked for --dates {dates}){more}", highlight=False)
    text = render(tl, fmt)
    if out is not None:
        try:
            out.write_text(text + ("" if text.endswith("\n") else "\n"), encoding="utf-8")
        except OSError as e:
            fail(f"{out}: cannot write ({e.strerror})", 2)
        err_console.print(f"wrote {n} date{'s' if n != 1 else ''}{more} to {out}", highlight=False)
    else:
        console.print(text, markup=False, highlight=False, soft_wrap=True)
