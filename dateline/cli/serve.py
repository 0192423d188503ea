"""``dateline serve``: run the read-only web app and JSON API over a store."""

from __future__ import annotations

import ipaddress
import os
import socket
from pathlib import Path
from typing import Annotated

import typer

from dateline.cli.app import DbOption, err_console, fail


def _check_port(host: str, port: int) -> None:
    """Fail with a clear message before uvicorn starts if the address cannot be bound."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError as e:
            fail(f"{host}:{port}: cannot listen there ({e.strerror or e})")


def say(message: str) -> None:
    """One plain line on stderr (no rich markup in paths, no wrapping of URLs)."""
    err_console.print(message, markup=False, highlight=False, soft_wrap=True)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to bind; loopback by default (the app has no login)")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port")] = 8000,
    workers: Annotated[int, typer.Option(min=1, max=32, help="Processes, each with own caches")] = 1,
) -> None:
    """Browse the store in a web browser: search, timelines, articles, quotes, entities; JSON under /api."""
    import uvicorn

    from dateline.serve import create_app
    from dateline.serve.app import SERVE_DB_ENV
    from dateline.store import StoreError, default_db_path

    path = db or default_db_path()
    try:
        app = create_app(path)
    except StoreError as e:
        fail(str(e))
    _check_port(host, port)
    if not _is_loopback(host):
        say(f"warning: {host}: anyone on that network can read the store")
    say(f"dateline: serving {path} on http://{host}:{port}/ (Ctrl-C to stop)")
    if workers == 1:
        uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
        return
    os.environ[SERVE_DB_ENV] = str(Path(path).resolve())
    uvicorn.run("dateline.serve.app:app_from_env", factory=True, host=host, port=port, workers=workers,
                log_level="warning", access_log=False)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
