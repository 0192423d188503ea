"""Capture the README screenshots of the web app in headless Chromium (loopback only, no downloads).

    .venv/bin/python docs/screenshots/capture.py --db demo.db --query "Varna River" --entity "Mara Linde"

Writes search.png, timeline.png, article.png, quotes.png and entity.png beside this script. The article
shot is reached the way a reader gets there: the first source link of the timeline.
"""

from __future__ import annotations

import argparse
import socket
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlencode

import uvicorn
from playwright.sync_api import sync_playwright

from dateline.serve import create_app

HERE = Path(__file__).resolve().parent
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--query", default="Varna River")
    ap.add_argument("--entity", default="Mara Linde")
    ap.add_argument("--T", type=int, default=8)
    ap.add_argument("--N", type=int, default=2)
    ap.add_argument("--out", type=Path, default=HERE)
    args = ap.parse_args()

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(create_app(args.db), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS, headless=True)
            page = browser.new_page(viewport={"width": 1200, "height": 900}, device_scale_factor=1)
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base) else r.abort())

            def shot(name: str, full: bool = False) -> None:
                path = args.out / f"{name}.png"
                page.screenshot(path=str(path), full_page=full)
                print(f"{path}  ({page.url})")

            page.goto(f"{base}/search?{urlencode({'q': args.query})}")
            shot("search")
            page.goto(f"{base}/timeline?{urlencode({'q': args.query, 'T': args.T, 'N': args.N})}")
            first = page.locator("details.sources").first
            if first.count():
                first.locator("summary").click()
            shot("timeline")
            link = page.locator("a.source-link").first
            if link.count():
                link.click()
                page.wait_for_selector("article .text")
                page.evaluate("window.scrollTo(0, 0)")  # show the headline too, not only the source span
                shot("article")
            page.goto(f"{base}/quotes")
            shot("quotes")
            page.goto(f"{base}/entity/{quote(args.entity)}")
            shot("entity")
            browser.close()
    finally:
        server.should_exit = True


if __name__ == "__main__":
    main()
