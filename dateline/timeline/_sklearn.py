"""scikit-learn, imported without the ``scipy.stats`` and ``scipy.interpolate`` it loads and dateline never
uses.

dateline needs two things from scikit-learn: ``TfidfVectorizer`` and ``normalize``. On the way, scikit-learn
imports two SciPy subpackages that no dateline code path calls, 1.3 s of CPU together:

- ``sklearn.utils.fixes`` imports ``scipy.stats`` (about 1 s: hundreds of distributions are built at import)
  for a helper that only a few estimators call. It keeps a reference to the ``scipy`` package only.
- ``sklearn.preprocessing`` imports ``_polynomial``, whose ``from scipy.interpolate import BSpline`` loads
  ``scipy.interpolate`` and, through it, ``scipy.optimize`` and ``scipy.spatial`` (0.3 s). Only
  ``SplineTransformer`` calls ``BSpline``, and only when fitted or used.

That was a third of every ``dateline timeline`` run on an annotated store, and a quarter of the
raw-articles-to-timeline benchmark (issue 5's 5-s line). So ``dateline.timeline`` imports the parts of
scikit-learn it uses while stand-ins hold the place of both subpackages in ``sys.modules``, and takes them
out right after:

- a name read from the ``scipy.interpolate`` stand-in during those lines (``BSpline``) is a ``Deferred``
  proxy, which looks the real object up (importing the real module) the first time it is called or one of
  its attributes is read, as ``SplineTransformer`` does;
- reading any attribute of the ``scipy.stats`` stand-in imports the real module first (nothing reads one
  today; a future scikit-learn might).

Later ``import scipy.stats`` / ``import scipy.interpolate`` statements import the real modules as usual.

``importlib.util.LazyLoader`` is the standard tool, but the import system reads a module's ``__spec__`` on
every later import of it, which loads it at once. The tests check that the stand-ins are gone, that neither
module was loaded, and that both (and ``SplineTransformer``) still work afterwards.
"""

from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

# module -> whether names read from its stand-in are proxies (True) or the real objects (False)
DEFERRED = {"scipy.stats": False, "scipy.interpolate": True}


def _real_module(name: str) -> types.ModuleType:
    """The real module ``name``, with its stand-in (if still in place) taken out first."""
    if getattr(sys.modules.get(name), "__dateline_stand_in__", False):
        del sys.modules[name]
    return importlib.import_module(name)


class Deferred:
    """A name imported from a stand-in module: the real object is looked up on first use."""

    __slots__ = ("_module", "_name")

    def __init__(self, module: str, name: str) -> None:
        self._module, self._name = module, name

    def _real(self) -> Any:
        return getattr(_real_module(self._module), self._name)

    def __getattr__(self, attr: str) -> Any:
        return getattr(self._real(), attr)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._real()(*args, **kwargs)

    def __repr__(self) -> str:
        return f"<deferred {self._module}.{self._name}>"


def _stand_in(name: str, proxies: bool) -> types.ModuleType:
    module = types.ModuleType(name, "stand-in while dateline imports scikit-learn")

    def __getattr__(attr: str) -> object:
        if attr.startswith("__"):  # the import system's probes (__path__, __spec__ ...): not there
            raise AttributeError(attr)
        if proxies:
            return Deferred(name, attr)
        return getattr(_real_module(name), attr)

    module.__getattr__ = __getattr__  # type: ignore[method-assign]  # PEP 562 module __getattr__
    module.__dateline_stand_in__ = True  # type: ignore[attr-defined]
    return module


@contextmanager
def scipy_deferred(modules: dict[str, bool] = DEFERRED) -> Iterator[None]:
    """While inside, each of ``modules`` not yet imported is a stand-in (see the module docstring)."""
    placed = [name for name in modules if name not in sys.modules]
    for name in placed:
        sys.modules[name] = _stand_in(name, modules[name])
    try:
        yield
    finally:
        for name in placed:
            if getattr(sys.modules.get(name), "__dateline_stand_in__", False):
                del sys.modules[name]


with scipy_deferred():
    import sklearn.feature_extraction.text  # noqa: F401
    import sklearn.preprocessing  # noqa: F401
