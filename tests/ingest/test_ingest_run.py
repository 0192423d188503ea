"""ingest_paths and the CLI: counts, de-duplication, rejects report, --strict, batches, exit codes."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest
import typer
from ingest_fixtures import RSS, write
from typer.testing import CliRunner

from dateline.cli import ingest as ingest_cli
from dateline.ingest import IngestError, ingest_paths
from dateline.store import Store, open_store


def jsonl(path: Path, records: list[dict[str, object] | str]) -> Path:
    return write(path, "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records))


GOOD = [{"date": f"2024-03-{d:02d}", "text": f"Story number {d}."} for d in range(1, 6)]


def report_lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_counts_and_idempotent_reingest(store: Store, tmp_path: Path) -> None:
    src = jsonl(tmp_path / "a.jsonl", [*GOOD, GOOD[0], {"text": "undated"}])
    first = ingest_paths(store, [src], progress=False)
    assert (first.ingested, first.duplicates, first.rejected, first.files) == (5, 1, 1, 1)
    again = ingest_paths(store, [src], progress=False)
    assert (again.ingested, again.duplicates, again.rejected) == (0, 6, 1)
    assert store.count_articles() == 5
    assert store.stats().rejects == 1  # the rejects table does not grow on re-runs
    assert again.line() == "ingested 0, duplicates 6, rejected 1"


def test_whitespace_variants_are_duplicates(store: Store, tmp_path: Path) -> None:
    src = jsonl(tmp_path / "a.jsonl", [{"date": "2024-03-01", "text": "Same  story.\r\n"},
                                       {"date": "2024-03-01", "text": " Same story. "}])
    s = ingest_paths(store, [src], progress=False)
    assert (s.ingested, s.duplicates) == (1, 1)


def test_duplicate_id_with_different_content(store: Store, tmp_path: Path) -> None:
    src = jsonl(tmp_path / "a.jsonl", [{"id": "x", "date": "2024-03-01", "text": "One."},
                                       {"id": "x", "date": "2024-03-01", "text": "Another."}])
    s = ingest_paths(store, [src], progress=False)
    assert (s.ingested, s.rejected) == (1, 1)
    [line] = report_lines(s.rejects_path)  # type: ignore[arg-type]
    assert line == {"file": str(src), "record": 2, "reason": "duplicate id 'x' with different content"}


def test_rejects_go_to_table_and_default_report(store: Store, tmp_path: Path) -> None:
    src = jsonl(tmp_path / "a.jsonl", [GOOD[0], {"date": "soon", "text": "x"}, "{oops"])
    s = ingest_paths(store, [src], progress=False)
    assert s.rejects_path == tmp_path / "test.db.rejects.jsonl"
    lines = report_lines(s.rejects_path)
    assert [(x["file"], x["record"]) for x in lines] == [(str(src), 2), (str(src), 3)]
    assert lines[0]["reason"].startswith("unparsable date 'soon'")
    rows = store.query("SELECT file, record, reason FROM rejects ORDER BY record")
    assert [(r["record"], r["reason"]) for r in rows] == [(x["record"], x["reason"]) for x in lines]
    # the report describes the last run: a clean run leaves it empty
    clean = ingest_paths(store, [jsonl(tmp_path / "b.jsonl", GOOD[1:2])], progress=False)
    assert clean.rejected == 0 and report_lines(s.rejects_path) == []


def test_custom_rejects_path(store: Store, tmp_path: Path) -> None:
    s = ingest_paths(store, [jsonl(tmp_path / "a.jsonl", ["[]"])], rejects_path=tmp_path / "r.jsonl",
                     progress=False)
    assert report_lines(tmp_path / "r.jsonl")[0]["reason"].startswith("not a JSON object")
    assert s.rejects_path == tmp_path / "r.jsonl"


def test_batches_commit_everything_around_rejects(store: Store, tmp_path: Path) -> None:
    recs: list[dict[str, object] | str] = [
        {"date": "2024-01-01", "text": f"Item {i}."} if i % 7 else {"date": "x", "text": "y"}
        for i in range(1, 50)
    ]
    s = ingest_paths(store, [jsonl(tmp_path / "a.jsonl", recs)], batch_size=4, progress=False)
    assert (s.ingested, s.rejected) == (42, 7)
    assert store.count_articles() == 42


def test_strict_rolls_back_the_file_and_stops(store: Store, tmp_path: Path) -> None:
    ok = jsonl(tmp_path / "1-ok.jsonl", GOOD[:2])
    bad = jsonl(tmp_path / "2-bad.jsonl",
                [GOOD[2], GOOD[3], {"date": "2024-03-09"}, {"date": "nope", "text": "x"}])
    later = jsonl(tmp_path / "3-later.jsonl", GOOD[4:])
    s = ingest_paths(store, [ok, bad, later], strict=True, progress=False)
    assert s.failed_file == str(bad)
    assert (s.ingested, s.rejected) == (2, 2)  # every reject of the failed file is reported
    assert sorted(a.text for a in store.articles()) == ["Story number 1.", "Story number 2."]
    assert len(report_lines(s.rejects_path)) == 2  # type: ignore[arg-type]


def test_strict_clean_input_commits(store: Store, tmp_path: Path) -> None:
    s = ingest_paths(store, [jsonl(tmp_path / "a.jsonl", GOOD)], strict=True, progress=False)
    assert s.failed_file is None and s.ingested == 5 and store.count_articles() == 5


def test_mixed_folder_and_unknown_format(store: Store, tmp_path: Path) -> None:
    jsonl(tmp_path / "in" / "a.jsonl", GOOD[:2])
    write(tmp_path / "in" / "feed.rss", RSS)
    write(tmp_path / "in" / "2024-05-01" / "wire-01.txt", "Headline\n\nBody of the story.")
    write(tmp_path / "in" / "notes.md", "not data")
    write(tmp_path / "in" / "timelines" / "ref.jsonl", '{"date": "2024-01-01", "sentences": ["x"]}\n')
    s = ingest_paths(store, [tmp_path / "in"], progress=False)
    assert (s.ingested, s.rejected, s.files, s.skipped_files) == (5, 1, 3, 2)
    with pytest.raises(IngestError, match="unknown format 'pdf'"):
        ingest_paths(store, [tmp_path / "in"], fmt="pdf", progress=False)


def test_progress_bar_does_not_break_ingest(store: Store, tmp_path: Path) -> None:
    s = ingest_paths(store, [jsonl(tmp_path / "a.jsonl", GOOD)], progress=True)
    assert s.ingested == 5


def shared_dir() -> Path:
    env = os.environ.get("DATELINE_SHARED")
    return Path(env) if env else Path(__file__).resolve().parents[2].parent / "shared"


@pytest.mark.shared
def test_seed_file(store: Store) -> None:
    seed = shared_dir() / "seed" / "article-2024-03-23.txt"
    if not seed.exists():
        pytest.skip(f"{seed} not found: the ../shared data is absent (set DATELINE_SHARED)")
    s = ingest_paths(store, [seed], progress=False)
    assert (s.ingested, s.rejected) == (1, 0)
    [a] = list(store.articles())
    assert a.published == date(2024, 3, 23) and a.text.startswith("On March 7")


# -- CLI ----------------------------------------------------------------------------------------


@pytest.fixture
def cli() -> typer.Typer:
    app = typer.Typer(pretty_exceptions_enable=False)
    ingest_cli.register(app)
    return app


def test_cli_summary_line_and_stats(cli: typer.Typer, tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    src = jsonl(tmp_path / "a.jsonl", [*GOOD, {"date": "2024-03-01"}])
    runner = CliRunner()
    res = runner.invoke(cli, ["ingest", str(src), "--db", str(db), "-q"])
    assert res.exit_code == 0, res.output
    assert "ingested 5, duplicates 0, rejected 1" in res.stdout
    assert "empty body" in res.stderr and f"{src}:6" in res.stderr
    again = runner.invoke(cli, ["ingest", str(src), "--db", str(db), "-q"])
    assert "ingested 0, duplicates 5, rejected 1" in again.stdout
    res = runner.invoke(cli, ["stats", "--db", str(db)])
    assert res.exit_code == 0
    assert "2024-03-01 .. 2024-03-05" in res.stdout and "articles" in res.stdout


def test_cli_strict_exit_code(cli: typer.Typer, tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    src = jsonl(tmp_path / "a.jsonl", [*GOOD, {"date": "2024-03-01"}])
    res = CliRunner().invoke(cli, ["ingest", str(src), "--db", str(db), "--strict", "-q"])
    assert res.exit_code == 1
    assert "ingested 0, duplicates 0, rejected 1" in res.stdout
    assert f"{src}: rejected records with --strict" in res.stderr and "Traceback" not in res.output
    with open_store(db, readonly=True) as s:
        assert s.count_articles() == 0


def test_cli_bad_inputs_give_clear_errors(cli: typer.Typer, tmp_path: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(cli, ["ingest", str(tmp_path / "missing.jsonl"), "--db", str(tmp_path / "x.db")])
    assert res.exit_code == 2 and "missing.jsonl: no such file or directory" in res.stderr
    res = runner.invoke(cli, ["stats", "--db", str(tmp_path / "none.db")])
    assert res.exit_code == 1 and "none.db: no such dateline store" in res.stderr
    not_db = write(tmp_path / "junk.db", b"this is not sqlite" * 100)
    res = runner.invoke(cli, ["ingest", str(jsonl(tmp_path / "a.jsonl", GOOD)), "--db", str(not_db)])
    assert res.exit_code == 1 and "junk.db" in res.stderr and "Traceback" not in res.output
    res = runner.invoke(cli, ["ingest", str(tmp_path / "a.jsonl"), "--format", "pdf"])
    assert res.exit_code == 2


def test_a_crashing_reader_rejects_its_file_and_the_batch_goes_on(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dateline.ingest import readers

    def boom(path: Path, max_bytes: int):  # type: ignore[no-untyped-def]
        yield from ()
        raise RuntimeError("library bug")

    monkeypatch.setitem(readers.READERS, "rss", boom)
    feed = write(tmp_path / "a.rss", RSS)
    good = jsonl(tmp_path / "b.jsonl", GOOD)
    s = ingest_paths(store, [feed, good], progress=False)
    assert (s.ingested, s.rejected) == (5, 1)
    assert s.first_rejects[0].reason == "rss reader failed after 0 records (RuntimeError: library bug)"


def test_batches_span_files(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for i in range(30):
        write(tmp_path / "topic" / "2024-02-01" / f"wire-{i:02d}.txt", f"Story {i} of the day.")
    calls = []
    real = store.transaction

    def counting():  # type: ignore[no-untyped-def]
        calls.append(1)
        return real()

    monkeypatch.setattr(store, "transaction", counting)
    s = ingest_paths(store, [tmp_path / "topic"], batch_size=10, progress=False)
    assert (s.ingested, s.files) == (30, 30)
    assert len(calls) == 3


def test_cli_prints_bracketed_names_verbatim(cli: typer.Typer, tmp_path: Path) -> None:
    src = jsonl(tmp_path / "[draft] a.jsonl", [{"date": "[bold]x", "text": "y"}])
    res = CliRunner().invoke(cli, ["ingest", str(src), "--db", str(tmp_path / "c.db"), "-q", "--strict"])
    assert res.exit_code == 1
    assert "[draft] a.jsonl:1" in res.stderr and "'[bold]x'" in res.stderr
