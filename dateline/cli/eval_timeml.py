"""``dateline eval timeml DIR``: score the temporal tagger the TempEval-3 way.

The logic lives in ``dateline.eval.timeml``; this module only parses arguments and prints."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from dateline.cli.app import console, err_console, fail


def register(eval_app: typer.Typer) -> None:
    @eval_app.command("timeml")
    def timeml(
        directory: Annotated[Path, typer.Argument(help="Directory of TimeML .tml files (recursive)")],
        as_json: Annotated[bool, typer.Option("--json", help="Last line: one JSON object of scores")] = False,
    ) -> None:
        """Strict/relaxed P/R/F1 of timex spans, type/value attribute F1 vs gold TIMEX3 (DCT excluded)."""
        from dateline.eval.timeml import evaluate, tml_files

        try:
            files = tml_files(directory)
        except FileNotFoundError as exc:
            fail(str(exc))
        if not files:
            fail(f"{directory}: no .tml files found")
        report = evaluate(files)
        for err in report.errors:
            err_console.print(f"[yellow]skipped:[/] {err}", highlight=False)
        if report.documents == 0:
            fail(f"{directory}: none of the {len(files)} .tml files could be read")
        m = report.metrics()
        table = Table(title=f"TempEval-3 timex scores · {m['documents']} documents · "
                            f"{m['timexes_gold']} gold timexes")
        for col in ("match", "precision", "recall", "F1"):
            table.add_column(col, justify="right" if col != "match" else "left")
        for name in ("strict", "relaxed", "type", "value"):
            table.add_row(name, f"{m[f'{name}_precision']:.4f}", f"{m[f'{name}_recall']:.4f}",
                          f"{m[f'{name}_f1']:.4f}")
        console.print(table)
        if as_json:
            print(json.dumps(m, sort_keys=True))
