"""``dateline watch`` and ``dateline timeline save|show``: argument parsing and printing only."""

from __future__ import annotations

import json
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from dateline.cli.app import DbOption, console, err_console, fail, parse_date_option
from dateline.store import StoreError, default_db_path, open_store


class WatchExecutor(StrEnum):
    local = "local"
    processes = "processes"
    dask = "dask"


def watch(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Folders, feeds (.rss/.atom/.xml) or files listing feed paths, one per line.",
                       show_default=False, metavar="PATH..."),
    ],
    db: DbOption = None,
    interval: Annotated[
        float, typer.Option("--interval", "-i", help="Seconds between polls.", min=0.0)
    ] = 30.0,
    once: Annotated[bool, typer.Option("--once", help="One poll, then exit.")] = False,
    executor: Annotated[
        WatchExecutor, typer.Option("--executor", "-e", help="Where annotation runs.")
    ] = WatchExecutor.local,
    workers: Annotated[int | None, typer.Option("--workers", "-w", help="Worker processes.", min=1)] = None,
    scheduler: Annotated[
        str | None,
        typer.Option("--scheduler", help="Dask scheduler address (tcp://host:8786) for --executor dask."),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print only cycles that found something.")
    ] = False,
) -> None:
    """Pick up new files and feed entries, ingest and annotate them, refresh saved timelines.

    Ctrl-C or SIGTERM stops after the current transaction; nothing is lost and the next start goes on
    where this one stopped.
    """
    from dateline.watch import Cycle, Watcher, WatchError

    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        fail(f"{missing[0]}: no such file or directory", 2)
    if scheduler and executor is not WatchExecutor.dask:
        fail(f"--scheduler {scheduler}: only used with --executor dask", 2)

    def report(cycle: Cycle) -> None:
        busy = cycle.files or cycle.entries or cycle.annotated is not None or cycle.timelines or cycle.errors
        if quiet and not busy:
            return
        stamp = datetime.now().strftime("%H:%M:%S")
        console.print(f"{stamp} {cycle.line()}", highlight=False, soft_wrap=True)
        for r in cycle.timelines:
            console.print(f"{stamp} {r.line()}", highlight=False, soft_wrap=True)
        for e in cycle.errors[:5]:
            err_console.print(f"[yellow]skipped[/] {escape(e)}", highlight=False, soft_wrap=True)

    try:
        with open_store(db or default_db_path()) as store:
            watcher = Watcher(store, list(paths), executor=executor.value, workers=workers,
                              scheduler=scheduler, progress=not quiet and err_console.is_terminal)
            stopped = watcher.run(interval=interval, once=once, report=report)
    except (StoreError, WatchError) as exc:
        fail(str(exc))
    except ImportError as exc:
        fail(f"--executor {executor.value}: {exc}")
    except RuntimeError as exc:  # dask executor: scheduler unreachable, dask missing
        fail(str(exc))
    if stopped:
        err_console.print("stopped; everything read so far is saved, the next run goes on from here",
                          highlight=False)




def save(
    name: Annotated[str, typer.Argument(help="Name to refer to this timeline by.", show_default=False)],
    query: Annotated[
        str | None, typer.Argument(help="Full-text query (FTS5 syntax).", show_default=False)
    ] = None,
    db: DbOption = None,
    dates: Annotated[int, typer.Option("--dates", "-T", help="Number of dates.", min=1)] = 10,
    per_date: Annotated[int, typer.Option("--sentences", "-N", help="Sentences per date.", min=1)] = 2,
    method: Annotated[str, typer.Option("--method", "-m", help="Timeline method.")] = "default",
    entity: Annotated[str | None, typer.Option("--entity", help="Only articles naming this entity.")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="First event day (YYYY-MM-DD).")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Last event day (YYYY-MM-DD).")] = None,
    no_background: Annotated[
        bool, typer.Option("--no-background", help="Drop events dated years before the story.")
    ] = False,
) -> None:
    """Save a timeline definition; `dateline watch` refreshes it and `timeline show NAME` lists changes."""
    from dateline.watch import SavedTimelineError, refresh, save_timeline

    params = {"T": dates, "N": per_date, "method": method, "entity": entity,
              "date_from": parse_date_option(date_from, "--from"),
              "date_to": parse_date_option(date_to, "--to"),
              "background": False if no_background else None}
    try:
        with open_store(db or default_db_path()) as store:
            save_timeline(store, name, query, **params)
            result = refresh(store, name)
    except (StoreError, SavedTimelineError) as exc:
        fail(str(exc))
    console.print(f"saved {name!r}; {result.line()}", highlight=False, soft_wrap=True)


def show(
    name: Annotated[str, typer.Argument(help="A saved timeline.", show_default=False)],
    db: DbOption = None,
    since: Annotated[
        str | None, typer.Option("--since", help="Only what changed on or after this day (YYYY-MM-DD).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON instead of a table.")] = False,
) -> None:
    """A saved timeline as of its last refresh, or (with --since) what changed since a day."""
    from dateline.watch import SavedTimelineError, changes, current_entries

    day = parse_date_option(since, "--since")
    try:
        with open_store(db or default_db_path(), readonly=True) as store:
            if day is None:
                rows = [{"date": e["date"], "status": "", "entry": e} for e in current_entries(store, name)]
            else:
                rows = [{"date": c.date, "status": c.status, "at": c.at, "entry": c.entry}
                        for c in changes(store, name, since=day)]
    except (StoreError, SavedTimelineError) as exc:
        fail(str(exc))
    if as_json:
        console.print_json(json.dumps(rows, ensure_ascii=False))
        return
    if not rows:
        console.print(f"no changes in {name!r} since {day}" if day else f"{name!r} has no entries yet",
                      highlight=False)
        return
    table = Table(expand=True)
    table.add_column("date", no_wrap=True)
    if day is not None:
        table.add_column("change")
    table.add_column("what happened", ratio=3)
    table.add_column("source", ratio=1, overflow="fold")
    for r in rows:
        sents = r["entry"].get("sentences") or []
        text = " ".join(s["text"] for s in sents) or "-"
        src = ", ".join(dict.fromkeys((s["source"].get("title") or s["source"]["article_id"]) for s in sents))
        cells = [r["date"]] + ([r["status"]] if day is not None else []) + [escape(text), escape(src)]
        table.add_row(*cells)
    console.print(table)


def register(app: typer.Typer) -> None:
    app.command("watch")(watch)


def register_saved(timeline_group: typer.Typer) -> None:
    """Add ``save`` and ``show`` to the ``dateline timeline`` group."""
    timeline_group.command("save")(save)
    timeline_group.command("show")(show)
