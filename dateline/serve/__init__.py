"""The web app over the store: ``create_app(db_path)``; run it with ``dateline serve``."""

from dateline.serve.app import create_app

__all__ = ["create_app"]
