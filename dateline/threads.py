"""One BLAS thread per dateline process: its matrix work is too small to share between cores.

numpy and SciPy call OpenBLAS, which starts a thread per core when numpy loads and keeps those threads
spinning for a while after every call. dateline's matrices are small (the TF-IDF rows of one topic, a
31-feature date ranker), so the extra threads never make it faster, but their spinning costs CPU: on the
raw-articles-to-timeline benchmark (``bench/timeline_speed.py``, t17 finan, 2 cores) 0.3 s at import and
0.2 s in ``predict``, with the same wall time. On one core that CPU would be taken from dateline itself.

OpenBLAS reads its thread count once, when it loads, so this runs before anything imports numpy: in the
``dateline`` command (``cli.main``) and the speed benchmark, not at ``import dateline``, so a program that
uses dateline as a library keeps its own BLAS settings. A user's ``OPENBLAS_NUM_THREADS`` wins.
Dask workers started by the command inherit it (``annotate.executors`` limits them to one thread anyway).
"""

from __future__ import annotations

import os

BLAS_THREADS = "OPENBLAS_NUM_THREADS"


def one_blas_thread() -> None:
    """Default OpenBLAS to one thread, unless the user set it; call before numpy is imported."""
    os.environ.setdefault(BLAS_THREADS, "1")
