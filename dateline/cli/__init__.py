"""The ``dateline`` command. Each module registers its commands; none holds pipeline logic."""

from __future__ import annotations

import click
import typer
from typer.core import TyperGroup

from dateline.cli import annotate, eval_timeml, eval_tls, ingest, serve, timeline, watch
from dateline.cli.app import app, eval_app
from dateline.threads import one_blas_thread


class _TimelineGroup(TyperGroup):
    """``dateline timeline QUERY ...`` builds a timeline; ``timeline save|show`` manage saved ones.

    Click groups cannot take a positional argument and subcommands at once, so any first
    argument that is not a subcommand name is routed to the default ``build`` command.
    """

    default_command = "build"

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = [self.default_command, *args]
        return super().parse_args(ctx, args)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [self.default_command] + [c for c in super().list_commands(ctx) if c != self.default_command]


timeline_app = typer.Typer(
    cls=_TimelineGroup,
    no_args_is_help=True,
    help="Build a timeline for a query or entity (`dateline timeline QUERY`), or save one and follow it "
    "(`timeline save NAME QUERY`, `timeline show NAME --since DATE`).",
)
timeline.register(timeline_app)
for _info in timeline_app.registered_commands:  # the one command it registers becomes the default
    _info.name = _TimelineGroup.default_command
watch.register_saved(timeline_app)
app.add_typer(timeline_app, name="timeline")

for _module in (ingest, annotate, serve, watch):
    _module.register(app)
for _module in (eval_timeml, eval_tls):
    _module.register(eval_app)


def main() -> None:
    one_blas_thread()  # before any command imports numpy (see dateline.threads)
    app()


__all__ = ["app", "main"]
