"""``dateline serve`` fails with one clear line (no traceback) before it ever starts uvicorn."""

from __future__ import annotations

import socket
from pathlib import Path

from typer.testing import CliRunner

from dateline.cli import app

runner = CliRunner()


def test_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    r = runner.invoke(app, ["serve", "--db", str(tmp_path / "none.db")])
    assert r.exit_code == 1
    assert "none.db: no such dateline store" in r.output
    assert "Traceback" not in r.output


def test_busy_port_is_a_clear_error(flood_db: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        r = runner.invoke(app, ["serve", "--db", str(flood_db), "--port", str(port)])
    assert r.exit_code == 1
    assert f"127.0.0.1:{port}: cannot listen there" in r.output


def test_bad_port_is_rejected_by_the_parser(flood_db: Path) -> None:
    r = runner.invoke(app, ["serve", "--db", str(flood_db), "--port", "70000"])
    assert r.exit_code == 2
