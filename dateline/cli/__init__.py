"""The ``dateline`` command. Each module registers its commands; none holds pipeline logic."""

from __future__ import annotations

from dateline.cli import annotate, eval_timeml, eval_tls, ingest, serve, timeline
from dateline.cli.app import app, eval_app

for _module in (ingest, annotate, timeline, serve):
    _module.register(app)
for _module in (eval_timeml, eval_tls):
    _module.register(eval_app)


def main() -> None:
    app()


__all__ = ["app", "main"]
