"""scikit-learn, imported without the ``scipy.stats`` it loads and dateline never uses.

``import sklearn`` runs ``sklearn.utils.fixes``, which imports ``scipy.stats`` (about 1 s of CPU: hundreds
of distributions are built at import) for a helper that only a few estimators call. That second was a third
of every ``dateline timeline`` run on an annotated store, and a fifth of the raw-articles-to-timeline
benchmark. So ``dateline.timeline`` imports the parts of scikit-learn it uses while a stand-in holds the
place of ``scipy.stats`` in ``sys.modules``, and takes the stand-in out right after: ``sklearn.utils.fixes``
keeps a reference to the ``scipy`` package only, so its first use of ``scipy.stats`` imports the real
module, as any later ``import scipy.stats`` does. Should anything import it during those few lines (a
future scikit-learn), reading any attribute of the stand-in imports the real module first.

``importlib.util.LazyLoader`` is the standard tool, but the import system reads a module's ``__spec__`` on
every later import of it, which loads it at once. The tests check that the stand-in is gone, that
``scipy.stats`` was not loaded, and that it still works afterwards.
"""

from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def scipy_stats_deferred() -> Iterator[None]:
    """While inside, ``scipy.stats`` is a stand-in that becomes the real module on first attribute access
    (nothing is changed when it is already imported)."""
    if "scipy.stats" in sys.modules:
        yield
        return
    stand_in = types.ModuleType("scipy.stats", "stand-in while dateline imports scikit-learn")

    def __getattr__(name: str) -> object:
        if sys.modules.get("scipy.stats") is stand_in:
            del sys.modules["scipy.stats"]
        return getattr(importlib.import_module("scipy.stats"), name)

    stand_in.__getattr__ = __getattr__  # type: ignore[method-assign]  # PEP 562 module __getattr__
    sys.modules["scipy.stats"] = stand_in
    try:
        yield
    finally:
        if sys.modules.get("scipy.stats") is stand_in:
            del sys.modules["scipy.stats"]


with scipy_stats_deferred():
    import sklearn.feature_extraction.text  # noqa: F401
    import sklearn.preprocessing  # noqa: F401
