"""Every page and its /api twin over the flood corpus: content, escaping, validation, errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from serve_fixtures import fake_builder

from dateline.serve import create_app
from dateline.store import StoreError


def no_raw_payload(html: str) -> None:
    """The XSS payloads may appear only escaped: never as a live tag or a javascript: link."""
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert 'href="javascript:' not in html


# -- search -----------------------------------------------------------------------------------


def test_search_api_ranks_matches_and_marks_snippets(client: TestClient) -> None:
    r = client.get("/api/search", params={"q": "evacuated"})
    assert r.status_code == 200
    d = r.json()
    assert [x["id"] for x in d["results"]] == ["banks-burst"]
    hit = d["results"][0]
    s, e = hit["marks"][0]
    assert hit["snippet"][s:e].lower() == "evacuated"
    assert d["has_more"] is False and d["next"] is None


def test_search_filters_by_date_source_and_entity(client: TestClient) -> None:
    ids = lambda **p: [x["id"] for x in client.get("/api/search", params=p).json()["results"]]  # noqa: E731
    assert ids(q="Avon", date_to="2023-12-31") == ["bridge-vote"]
    assert set(ids(q="Avon", source="Riverside Post")) == {"flood-warning", "clean-up", "bridge-vote"}
    assert set(ids(entity="John Smith")) == {"banks-burst"}
    assert ids(q="flood", date_from="2024-03-08", date_to="2024-03-08") == ["xss-relief"]


def test_search_paginates(client: TestClient) -> None:
    first = client.get("/api/search", params={"limit": 2}).json()
    assert len(first["results"]) == 2 and first["has_more"] and "offset=2" in first["next"]
    second = client.get(first["next"]).json()
    assert {x["id"] for x in first["results"]}.isdisjoint({x["id"] for x in second["results"]})


def test_plain_words_with_punctuation_are_not_fts_syntax(client: TestClient) -> None:
    assert client.get("/api/search", params={"q": "clean-up"}).status_code == 200


@pytest.mark.parametrize("q", ['"unterminated', "flood AND", "NEAR(", "title: OR"])
def test_bad_fts_query_is_a_clear_400(client: TestClient, q: str) -> None:
    r = client.get("/api/search", params={"q": q})
    assert r.status_code == 400
    assert r.json()["detail"].startswith("q: bad search query")
    page = client.get("/search", params={"q": q})
    assert page.status_code == 400 and "bad search query" in page.text and "Traceback" not in page.text


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": 101}, "limit"),
        ({"limit": 0}, "limit"),
        ({"offset": -1}, "offset"),
        ({"date_from": "yesterday"}, "date_from"),
        ({"date_to": "2024-13-45"}, "date_to"),
        ({"q": "x" * 501}, "q"),
    ],
)
def test_search_params_are_validated(client: TestClient, params: dict, field: str) -> None:
    r = client.get("/api/search", params=params)
    assert r.status_code == 422
    assert field in r.json()["detail"]


def test_search_page_lists_results_escaped_and_offers_a_timeline(client: TestClient) -> None:
    r = client.get("/search", params={"q": "flood"})
    assert r.status_code == 200
    assert "Flood warnings issued for the Avon valley" in r.text
    assert 'action="/timeline"' in r.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Flood relief arrives" in r.text
    no_raw_payload(r.text)


def test_empty_form_fields_are_ignored(client: TestClient) -> None:
    r = client.get("/search?q=flood&date_from=&date_to=&source=&entity=")
    assert r.status_code == 200 and "Flood warnings" in r.text


def test_pages_send_a_content_security_policy(client: TestClient) -> None:
    csp = client.get("/search").headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp


# -- timeline ---------------------------------------------------------------------------------


def test_timeline_api_returns_entries_with_provenance(client: TestClient) -> None:
    d = client.get("/api/timeline", params={"q": "flood", "T": 3, "N": 1}).json()
    entries = d["timeline"]["entries"]
    assert 1 <= len(entries) <= 3
    assert all(len(e["sentences"]) <= 1 for e in entries)
    src = entries[0]["sentences"][0]["source"]
    assert src["article_id"] and src["title"] and src["start"] is not None


def test_timeline_page_links_each_sentence_to_its_source_span(client: TestClient) -> None:
    r = client.get("/timeline", params={"q": "flood", "T": 5, "N": 2})
    assert r.status_code == 200
    links = re.findall(r'href="(/article/[^"]+\?hl=\d+-\d+#hl)"', r.text)
    assert links, "every timeline sentence should link to its source article span"
    art = client.get(links[0].replace("&amp;", "&"))
    assert art.status_code == 200 and 'id="hl"' in art.text
    no_raw_payload(r.text)


def test_timeline_page_names_who_a_line_quotes(client: TestClient) -> None:
    """Who said what next to what happened: a line holding an attributed quote names its speaker."""
    api = client.get("/api/timeline", params={"q": "flood", "T": 10, "N": 3}).json()
    said = [s for e in api["timeline"]["entries"] for s in e["sentences"] if s["quoting"]]
    assert said and said[0]["quoting"][0]["speaker"] == "Maria Lopez"
    page = client.get("/timeline", params={"q": "flood", "T": 10, "N": 3}).text
    assert page.count('class="quoting"') == len(said) and "(quoting Maria Lopez" in page


def test_timeline_page_marks_lines_published_ahead_of_their_day(client: TestClient) -> None:
    """A line announcing its day (published before it) says so, in the summary and under its source."""
    api = client.get("/api/timeline", params={"q": "flood", "T": 10, "N": 3}).json()
    ahead = [s for e in api["timeline"]["entries"] for s in e["sentences"] if s["ahead"]]
    assert len(ahead) == 1 and ahead[0]["source"]["published"] == "2024-03-04"
    page = client.get("/timeline", params={"q": "flood", "T": 10, "N": 3}).text
    assert page.count('class="ahead"') == 2 and "published ahead of the day" in page


def test_timeline_page_marks_lines_whose_date_carried_over(flood_db: Path) -> None:
    """A line that does not name its day itself (its paragraph's earlier sentence does) says so under its
    source, and so does one that gives it only as a weekday; the line that writes the day out does not."""
    from datetime import date

    from dateline.types import CARRIED, RESOLVED, SourceRef, Timeline, TimelineEntry, TimelineSentence

    src = SourceRef("a1", 0, 30, "Flood report", None, "2024-03-05")

    def builder(*args: object, **kwargs: object) -> Timeline:
        return Timeline(entries=[TimelineEntry(date=date(2024, 3, 4), sentences=[
            TimelineSentence("On March 4 the river burst its banks.", src, dated_by="timex"),
            TimelineSentence("Hundreds of homes were evacuated.", src, dated_by="narrative"),
            TimelineSentence("The mayor said on Monday the dam held.", src, dated_by="timex",
                             day_resolved_from="on Monday")])])

    with TestClient(create_app(flood_db, timeline_builder=builder)) as c:
        page = c.get("/timeline", params={"q": "flood", "T": 10, "N": 3}).text
    assert page.count('class="carried"') == 1 and CARRIED in page
    assert page.index("Hundreds of homes were evacuated") < page.index(CARRIED)
    assert page.count('class="resolved"') == 1
    assert page.index("the dam held") < page.index(f"{RESOLVED} “on Monday”")


def test_timeline_results_are_cached(flood_db: Path) -> None:
    calls = []

    def counting(store, **kw):  # noqa: ANN001, ANN003, ANN202
        calls.append(kw)
        return fake_builder(store, **kw)

    c = TestClient(create_app(flood_db, timeline_builder=counting))
    for _ in range(3):
        assert c.get("/api/timeline", params={"q": "flood", "T": 4}).status_code == 200
    assert c.get("/timeline", params={"q": "flood", "T": 4}).status_code == 200
    assert len(calls) == 1
    assert c.get("/api/timeline", params={"q": "flood", "T": 5}).status_code == 200
    assert len(calls) == 2


def test_timeline_error_is_404_with_message(client: TestClient) -> None:
    r = client.get("/api/timeline", params={"q": "volcano"})
    assert r.status_code == 404 and "no articles match" in r.json()["detail"]
    page = client.get("/timeline", params={"q": "volcano"})
    assert page.status_code == 404 and "no articles match" in page.text


@pytest.mark.parametrize(
    "params", [{}, {"q": "flood", "T": 0}, {"q": "flood", "T": 51}, {"q": "flood", "N": 11},
               {"q": "flood", "method": "bad method!"}],
)
def test_timeline_params_are_validated(client: TestClient, params: dict) -> None:
    assert client.get("/api/timeline", params=params).status_code == 422


@pytest.mark.parametrize("fmt", ["text", "md", "json", "html", "csv", "timelinejs"])
def test_timeline_download_in_every_format(client: TestClient, fmt: str) -> None:
    r = client.get("/timeline/export", params={"q": "flood", "format": fmt})
    assert r.status_code == 200
    assert "attachment" in r.headers["content-disposition"]
    assert "flood-warning" in r.text  # provenance: article id


# -- article ----------------------------------------------------------------------------------


def test_article_api_has_all_annotation_layers(client: TestClient) -> None:
    d = client.get("/api/article/banks-burst").json()
    assert d["article"]["title"] == "River Avon bursts its banks"
    assert {t["value"] for t in d["timexes"]} == {"2024-03-06"}
    assert any(q["speaker"] == "John Smith" for q in d["quotes"])
    assert {e["name"] for e in d["entities"]} == {"John Smith", "Avon"}
    assert d["sentences"][0]["event_date"] == "2024-03-06"


def test_article_page_highlights_from_offsets(client: TestClient) -> None:
    r = client.get("/article/banks-burst")
    assert r.status_code == 200
    assert re.search(r'<span class="hl-quote" id="q-\d+" title="quote by John Smith">Nobody could', r.text)
    assert re.search(r'<span class="hl-timex"[^>]*>6 March 2024</span>', r.text)
    assert re.search(r'<span class="hl-entity"[^>]*>John Smith</span>', r.text)
    assert '<sup class="evdate">2024-03-06 · timex</sup>' in r.text


def test_article_with_payloads_renders_them_as_text(client: TestClient) -> None:
    r = client.get("/article/xss-relief")
    assert r.status_code == 200
    no_raw_payload(r.text)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in r.text
    # the javascript: URL is not turned into a link at all
    assert "original article" not in r.text


def test_unknown_article_is_404(client: TestClient) -> None:
    r = client.get("/api/article/nope")
    assert r.status_code == 404 and r.json()["detail"] == "article 'nope': no such article in the store"
    assert client.get("/article/nope").status_code == 404


def test_highlight_param_is_validated(client: TestClient) -> None:
    assert client.get("/article/banks-burst", params={"hl": "1-x"}).status_code == 422
    # out-of-range spans are clipped, not errors
    assert client.get("/article/banks-burst", params={"hl": "5-999999"}).status_code == 200


# -- quotes and entities ----------------------------------------------------------------------


def test_quotes_filter_by_speaker(client: TestClient) -> None:
    d = client.get("/api/quotes", params={"speaker": "lopez"}).json()
    texts = [q["text"] for q in d["quotes"]]
    assert texts == ["We expect the river to peak on Wednesday,", "Help is on the way,"]
    assert d["quotes"][0]["published"] == "2024-03-04"
    assert {s["speaker"] for s in d["speakers"]} >= {"Maria Lopez", "John Smith"}


def test_quotes_page_escapes_speaker_and_text(client: TestClient) -> None:
    r = client.get("/quotes")
    assert r.status_code == 200 and "Help is on the way," in r.text
    no_raw_payload(r.text)
    assert client.get("/quotes", params={"speaker": "%"}).status_code == 200  # LIKE wildcards are literal
    assert client.get("/api/quotes", params={"speaker": "%"}).json()["quotes"] == []


def test_entity_page_has_chart_quotes_and_timeline(client: TestClient) -> None:
    d = client.get("/api/entity/Maria Lopez").json()
    assert d["articles_total"] == 3
    series = d["series"]  # daily bars over a short span: 2024-03-04 .. 2024-03-15
    assert (series[0]["period"], series[-1]["period"], len(series)) == ("2024-03-04", "2024-03-15", 12)
    assert sum(p["articles"] for p in series) == 3
    assert len(d["quotes"]) == 2
    r = client.get("/entity/Maria Lopez")
    assert r.status_code == 200
    assert r.text.count('<rect class="bar"') == 12 and "<svg" in r.text
    assert "Help is on the way," in r.text
    assert 'class="timeline compact"' in r.text


def test_entity_chart_fills_empty_months(client: TestClient) -> None:
    series = client.get("/api/entity/Avon").json()["series"]
    assert series[0]["period"] == "2023-11" and series[-1]["period"] == "2024-03"
    assert len(series) == 5 and series[1]["articles"] == 0


def test_entities_list_and_unknown_entity(client: TestClient) -> None:
    names = [e["name"] for e in client.get("/api/entities").json()["entities"]]
    assert names[0] == "Avon"
    assert client.get("/api/entity/Nobody").status_code == 404
    assert client.get("/entities", params={"q": "smi"}).status_code == 200


def test_openapi_documents_the_limits(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    params = {p["name"]: p for p in spec["paths"]["/api/search"]["get"]["parameters"]}
    assert params["limit"]["schema"]["maximum"] == 100
    assert "/api/timeline" in spec["paths"] and "/search" not in spec["paths"]


def test_missing_store_fails_at_startup(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such dateline store"):
        create_app(tmp_path / "missing.db")


def test_static_css_is_served(client: TestClient) -> None:
    r = client.get("/static/style.css")
    assert r.status_code == 200 and ".hl-quote" in r.text


def test_stats(client: TestClient) -> None:
    assert client.get("/api/stats").json()["articles"] == 5


def test_api_reference_page_lists_endpoints_and_limits(client: TestClient) -> None:
    r = client.get("/api")
    assert r.status_code == 200
    assert "<code>GET /api/search</code>" in r.text
    assert "maximum <code>100</code>" in r.text


def test_a_crashing_timeline_method_gives_a_clean_500_and_keeps_entity_pages(flood_db: Path) -> None:
    def broken(store, **kw):  # noqa: ANN001, ANN003, ANN202
        raise RuntimeError("boom")

    c = TestClient(create_app(flood_db, timeline_builder=broken), raise_server_exceptions=False)
    r = c.get("/api/timeline", params={"q": "flood"})
    assert r.status_code == 500 and r.json()["detail"] == "timeline method failed (RuntimeError: boom)"
    assert "content-security-policy" in r.headers
    page = c.get("/entity/Maria Lopez")
    assert page.status_code == 200 and "timeline method failed (RuntimeError: boom)" in page.text


def test_ids_and_names_with_slashes_and_reserved_characters(tmp_path: Path) -> None:
    from datetime import date

    from dateline.store import open_store
    from dateline.types import Annotation, Article, Entity

    db = tmp_path / "odd.db"
    store = open_store(db)
    with store.transaction():
        odd = "wire/2024/01?x#1"
        store.add_article(Article(published=date(2024, 1, 2), text="AC/DC played in Oslo.", id=odd))
        store.save_annotation(Annotation("wire/2024/01?x#1", "t", "en", entities=[
            Entity(text="AC/DC", label="ORG", count=1, name="AC/DC", spans=[(0, 5)])]))
    store.close()
    c = TestClient(create_app(db, timeline_builder=fake_builder))
    page = c.get("/search").text
    link = re.search(r'href="(/article/[^"]+)"', page).group(1)
    assert c.get(link).status_code == 200
    assert c.get("/api/entity/AC/DC").json()["articles_total"] == 1


def test_caches_see_new_articles_without_a_restart(tmp_path: Path) -> None:
    from datetime import date

    from serve_fixtures import build_store

    from dateline.store import open_store
    from dateline.types import Article

    db = build_store(tmp_path / "live.db")
    c = TestClient(create_app(db, timeline_builder=fake_builder))
    assert "Dam holds" not in c.get("/search", params={"q": "dam"}).text
    assert c.get("/api/search", params={"q": "dam"}).json()["results"] == []
    writer = open_store(db)
    with writer.transaction():
        dam = Article(published=date(2024, 3, 9), text="The dam held overnight.", title="Dam holds")
        writer.add_article(dam)
    writer.close()
    assert "Dam holds" in c.get("/search", params={"q": "dam"}).text
    assert len(c.get("/api/search", params={"q": "dam"}).json()["results"]) == 1


@pytest.fixture(scope="module")
def real_client(flood_db: Path) -> TestClient:
    try:
        from dateline.timeline import build_timeline  # noqa: F401
    except ImportError:
        pytest.skip("dateline.timeline.build_timeline not available yet")
    return TestClient(create_app(flood_db))


def test_real_timeline_stage_behind_every_offered_method(real_client: TestClient) -> None:
    from dateline.serve.app import _methods

    for method in _methods():
        r = real_client.get("/api/timeline", params={"q": "flood", "T": 3, "N": 1, "method": method})
        assert r.status_code == 200, f"method {method}: {r.status_code} {r.text[:200]}"
        entries = r.json()["timeline"]["entries"]
        assert 1 <= len(entries) <= 3
        for e in entries:
            src = e["sentences"][0]["source"]
            assert real_client.get(f"/api/article/{src['article_id']}").status_code == 200
    page = real_client.get("/entity/Maria Lopez")
    assert page.status_code == 200 and 'class="timeline compact"' in page.text


@pytest.mark.parametrize("q", ['"unterminated', "flood AND", "NEAR("])
def test_a_timeline_for_a_bad_fts_query_is_a_400(real_client: TestClient, q: str) -> None:
    """The request is wrong, so 400 as on the search page, not the 404 of a query that matches nothing."""
    r = real_client.get("/api/timeline", params={"q": q})
    assert r.status_code == 400 and "bad search query" in r.json()["detail"]
    page = real_client.get("/timeline", params={"q": q})
    assert page.status_code == 400 and "bad search query" in page.text and "Traceback" not in page.text
    assert real_client.get("/api/timeline", params={"q": "zzqx"}).status_code == 404
