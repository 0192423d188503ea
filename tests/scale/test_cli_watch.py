"""The ``watch`` and ``timeline save|show`` commands: clear one-line errors, tables from the saved state."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer
from typer.testing import CliRunner

from dateline.cli.watch import register, register_saved
from dateline.store import open_store
from dateline.types import SourceRef, Timeline, TimelineEntry, TimelineSentence
from dateline.watch import refresh, save_timeline


def make_app() -> typer.Typer:
    app = typer.Typer(pretty_exceptions_enable=False)
    register(app)
    group = typer.Typer()
    register_saved(group)
    app.add_typer(group, name="timeline")
    return app


def run(*args: str):  # noqa: ANN201 - click Result
    return CliRunner().invoke(make_app(), list(args))


def test_watch_names_a_missing_path(tmp_path: Path) -> None:
    r = run("watch", str(tmp_path / "nope"), "--db", str(tmp_path / "w.db"), "--once")
    assert r.exit_code == 2
    assert "nope: no such file or directory" in r.output
    assert "Traceback" not in r.output


def test_watch_scheduler_needs_the_dask_executor(tmp_path: Path) -> None:
    r = run("watch", str(tmp_path), "--db", str(tmp_path / "w.db"), "--scheduler", "tcp://h:8786")
    assert r.exit_code == 2 and "only used with --executor dask" in r.output


def test_show_lists_changes_since_a_day_and_rejects_bad_dates(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    with open_store(db) as store:
        save_timeline(store, "dam", "dam")
        sentence = TimelineSentence("The dam closed.", SourceRef("a1", title="Dam news"))
        tl = Timeline([TimelineEntry(date(2025, 3, 2), [sentence])])
        refresh(store, "dam", builder=lambda *a, **k: tl, now="2025-03-05T10:00:00.000000Z")
    r = run("timeline", "show", "dam", "--db", str(db), "--since", "2025-03-01")
    assert r.exit_code == 0, r.output
    assert "2025-03-02" in r.output and "new" in r.output and "The dam closed." in r.output
    r = run("timeline", "show", "dam", "--db", str(db), "--since", "2025-03-06")
    assert "no changes in 'dam' since 2025-03-06" in r.output
    r = run("timeline", "show", "dam", "--db", str(db), "--since", "last week")
    assert r.exit_code == 2 and "--since 'last week': not a date" in r.output
    r = run("timeline", "show", "other", "--db", str(db))
    assert r.exit_code == 1 and "no saved timeline named 'other'" in r.output


def test_annotate_out_parquet_and_bad_out_kind(tmp_path: Path) -> None:
    from scale_fixtures import small_articles

    from dateline.cli import app
    from dateline.store.parquet import read_table

    db = tmp_path / "a.db"
    with open_store(db) as store, store.transaction():
        for a in small_articles(2):
            store.add_article(a)
    r = CliRunner().invoke(app, ["annotate", "--db", str(db), "--out", "parquet", str(tmp_path / "pq"), "-q"])
    assert r.exit_code == 0, r.output
    assert "ok 2" in r.output
    assert read_table(tmp_path / "pq", "annotations").num_rows == 2
    r = CliRunner().invoke(app, ["annotate", "--db", str(db), "--out", "csv", str(tmp_path / "x"), "-q"])
    assert r.exit_code == 2 and "--out csv: unknown output" in r.output
