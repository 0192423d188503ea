"""Annotation stage: sentences, entities, time expressions, event dates and quotes for each article.

Importing this package is cheap: spaCy and the model load on first use (once per process).
"""

from dateline.annotate.executors import EXECUTORS, RunSummary, annotate_stream, run
from dateline.annotate.pipeline import annotate_articles, annotate_batch, annotate_text
from dateline.annotate.version import ANNOTATOR_VERSION

__all__ = [
    "ANNOTATOR_VERSION",
    "EXECUTORS",
    "RunSummary",
    "annotate_articles",
    "annotate_batch",
    "annotate_stream",
    "annotate_text",
    "run",
]
