"""Timelines from collections of dated articles: collection building, methods (one interface), retrieval."""

from __future__ import annotations

from typing import Any

from dateline.timeline import _sklearn  # noqa: F401  (first: scikit-learn without scipy.stats, see there)
from dateline.timeline.base import NotFittedError, TimelineMethod
from dateline.timeline.baselines import PubCountBaseline, RandomBaseline
from dateline.timeline.clust import Clust
from dateline.timeline.collection import Collection, build_collection, collection_from_store
from dateline.timeline.datewise import Datewise
from dateline.timeline.errors import TimelineError
from dateline.timeline.ranked import Ranked

METHODS: dict[str, type[TimelineMethod]] = {
    "pubcount": PubCountBaseline,
    "random": RandomBaseline,
    "datewise": Datewise,
    "clust": Clust,
    "dateline": Ranked,
    "default": Ranked,
}


def get_method(name: str, **params: Any) -> TimelineMethod:
    """A method instance by registry name (``default`` is dateline's best method)."""
    cls = METHODS.get(name)
    if cls is None:
        raise TimelineError(f"unknown timeline method {name!r}: choose one of {', '.join(sorted(METHODS))}")
    try:
        return cls(**params)
    except (TypeError, ValueError) as e:  # an unknown parameter, or a value out of its range
        raise TimelineError(f"method {name!r}: {e}") from None


from dateline.timeline.build import build_timeline  # noqa: E402 (needs get_method above)

__all__ = [
    "METHODS", "Collection", "NotFittedError", "TimelineError", "TimelineMethod", "build_collection",
    "build_timeline", "collection_from_store", "get_method",
]
