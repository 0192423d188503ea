"""Helpers for the headless-Chromium tests: a loopback uvicorn server in a thread, a locked-down browser."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def require_browser() -> Any:
    """The playwright module, or a skip naming what is missing."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium)")
    try:
        from playwright import sync_api
    except ImportError:
        pytest.skip("python playwright not installed (pip install playwright; no browser download needed)")
    return sync_api


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def uvicorn_thread(app: Any) -> Iterator[str]:
    """Serve ``app`` on a free loopback port for the duration of the block; yields the base URL."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError(f"uvicorn did not start on 127.0.0.1:{port}")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def loopback_page(sync_api: Any) -> Iterator[tuple[Any, list[str], list[str]]]:
    """A page that may only talk to 127.0.0.1; yields (page, dialogs fired, blocked URLs)."""
    dialogs: list[str] = []
    blocked: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})

            def on_dialog(d: Any) -> None:
                dialogs.append(d.message)
                d.dismiss()

            def guard(route: Any) -> None:
                if route.request.url.startswith(("http://127.0.0.1", "data:", "about:")):
                    route.continue_()
                else:
                    blocked.append(route.request.url)
                    route.abort()

            page.on("dialog", on_dialog)
            page.route("**/*", guard)
            yield page, dialogs, blocked
        finally:
            browser.close()
