"""``dateline annotate`` and ``dateline show``: argument parsing and printing only."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from dateline.cli.app import DbOption, console, err_console, fail


class OutFormat(StrEnum):
    json = "json"
    text = "text"


class ExecutorName(StrEnum):
    local = "local"
    processes = "processes"
    dask = "dask"


def annotate(
    files: Annotated[
        list[Path] | None,
        typer.Argument(help="Article files (any ingest format) to annotate and print; none: the store.",
                       show_default=False),
    ] = None,
    db: DbOption = None,
    fmt: Annotated[
        OutFormat, typer.Option("--format", "-f", help="Output for FILE arguments.")
    ] = OutFormat.json,
    input_format: Annotated[
        str, typer.Option("--input-format", help="Ingest format of FILE arguments (auto, seed, jsonl, ...).")
    ] = "auto",
    executor: Annotated[
        ExecutorName, typer.Option("--executor", "-e", help="Where the work runs.")
    ] = ExecutorName.local,
    workers: Annotated[
        int | None, typer.Option("--workers", "-w", help="Worker processes (default: CPU count).", min=1)
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    scheduler: Annotated[
        str | None, typer.Option("--scheduler", help="Dask scheduler (tcp://host:8786) for --executor dask.")
    ] = None,
    out: Annotated[
        tuple[str, Path] | None,
        typer.Option("--out", metavar="parquet DIR", help="Write annotations as partitioned Parquet to DIR "
                     "instead of the store (see docs/parquet.md).", show_default=False),
    ] = None,
) -> None:
    """Sentences, entities, time expressions, event dates and quotes: of FILEs (printed), else of every
    article of the store not yet annotated by this version (saved)."""
    if scheduler and executor is not ExecutorName.dask:
        fail(f"--scheduler {scheduler}: only used with --executor dask", 2)
    if out is not None and out[0] != "parquet":
        fail(f"--out {out[0]}: unknown output (the one output is: parquet DIR)", 2)
    if files:
        _annotate_files(files, fmt, input_format, executor.value, workers)
    else:
        _annotate_store(db, executor.value, workers, quiet, scheduler, out[1] if out else None)


def _annotate_files(
    files: list[Path], fmt: OutFormat, input_format: str, executor: str, workers: int | None
) -> None:
    from dateline.annotate import annotate_stream
    from dateline.annotate.model import ModelNotInstalledError
    from dateline.annotate.stored import article_json
    from dateline.ingest import IngestError, read_path
    from dateline.types import Article, Reject

    missing = [str(p) for p in files if not p.exists()]
    if missing:
        fail(f"{missing[0]}: no such file or directory", 2)
    articles: list[Article] = []
    rejects = 0
    try:
        for path in files:
            for rec in read_path(path, input_format):
                if isinstance(rec, Reject):
                    rejects += 1
                    err_console.print(f"[yellow]rejected[/] {escape(str(rec))}", highlight=False,
                                      soft_wrap=True)
                else:
                    articles.append(rec)
    except IngestError as exc:
        fail(str(exc), 2)
    except OSError as exc:
        fail(f"{exc.filename or files[0]}: {exc.strerror or exc}")
    if not articles:
        fail(f"{files[0]}: no article could be read" + (f" ({rejects} rejected)" if rejects else ""))
    by_id = {a.id: a for a in articles}
    try:
        for ann in annotate_stream(articles, executor, workers):
            article = by_id[ann.article_id]
            if ann.status == "failed":
                where = escape(article.origin or article.id)
                err_console.print(f"[red]failed[/] {where}: {escape(ann.reason or '')}",
                                  highlight=False, soft_wrap=True)
            if fmt is OutFormat.json:
                print(json.dumps(article_json(article, ann), ensure_ascii=False))
            else:
                _print_text(article, ann)
    except (ModelNotInstalledError, ValueError) as exc:
        fail(str(exc))


def _annotate_store(db: Path | None, executor: str, workers: int | None, quiet: bool,
                    scheduler: str | None = None, out_dir: Path | None = None) -> None:
    from dateline.annotate import run
    from dateline.annotate.dask_executor import run_store
    from dateline.annotate.model import ModelNotInstalledError
    from dateline.store import StoreError, default_db_path, open_store

    path = db or default_db_path()
    try:
        with open_store(path, create=False) as store:
            show_bar = not quiet and err_console.is_terminal
            if scheduler or out_dir:  # a Dask cluster and/or Parquet output (dateline.annotate.dask_executor)
                summary = run_store(store, scheduler=scheduler, workers=workers, out_parquet=out_dir,
                                    progress=show_bar, executor=executor)
            else:
                summary = run(store, executor=executor, workers=workers, progress=show_bar)
    except (StoreError, ModelNotInstalledError, ValueError) as exc:
        fail(str(exc))
    for article_id, reason in summary.failures[:5]:
        err_console.print(f"[red]failed[/] {article_id}: {escape(reason)}", highlight=False, soft_wrap=True)
    skips = "".join(f"; {n} {reason}" for reason, n in summary.skips.items())
    console.print(
        f"annotated {summary.total} articles: ok {summary.ok}, skipped {summary.skipped}, "
        f"failed {summary.failed} ({summary.per_second:.1f} articles/s){escape(skips)}",
        highlight=False, soft_wrap=True,
    )


def _print_text(article, ann) -> None:  # noqa: ANN001 - Article, Annotation
    title = f" {article.title}" if article.title else ""
    console.print(f"[bold]{escape(article.id)}[/] {article.published.isoformat()}{escape(title)} "
                  f"[dim]({ann.status}{': ' + escape(ann.reason) if ann.reason else ''})[/]", soft_wrap=True)
    for s in ann.sentences:
        when = f"{s.event_date or '-'} ({s.date_source or 'undated'})"
        console.print(f"  {when:<28} {escape(s.text)}", highlight=False, soft_wrap=True)
    for q in ann.quotes:
        kind = "says" if q.direct else "says that"
        role = f" ({q.role})" if q.role else ""
        console.print(f"  [cyan]quote[/] {escape(q.speaker or '?')}{escape(role)} {kind} "
                      f"[italic]{escape(q.text)}[/] [dim]{q.verb or ''} {q.date or ''}[/]",
                      highlight=False, soft_wrap=True)
    if ann.entities:
        ents = ", ".join(f"{e.name or e.text} {e.label} x{e.count}" for e in ann.entities[:20])
        console.print(f"  [green]entities[/] {escape(ents)}", highlight=False, soft_wrap=True)
    console.print()


def show(
    article_id: Annotated[str, typer.Argument(help="Article id (or a unique prefix of it).")],
    db: DbOption = None,
) -> None:
    """An article with its sentences and event dates, time expressions, entities and quotes."""
    from dateline.annotate.stored import find_article_id, load_annotation
    from dateline.store import StoreError, default_db_path, open_store

    path = db or default_db_path()
    try:
        with open_store(path, readonly=True) as store:
            found = find_article_id(store, article_id)
            if found is None:
                fail(f"{article_id}: no such article in {path}")
            article = store.article(found)
            ann = load_annotation(store, found)
    except StoreError as exc:
        fail(str(exc))
    assert article is not None
    head = Table.grid(padding=(0, 2))
    head.add_row("[bold]id[/]", escape(article.id))
    head.add_row("[bold]published[/]", article.published.isoformat())
    for label, value in (("title", article.title), ("source", article.source), ("url", article.url)):
        if value:
            head.add_row(f"[bold]{label}[/]", escape(value))
    status = "not annotated yet (run `dateline annotate`)" if ann is None else ann.status
    if ann is not None and ann.reason:
        status += f": {ann.reason}"
    head.add_row("[bold]annotation[/]", escape(status))
    console.print(head)
    if ann is None or ann.status != "ok":
        console.print(escape(article.text), highlight=False)
        return
    sents = Table(title="Sentences and event dates", title_justify="left", show_lines=False)
    sents.add_column("#", justify="right", style="dim")
    sents.add_column("event date", no_wrap=True)
    sents.add_column("from", style="dim", no_wrap=True)
    sents.add_column("sentence")
    for i, s in enumerate(ann.sentences, 1):
        sents.add_row(str(i), s.event_date or "-", s.date_source or "undated", escape(s.text))
    console.print(sents)
    if ann.timexes:
        tx = Table(title="Time expressions", title_justify="left")
        for col in ("text", "type", "value", "mod", "anchor"):
            tx.add_column(col)
        for t in ann.timexes:
            tx.add_row(escape(t.text), t.type, t.value, t.mod or "", t.anchor or "")
        console.print(tx)
    if ann.entities:
        et = Table(title="Entities", title_justify="left")
        for col in ("name", "label", "mentions"):
            et.add_column(col)
        for e in ann.entities:
            et.add_row(escape(e.name or e.text), e.label, str(e.count))
        console.print(et)
    if ann.quotes:
        qt = Table(title="Quotes", title_justify="left")
        for col in ("speaker", "role", "verb", "date", "kind", "quote"):
            qt.add_column(col)
        for q in ann.quotes:
            qt.add_row(escape(q.speaker or "?"), escape(q.role or ""), q.verb or "", q.date or "",
                       "direct" if q.direct else "indirect", escape(q.text))
        console.print(qt)


def register(app: typer.Typer) -> None:
    app.command("annotate")(annotate)
    app.command("show")(show)
