"""dateline.timeline imports scikit-learn without scipy.stats and scipy.interpolate (1.3 s of every CLI run),
and nothing breaks."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import numpy as np
import pytest
from scipy.stats import rankdata

from dateline.timeline.dates import average_ranks


@pytest.mark.parametrize("n", [0, 1, 2, 7, 60, 500])
def test_average_ranks_equal_scipy_rankdata(n: int) -> None:
    rng = np.random.default_rng(n)
    for _ in range(20):
        x = rng.integers(0, max(1, n // 3) + 1, size=n).astype(float)  # many ties
        assert np.array_equal(average_ranks(x), rankdata(x))
        assert np.array_equal(average_ranks(-x), rankdata(-x))


def _run(code: str) -> str:
    out = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_timeline_path_does_not_load_scipy_stats_or_interpolate_and_both_still_work() -> None:
    out = _run("""
        import sys
        from datetime import date
        from dateline.timeline import build_collection, get_method
        from dateline.types import Article
        texts = ["On March 3, the river flooded the old town and 400 people left their homes.",
                 "The flood of March 3 was the worst in decades, the mayor said on Tuesday."]
        arts = [Article(published=date(2024, 3, 4 + i), text=t, id=str(i)) for i, t in enumerate(texts)]
        tl = get_method("default").predict(build_collection(arts, lang="en"), T=2, N=1)
        assert tl.entries, "no timeline"
        print("loaded", [m for m in ("scipy.stats", "scipy.stats._stats_py", "scipy.interpolate",
                                     "scipy.optimize") if m in sys.modules])
        import numpy as np
        import scipy.stats
        from sklearn.utils.fixes import _mode
        assert scipy.stats.norm.cdf(0) == 0.5
        assert sys.modules["scipy.stats"].__file__.endswith("__init__.py")
        assert int(_mode(np.array([1, 1, 2])).mode[0]) == 1  # scikit-learn's own use of scipy.stats
        from sklearn.preprocessing import SplineTransformer  # scikit-learn's own use of scipy.interpolate
        X = np.linspace(0, 1, 20).reshape(-1, 1)
        assert SplineTransformer(n_knots=4, degree=3).fit_transform(X).shape == (20, 6)
        import scipy.interpolate
        assert sys.modules["scipy.interpolate"].__file__.endswith("__init__.py")
        assert float(scipy.interpolate.BSpline(np.arange(4.0), np.ones(2), 1)(1.5)) == 1.0
        print("ok")
    """)
    assert "loaded []" in out
    assert out.strip().endswith("ok")


def test_reading_the_stats_stand_in_imports_the_real_module() -> None:
    out = _run("""
        import sys
        from dateline.timeline._sklearn import scipy_deferred
        if "scipy.stats" in sys.modules:
            del sys.modules["scipy.stats"]
        with scipy_deferred({"scipy.stats": False}):
            from scipy.stats import norm  # what a future scikit-learn might do at import
            inside = sys.modules["scipy.stats"]
        assert norm.cdf(0) == 0.5
        assert getattr(inside, "__file__", "").endswith("__init__.py"), inside
        assert sys.modules["scipy.stats"] is inside
        print("ok")
    """)
    assert out.strip() == "ok"


def test_a_name_from_the_interpolate_stand_in_is_looked_up_on_first_use() -> None:
    out = _run("""
        import sys
        import numpy as np
        from dateline.timeline._sklearn import Deferred, scipy_deferred
        with scipy_deferred({"scipy.interpolate": True}):
            from scipy.interpolate import BSpline, make_interp_spline
        assert "scipy.interpolate" not in sys.modules  # the stand-in is gone, the real one not loaded
        assert isinstance(BSpline, Deferred) and repr(BSpline) == "<deferred scipy.interpolate.BSpline>"
        spline = make_interp_spline(np.arange(5.0), np.arange(5.0) ** 2)  # a call loads the real module
        assert abs(float(spline(2.0)) - 4.0) < 1e-9
        assert sys.modules["scipy.interpolate"].__file__.endswith("__init__.py")
        assert BSpline.construct_fast == sys.modules["scipy.interpolate"].BSpline.construct_fast
        print("ok")
    """)
    assert out.strip() == "ok"
