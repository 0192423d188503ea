"""As a person would: drive the real app and the real TimelineJS in headless Chromium (loopback only)."""

from __future__ import annotations

import functools
import http.server
import json
import threading
from datetime import date
from pathlib import Path

import pytest
from serve_browser import loopback_page, require_browser, uvicorn_thread
from serve_fixtures import XSS_IMG, XSS_SCRIPT, fake_builder

from dateline.export import render
from dateline.serve import create_app
from dateline.store import open_store
from dateline.types import TimelineEntry

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
TIMELINEJS_DIST = ROOT / "node_modules" / "@knight-lab" / "timelinejs" / "dist"
QUOTE_BACKGROUND = "rgb(254, 252, 191)"  # .hl-quote in static/style.css


def test_search_timeline_source_article_and_payloads_stay_text(flood_db: Path) -> None:
    sync_api = require_browser()
    app = create_app(flood_db, timeline_builder=fake_builder)
    with uvicorn_thread(app) as base, loopback_page(sync_api) as (page, dialogs, blocked):
        # 1. search
        page.goto(f"{base}/search")
        page.fill("input[name=q]", "flood")
        page.click("form.search button[type=submit]")
        page.wait_for_selector("ol.results li a.title")
        titles = page.locator("ol.results a.title").all_inner_texts()
        assert f"{XSS_SCRIPT} Flood relief arrives" in titles  # shown as text, not run

        # 2. open the timeline for the query
        page.click("#make-timeline")
        page.wait_for_selector("ol.timeline li.entry")
        assert page.locator("h1").inner_text() == "Timeline: flood"
        dates = page.locator("ol.timeline li.entry time").all_inner_texts()
        assert dates == sorted(dates) and len(dates) >= 3

        # 3. one click away: the sources of the 2024-03-06 entry, then its source article
        entry = page.locator("li.entry#d-2024-03-06")
        entry.locator("details.sources summary").click()
        link = entry.locator("a.source-link").first
        assert link.is_visible()
        link.click()
        page.wait_for_selector("article .text")
        source = page.locator("#hl")
        assert source.is_visible() and "hl-source" in (source.get_attribute("class") or "")

        # 4. the highlighted quote
        quote = page.locator("article .text .hl-quote").first
        assert quote.is_visible()
        assert quote.evaluate("e => getComputedStyle(e).backgroundColor") == QUOTE_BACKGROUND
        assert quote.get_attribute("title", timeout=1000).startswith("quote by ")

        # 5. the article with the payloads: text on screen, no element, no dialog
        page.goto(f"{base}/article/xss-relief")
        page.wait_for_selector("article .text")
        assert page.locator("h1").inner_text() == f"{XSS_SCRIPT} Flood relief arrives"
        body = page.locator("article .text").inner_text()
        assert XSS_SCRIPT in body and XSS_IMG in body
        assert page.locator("img").count() == 0
        assert page.locator("article script").count() == 0
        page.goto(f"{base}/quotes")
        assert XSS_IMG in page.locator("table.quotes").inner_text()
        page.wait_for_timeout(300)  # give an onerror handler a chance to fire, if one had been created
        assert dialogs == []
        assert blocked == []  # the app loads nothing from outside


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def test_exported_timelinejs_renders_in_real_timelinejs(flood_db: Path, tmp_path: Path) -> None:
    sync_api = require_browser()
    if not (TIMELINEJS_DIST / "js" / "timeline.js").exists():
        pytest.skip(f"{TIMELINEJS_DIST} missing: run `npm ci` at the repo root for @knight-lab/timelinejs")
    store = open_store(flood_db, readonly=True)
    timeline = fake_builder(store, query="flood", T=5, N=2)
    store.close()
    # a background event known to the month only: TimelineJS gets a date without a day
    first = timeline.entries[0].sentences[0]
    timeline.entries.insert(0, TimelineEntry(date=date(2002, 10, 1), granularity="month", background=True,
                                             sentences=[first]))
    (tmp_path / "timeline.json").write_text(render(timeline, "timelinejs"), encoding="utf-8")
    (tmp_path / "dist").symlink_to(TIMELINEJS_DIST, target_is_directory=True)
    (tmp_path / "index.html").write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8">'
        '<link rel="stylesheet" href="dist/css/timeline.css"><script src="dist/js/timeline.js"></script>'
        '</head><body><div id="timeline-embed" style="width:100%;height:640px"></div>'
        "<script>window.timeline = new TL.Timeline('timeline-embed', 'timeline.json');</script>"
        "</body></html>",
        encoding="utf-8",
    )
    handler = functools.partial(_QuietHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        with loopback_page(sync_api) as (page, dialogs, _blocked):
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(f"{base}/index.html")
            page.wait_for_selector(".tl-slide-titleslide", timeout=15000)
            want = len(timeline.entries) + 1
            page.wait_for_function(f"document.querySelectorAll('.tl-slide').length >= {want}", timeout=15000)
            headlines = page.locator(".tl-slide .tl-headline").all_inner_texts()
            assert "Timeline: flood" in headlines
            expected = json.loads(render(timeline, "timelinejs"))
            assert len(page.locator(".tl-slide").all()) == len(expected["events"]) + 1
            # every event slide carries its provenance link, escaped text and no injected element
            links = page.locator(".tl-slide .dateline-source a").evaluate_all("els => els.map(e => e.href)")
            assert "https://example.org/riverside/flood-warning" in links
            assert page.locator(".tl-slide img[src='x']").count() == 0
            assert page.locator(".tl-timemarker").count() == len(expected["events"])
            assert "October 2002" in page.locator(".tl-slide").all_inner_texts()[1]  # month, no day
            assert dialogs == [] and errors == []
    finally:
        server.shutdown()
        server.server_close()
