"""The ``dateline`` command runs OpenBLAS on one thread (``dateline.threads``) unless the user sets it."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from dateline.threads import BLAS_THREADS, one_blas_thread


def test_defaults_to_one_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(BLAS_THREADS, raising=False)
    one_blas_thread()
    assert os.environ[BLAS_THREADS] == "1"


def test_keeps_the_users_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(BLAS_THREADS, "2")
    one_blas_thread()
    assert os.environ[BLAS_THREADS] == "2"


def _blas_threads(run_main: bool) -> list[int]:
    """OpenBLAS's thread counts in a fresh process, after ``dateline.cli.main``'s set-up or without it."""
    code = f"""
        import dateline.cli as cli
        cli.app = lambda: None  # main() then runs its set-up only
        if {run_main}:
            cli.main()
        import numpy
        from threadpoolctl import threadpool_info
        print(sorted({{i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"}}))
    """
    env = {k: v for k, v in os.environ.items() if k not in (BLAS_THREADS, "OMP_NUM_THREADS")}
    out = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                         env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    return [int(x) for x in out.stdout.strip().strip("[]").split(",") if x.strip()]


def test_the_command_loads_openblas_with_one_thread() -> None:
    assert _blas_threads(run_main=True) == [1]
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if cores > 1:  # the set-up is what made it one: OpenBLAS alone takes every core it may use
        assert max(_blas_threads(run_main=False)) > 1
