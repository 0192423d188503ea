"""``dateline eval tls``: score a timeline method on a TLS benchmark (tilse metrics, news-tls conventions)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich import box
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from dateline.cli.app import console, err_console, fail


def _parse_params(items: list[str] | None) -> dict[str, Any]:
    """``key=value`` pairs; values parsed as JSON when they can be (numbers, booleans), else strings."""
    out: dict[str, Any] = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        if not sep or not key:
            fail(f"--param {item!r}: expected key=value")
        try:
            out[key] = json.loads(value)
        except json.JSONDecodeError:
            out[key] = value
    return out


def _table(result: dict[str, Any]) -> Table:
    """Per-timeline, per-topic and collection rows; F scores (P/R are in the --json output)."""
    cols = [("AR-1", "align_r1_f"), ("AR-2", "align_r2_f"), ("dateF1", "date_f1"),
            ("agR-1", "agreement_r1_f"), ("catR-1", "concat_r1_f")]
    table = Table(title=f"{result['dataset']} · {result['method']} · ROUGE {result['rouge']}",
                  box=box.SIMPLE, padding=(0, 1), pad_edge=False,
                  caption="F scores. AR: align+ m:1 ROUGE (news-tls AR-1/2); ag: agreement; cat: concat")
    table.add_column("topic / timeline", overflow="ellipsis", max_width=20, no_wrap=True)
    table.add_column("T", justify="right", no_wrap=True)
    for title, _ in cols:
        table.add_column(title, justify="right", no_wrap=True, min_width=6)
    table.add_column("s", justify="right", no_wrap=True)
    for topic in result["topics"]:
        for row in (r for r in result["rows"] if r["topic"] == topic["topic"]):
            note = " (empty)" if row["empty"] else ""
            table.add_row(f"  {row['timeline']}{note}", str(row["T"]),
                          *(f"{row[k]:.4f}" for _, k in cols), f"{row['seconds']:.1f}")
        table.add_row(f"[bold]{topic['topic']}[/]", "", *(f"{topic[k]:.4f}" for _, k in cols),
                      f"{topic['seconds']:.1f}")
    table.add_row(f"[bold]all {result['timelines']} timelines[/]", "",
                  *(f"[bold]{result[k]:.4f}[/]" for _, k in cols), f"{result['method_seconds']:.1f}")
    return table


def register(eval_app: typer.Typer) -> None:
    @eval_app.command("tls")
    def tls(
        dataset_dir: Annotated[Path, typer.Argument(
            help="Dataset: <topic>/articles.jsonl + <topic>/timelines/*.jsonl")],
        method: Annotated[str, typer.Option("--method", help="Timeline method name (registry)")] = "default",
        as_json: Annotated[bool, typer.Option(
            "--json", help="Last line: one JSON object with all scores")] = False,
        save_timelines: Annotated[Path | None, typer.Option(
            "--save-timelines", help="Write predictions as DIR/<topic>/<reference name>.jsonl")] = None,
        topics: Annotated[str | None, typer.Option("--topics", help="Comma-separated topic folders")] = None,
        rouge: Annotated[str, typer.Option(
            "--rouge", help="perl: ROUGE-1.5.5 as published; reimpl: tilse's fast approximation")] = "perl",
        entity: Annotated[bool | None, typer.Option(
            "--entity/--no-entity", help="Entity collection (query = topic, window +-7 days) "
            "(auto: on when the dataset folder name starts with 'entities')", show_default=False)] = None,
        param: Annotated[list[str] | None, typer.Option("--param", help="Method parameter key=value")] = None,
        rescore: Annotated[Path | None, typer.Option(
            "--rescore", help="Score saved predictions DIR/<topic>/<name>.jsonl, run no method")] = None,
        fit_with: Annotated[list[Path] | None, typer.Option(
            "--fit-with", help="Another dev dataset whose topics join every leave-one-topic-out fit "
            "(repeatable; built collections are cached in ~/.cache/dateline)")] = None,
    ) -> None:
        """Score a timeline method on a TLS dataset: align/agreement/concat ROUGE-1/2 and date F1 (tilse).

        One run per reference timeline (T = its dates, N = its mean sentences per date, its date range as
        the window); P and R averaged over timelines, F from the averages, as news-tls reports AR-1/AR-2.
        """
        from dateline.eval.tls import TLSEvalError, evaluate
        from dateline.eval.tls import rescore as rescore_saved

        if rouge not in ("perl", "reimpl"):
            fail(f"--rouge {rouge}: unknown ROUGE mode (use perl or reimpl)")
        if not dataset_dir.is_dir():
            fail(f"{dataset_dir}: " + ("not a directory (a dataset is a folder of <topic>/articles.jsonl)"
                                       if dataset_dir.exists() else "dataset directory not found"))
        topic_list = [t.strip() for t in topics.split(",") if t.strip()] if topics else None
        params = _parse_params(param)
        progress = Progress(TextColumn("[progress.description]{task.description}"), BarColumn(),
                            MofNCompleteColumn(), TimeElapsedColumn(), console=err_console, transient=True)
        task_id = None

        def on_progress(done: int, total: int, label: str) -> None:
            nonlocal task_id
            if task_id is None:
                task_id = progress.add_task("timelines", total=total)
            progress.update(task_id, completed=done, description=label)

        try:
            with progress:
                if rescore is not None:
                    result = rescore_saved(dataset_dir, rescore, topics=topic_list, rouge=rouge,
                                           progress=on_progress)
                else:
                    result = evaluate(dataset_dir, method, method_params=params, topics=topic_list,
                                      rouge=rouge, save_timelines=save_timelines, entity=entity,
                                      progress=on_progress, fit_with=fit_with or ())
        except TLSEvalError as exc:
            fail(str(exc))
        for row in result["rows"]:
            if row["error"]:
                err_console.print(f"[yellow]warning:[/] {row['topic']}/{row['timeline']}: {row['error']}",
                                  highlight=False, soft_wrap=True)
        shipped = [t["topic"] for t in result["topics"] if str(t.get("fit", "")).startswith("shipped")]
        if shipped:
            err_console.print(f"[yellow]note:[/] {', '.join(shipped)}: predicted with shipped parameters "
                              "learned on all dev topics (too few topics here to fit without them); "
                              "add --fit-with OTHER_DATASET for held-out scores",
                              highlight=False, soft_wrap=True)
        for reject in result["rejects"]:
            err_console.print(f"[yellow]skipped:[/] {reject}", highlight=False, soft_wrap=True)
        if as_json:
            err_console.print(_table(result))
            print(json.dumps(result, ensure_ascii=False))
        else:
            console.print(_table(result))
            console.print(f"{result['timelines']} timelines, {result['empty_timelines']} empty, "
                          f"{result['failed_timelines']} failed; {result['seconds']:.1f} s "
                          f"({result['seconds_per_topic']:.1f} s per topic for the method)", highlight=False)
