"""``dateline annotate`` and ``dateline show`` through the Typer app."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from dateline.cli import app

runner = CliRunner()


def _jsonl(tmp_path: Path) -> Path:
    p = tmp_path / "news.jsonl"
    rows = [
        {"id": "a1", "date": "2025-05-06", "title": "Bridge",
         "text": "The bridge reopened on Monday. \u201cIt is safe now,\u201d said engineer Paul Novak."},
        {"id": "a2", "date": "2025-05-07",
         "text": "Les ponts ont rouvert lundi selon la mairie de la ville, "
                 "apr\u00e8s trois jours de travaux."},
    ]
    p.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return p


def test_annotate_file_json(tmp_path: Path, nlp) -> None:  # noqa: ANN001
    result = runner.invoke(app, ["annotate", str(_jsonl(tmp_path)), "--format", "json"])
    assert result.exit_code == 0, result.output
    objs = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert [o["id"] for o in objs] == ["a1", "a2"]
    a1 = objs[0]
    assert set(a1) >= {"id", "date", "title", "timexes", "sentences", "quotes", "entities"}
    assert a1["sentences"][0] == {"text": "The bridge reopened on Monday.", "start": 0, "end": 30,
                                  "event_date": "2025-05-05", "granularity": "day", "date_source": "timex"}
    assert set(a1["timexes"][0]) == {"text", "start", "end", "type", "value", "mod"}
    q = a1["quotes"][0]
    assert set(q) == {"speaker", "role", "text", "verb", "start", "end", "date", "direct"}
    assert (q["speaker"], q["text"], q["direct"], q["verb"]) == ("Paul Novak", "It is safe now", True, "say")
    assert {"text": "Paul Novak", "label": "PERSON", "count": 1} in a1["entities"]
    assert objs[1]["status"] == "ok" and objs[1]["language"] == "fr"
    assert objs[1]["sentences"][0]["event_date"] == "2025-05-05"  # "lundi" before Wednesday 2025-05-07


def test_annotate_file_text(tmp_path: Path, nlp) -> None:  # noqa: ANN001
    result = runner.invoke(app, ["annotate", str(_jsonl(tmp_path)), "--format", "text"])
    assert result.exit_code == 0, result.output
    assert "2025-05-05 (timex)" in result.stdout
    assert "Paul Novak" in result.stdout


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["annotate", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2
    assert "nope.txt: no such file or directory" in result.output
    assert "Traceback" not in result.output


def test_store_annotate_and_show(tmp_path: Path, nlp) -> None:  # noqa: ANN001
    db = tmp_path / "s.db"
    assert runner.invoke(app, ["ingest", str(_jsonl(tmp_path)), "--db", str(db), "-q"]).exit_code == 0
    result = runner.invoke(app, ["annotate", "--db", str(db), "-q"])
    assert result.exit_code == 0, result.output
    assert "annotated 2 articles: ok 2, skipped 0, failed 0" in result.stdout
    again = runner.invoke(app, ["annotate", "--db", str(db), "-q"])
    assert "annotated 0 articles" in again.stdout
    shown = runner.invoke(app, ["show", "a1", "--db", str(db)])
    assert shown.exit_code == 0, shown.output
    for expected in ("2025-05-05", "Paul Novak", "It is safe now", "Sentences and event dates"):
        assert expected in shown.stdout
    missing = runner.invoke(app, ["show", "zz", "--db", str(db)])
    assert missing.exit_code == 1 and "zz: no such article" in missing.output


def test_annotate_without_store_is_a_clear_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["annotate", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1
    assert "none.db: no such dateline store" in result.output
