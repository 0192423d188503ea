"""``dateline timeline`` on a tiny store: output with sources, and clear errors (never a traceback)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

import dateline.cli  # noqa: F401 (registers every command)
from dateline.cli.app import app

runner = CliRunner()


def run(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["timeline", *args])


def test_text_lists_dates_and_sources(store_path: Path) -> None:
    r = run("earthquake", "--db", str(store_path), "--dates", "3", "--sentences", "1")
    assert r.exit_code == 0, r.output
    assert "2024-03-01" in r.stdout
    assert "Portavia story" in r.stdout and "[a0" in r.stdout


def test_json_has_provenance_and_background(store_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "tl.json"
    r = run("earthquake", "--db", str(store_path), "--dates", "10", "--format", "json", "--out", str(out))
    assert r.exit_code == 0, r.output
    data = json.loads(out.read_text())
    assert all(s["source"]["article_id"] for e in data["entries"] for s in e["sentences"])
    assert any(e["background"] and e["date"] == "2002-10-12" for e in data["entries"])


def test_lines_name_who_they_quote(store_path: Path) -> None:
    """Who said what: a line holding a stored quote names its speaker (once, with the role), in JSON and
    text; an unattributed quote names nobody, and lines without quotes stay plain."""
    r = run("Ruiz", "--db", str(store_path), "--dates", "3", "--sentences", "2", "--format", "json")
    assert r.exit_code == 0, r.output
    lines = [s for e in json.loads(r.stdout)["entries"] for s in e["sentences"]]
    quoting = {s["text"]: s["quoting"] for s in lines}
    resigned = [t for t in quoting if "resigned" in t]
    assert resigned and all(quoting[t] == [{"speaker": "Elena Ruiz", "role": "mayor", "direct": False}]
                            for t in resigned)
    assert all(q == [] for t, q in quoting.items() if "resigned" not in t)
    assert any("demanded" in t for t in quoting)  # the unattributed quote's line is there, naming nobody
    text = run("Ruiz", "--db", str(store_path), "--dates", "3", "--sentences", "2").stdout
    assert "; quoting Elena Ruiz (mayor)]" in text


def test_no_background_drops_old_events(store_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "tl.json"
    r = run("earthquake", "--db", str(store_path), "--dates", "10", "--format", "json", "--no-background",
            "--out", str(out))
    assert r.exit_code == 0, r.output
    data = json.loads(out.read_text())
    assert data["entries"] and not any(e["background"] for e in data["entries"])


def test_entity_and_window(store_path: Path) -> None:
    r = run("--entity", "Elena Ruiz", "--db", str(store_path), "--from", "2024-03-09", "--to", "2024-03-12",
            "--dates", "2")
    assert r.exit_code == 0, r.output
    assert "2024-03-10" in r.stdout and "2024-03-01" not in r.stdout


def test_blank_entity_is_no_topic(store_path: Path) -> None:
    r = run("--entity", "  ", "--db", str(store_path))
    assert r.exit_code == 2
    assert "give a QUERY or --entity NAME" in r.output and "Traceback" not in r.output


def test_query_matching_nothing(store_path: Path) -> None:
    r = run("volcano", "--db", str(store_path))
    assert r.exit_code == 3
    assert "query 'volcano': no articles match" in r.output
    assert "Traceback" not in r.output


def test_empty_window(store_path: Path) -> None:
    r = run("earthquake", "--db", str(store_path), "--from", "2030-01-01", "--to", "2030-02-01")
    assert r.exit_code == 3
    assert "no articles match in that date range" in r.output


def test_window_reads_the_reports_published_after_it(store_path: Path) -> None:
    """--from/--to bound the events, not the articles: the next day's reports of March 1 are lines of
    March 1, and the 2024 stories that look back on October 12, 2002 make a 2002 timeline (background)."""
    r = run("earthquake", "--db", str(store_path), "--from", "2024-03-01", "--to", "2024-03-01",
            "--sentences", "4", "--format", "json")
    assert r.exit_code == 0, r.output
    entries = json.loads(r.stdout)["entries"]
    assert [e["date"] for e in entries if not e["background"]] == ["2024-03-01"]
    published = {s["source"]["published"] for e in entries for s in e["sentences"]}
    assert "2024-03-02" in published
    r = run("earthquake", "--db", str(store_path), "--from", "2002-01-01", "--to", "2002-12-31",
            "--format", "json")
    assert r.exit_code == 0, r.output
    entries = json.loads(r.stdout)["entries"]
    assert [(e["date"], e["background"]) for e in entries] == [("2002-10-12", True)]
    assert all("2002" in s["text"] for s in entries[0]["sentences"])


def test_T_larger_than_available_dates(store_path: Path) -> None:
    r = run("resigned", "--db", str(store_path), "--dates", "50")
    assert r.exit_code == 0, r.output
    assert "only" in r.output and "--dates 50" in r.output


def test_missing_and_empty_store(tmp_path: Path) -> None:
    r = run("x", "--db", str(tmp_path / "nope.db"))
    assert r.exit_code == 2 and "no such dateline store" in r.output
    from dateline.store import open_store

    open_store(tmp_path / "empty.db").close()
    r = run("x", "--db", str(tmp_path / "empty.db"))
    assert r.exit_code == 2 and "store is empty" in r.output


def test_bad_arguments(store_path: Path) -> None:
    assert "not a date" in run("x", "--db", str(store_path), "--from", "March").output
    assert "unknown format" in run("x", "--db", str(store_path), "--format", "pdf").output
    r = run("earthquake", "--db", str(store_path), "--method", "nope")
    assert r.exit_code == 3 and "unknown timeline method" in r.output
    r = run("earthquake", "--db", str(store_path), "--method", "datewise")
    assert r.exit_code == 3 and "dev data" in r.output
    assert run("--db", str(store_path)).exit_code == 2
