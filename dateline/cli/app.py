"""The Typer applications and the few helpers every command shares (db option, errors, console)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console

app = typer.Typer(
    name="dateline",
    help="Trustworthy timelines from dated news articles: ingest, annotate, timeline, serve, eval.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
eval_app = typer.Typer(
    help="Score dateline against public benchmarks (TempEval-3, timeline summarization).",
    no_args_is_help=True,
)
app.add_typer(eval_app, name="eval")

console = Console()
err_console = Console(stderr=True)

DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db", help="SQLite store file [default: $DATELINE_DB or ./dateline.db]", show_default=False
    ),
]


def fail(message: str, code: int = 1) -> NoReturn:
    """Print a clear one-line error (no traceback) and exit with ``code``."""
    err_console.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def parse_date_option(value: str | None, option: str) -> date | None:
    """A YYYY-MM-DD command-line option, or exit 2 with a message naming the option."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(f"{option} {value!r}: not a date (expected YYYY-MM-DD)", 2)
