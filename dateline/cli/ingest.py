"""``dateline ingest`` and ``dateline stats``: argument parsing and printing only."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from dateline.cli.app import DbOption, console, err_console, fail
from dateline.ingest import DEFAULT_MAX_BYTES, FORMATS, IngestError, ingest_paths
from dateline.store import StoreError, default_db_path, open_store

Format = Enum("Format", {name: name for name in ("auto", *FORMATS)}, type=str)  # type: ignore[misc]


def ingest(
    paths: Annotated[
        list[Path], typer.Argument(help="Files or folders to read.", show_default=False, metavar="PATH...")
    ],
    db: DbOption = None,
    fmt: Annotated[
        Format, typer.Option("--format", "-f", help="Input format; auto = by extension and content.")
    ] = Format.auto,  # type: ignore[attr-defined]
    strict: Annotated[
        bool, typer.Option("--strict", help="Any reject is fatal: nothing from that file is committed.")
    ] = False,
    rejects: Annotated[
        Path | None,
        typer.Option("--rejects", help="JSONL report of rejects [default: <db>.rejects.jsonl]",
                     show_default=False),
    ] = None,
    max_size: Annotated[
        float, typer.Option("--max-size", help="Largest article accepted, in MB.", min=0.001)
    ] = DEFAULT_MAX_BYTES / 1_000_000,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Read dated news articles (seed, JSONL, dated folders, HTML, WARC, RSS/Atom, TimeML) into the store."""
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        fail(escape(f"{missing[0]}: no such file or directory"), 2)
    try:
        with open_store(db or default_db_path()) as store:
            summary = ingest_paths(
                store, paths, fmt=fmt.value, strict=strict, rejects_path=rejects,
                progress=not quiet and err_console.is_terminal, max_bytes=int(max_size * 1_000_000),
            )
    except (StoreError, IngestError) as exc:
        fail(escape(str(exc)))
    except OSError as exc:
        fail(escape(f"{exc.filename or 'rejects report'}: {exc.strerror or exc}"))
    except KeyboardInterrupt:
        fail("interrupted: committed batches are kept; run the same command again to finish", 130)
    except Exception as exc:  # noqa: BLE001 -- e.g. disk full or a locked store: one line, no traceback
        where = db or default_db_path()
        fail(escape(f"{where}: ingest stopped ({type(exc).__name__}: {exc}); committed batches are kept"))
    for r in summary.first_rejects[:5]:
        err_console.print(f"[yellow]rejected[/] {escape(str(r))}", highlight=False, soft_wrap=True)
    if summary.rejected > 5:
        err_console.print(f"... {summary.rejected - 5} more", highlight=False)
    console.print(summary.line(), highlight=False)
    if summary.skipped_files:
        skipped = f"{summary.skipped_files} skipped (not an article format, or reference timelines)"
        err_console.print(f"{summary.files} files read; {skipped}", highlight=False)
    if summary.rejected:
        report = escape(str(summary.rejects_path))
        err_console.print(f"rejects report: {report}", highlight=False, soft_wrap=True)
    if summary.failed_file:
        why = "rejected records with --strict; nothing from this file was committed"
        fail(escape(f"{summary.failed_file}: {why}"))


def stats(db: DbOption = None) -> None:
    """Counts of what the store holds: articles, date range, sources, languages, rejects, annotations."""
    try:
        with open_store(db or default_db_path(), readonly=True) as store:
            s = store.stats()
    except StoreError as exc:
        fail(escape(str(exc)))
    table = Table(title=f"dateline store {db or default_db_path()}", show_header=False, title_justify="left")
    table.add_column("what", style="bold")
    table.add_column("value")
    table.add_row("articles", f"{s.articles:,}")
    table.add_row("date range", f"{s.first} .. {s.last}" if s.first else "-")
    table.add_row("sources", _counts(s.sources))
    table.add_row("languages", _counts(s.languages))
    table.add_row("rejects", f"{s.rejects:,}")
    failed = f" ({s.annotation_failures:,} failed)" if s.annotation_failures else ""
    table.add_row("annotated", f"{s.annotated:,}{failed}")
    table.add_row("sentences", f"{s.sentences:,}")
    table.add_row("quotes", f"{s.quotes:,}")
    table.add_row("schema version", str(s.schema_version))
    console.print(table)


def _counts(d: dict[str, int], top: int = 8) -> str:
    if not d:
        return "-"
    items = [f"{k} ({v:,})" for k, v in list(d.items())[:top]]
    return ", ".join(items) + (", ..." if len(d) > top else "")


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest)
    app.command("stats")(stats)
