"""A real crash: SIGKILL a running ``python -m dateline ingest``, run it again, and count the articles."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dateline.store import StoreError, open_store

N = 20_000
REPO = Path(__file__).resolve().parents[2]


def count(db: Path) -> int:
    try:
        with open_store(db, readonly=True) as s:
            return s.count_articles()
    except StoreError:  # not created / migrated yet
        return 0


def run_ingest(src: Path, db: Path) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.Popen(
        [sys.executable, "-m", "dateline", "ingest", str(src), "--db", str(db), "-q"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=src.parent,
    )


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL")
def test_sigkill_mid_ingest_then_rerun_loses_nothing_and_duplicates_nothing(tmp_path: Path) -> None:
    src = tmp_path / "big.jsonl"
    with src.open("w") as fh:
        for i in range(N):
            fh.write(json.dumps({"id": f"a{i}", "date": f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}",
                                 "text": f"Article {i}: the council met again on Tuesday to vote."}) + "\n")
    db = tmp_path / "kill.db"
    proc = run_ingest(src, db)
    deadline = time.monotonic() + 120
    seen = 0
    while time.monotonic() < deadline and proc.poll() is None:
        seen = count(db)
        if seen > 0:
            break
        time.sleep(0.005)
    assert proc.poll() is None, f"ingest ended before it could be killed: {proc.communicate()}"
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    assert proc.returncode == -signal.SIGKILL
    after_kill = count(db)
    assert 0 < after_kill < N, f"expected a partial ingest after SIGKILL, found {after_kill} of {N}"
    assert after_kill % 500 == 0  # whole committed batches only

    rerun = run_ingest(src, db)
    out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err
    assert f"ingested {N - after_kill}, duplicates {after_kill}, rejected 0" in out
    with open_store(db, readonly=True) as s:
        rows = s.query("SELECT id, count(*) AS n FROM articles GROUP BY id")
    assert len(rows) == N and all(r["n"] == 1 for r in rows)
    assert {r["id"] for r in rows} == {f"a{i}" for i in range(N)}
