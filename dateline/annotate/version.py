"""The annotator version stored with every annotation: bump it when output changes, and
``dateline annotate`` re-does every article annotated by an older version."""

ANNOTATOR_VERSION = "annotate-2"
