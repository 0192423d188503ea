"""The embedded store (SQLite); Parquet output for corpora beyond one file lives beside it."""

from dateline.store.sqlite import (
    DEFAULT_DB,
    QuerySyntaxError,
    Stats,
    Store,
    StoreError,
    default_db_path,
    open_store,
)

__all__ = ["DEFAULT_DB", "QuerySyntaxError", "Stats", "Store", "StoreError", "default_db_path", "open_store"]
