"""The pure helpers behind the pages: highlighting from offsets, the bar chart, snippets, the cache."""

from __future__ import annotations

from dateline.serve.cache import LRUCache
from dateline.serve.chart import bar_chart
from dateline.serve.data import fts_query, split_marks
from dateline.serve.highlight import Mark, segments


def test_segments_cover_the_text_exactly_once_with_overlaps() -> None:
    text = 'He said "<b>on 6 March</b>" loudly.'
    marks = [Mark(8, 27, "quote", "quote by X", "q-1"), Mark(12, 22, "timex", "DATE")]
    segs = segments(text, marks, {0: "d"})
    assert "".join(s.text for s in segs) == text
    by_text = {s.text: s for s in segs}
    assert by_text["on 6 March"].kinds == ["quote", "timex"]
    assert by_text['"<b>'].anchors == ["q-1"] and by_text['"<b>'].css == "hl-quote"
    assert segs[0].badges == ["d"]


def test_segments_clip_bad_spans_and_ignore_empty_ones() -> None:
    segs = segments("abc", [Mark(-5, 2, "x"), Mark(2, 99, "y"), Mark(1, 1, "z")])
    assert [(s.text, s.kinds) for s in segs] == [("ab", ["x"]), ("c", ["y"])]


def test_bar_chart_scales_to_the_peak() -> None:
    c = bar_chart([("2024-01", 2), ("2024-02", 0), ("2024-03", 4)])
    heights = [b["h"] for b in c["bars"]]
    assert heights[1] == 0 and heights[2] == 2 * heights[0] and c["peak"] == 4
    assert all(b["y"] + b["h"] == c["baseline"] for b in c["bars"])
    assert bar_chart([])["bars"] == []


def test_split_marks_turns_markers_into_offsets() -> None:
    text, marks = split_marks("a \ue000flood\ue001 and \ue000rain\ue001")
    assert text == "a flood and rain"
    assert [text[s:e] for s, e in marks] == ["flood", "rain"]


def test_fts_query_quotes_plain_words_only() -> None:
    assert fts_query("covid-19 U.S.") == '"covid-19" "U.S."'
    assert fts_query('"prime minister" OR flood') == '"prime minister" OR flood'


def test_lru_cache_evicts_least_recent() -> None:
    cache: LRUCache[int] = LRUCache(2)
    calls: list[str] = []

    def make(k: str) -> int:
        calls.append(k)
        return len(k)

    for k in ["a", "bb", "a", "ccc", "bb"]:
        cache.get_or_compute(k, lambda k=k: make(k))
    assert calls == ["a", "bb", "ccc", "bb"]  # "bb" was evicted by "ccc", "a" was kept warm
    assert len(cache) == 2


def test_lru_cache_computes_a_key_once_under_concurrency() -> None:
    import threading

    cache: LRUCache[int] = LRUCache(4)
    calls: list[int] = []
    gate = threading.Event()

    def slow() -> int:
        calls.append(1)
        gate.wait(5)
        return 42

    threads = [threading.Thread(target=lambda: cache.get_or_compute("k", slow)) for _ in range(8)]
    for t in threads:
        t.start()
    gate.set()
    for t in threads:
        t.join(5)
    assert calls == [1] and cache.get_or_compute("k", slow) == 42


def test_to_html_escapes_text_attributes_and_badges() -> None:
    from dateline.serve.highlight import to_html

    text = '<img src=x onerror=alert(1)> said "hi"'
    html = to_html(segments(text, [Mark(0, 28, "quote", 'by "><script>', "q-1")], {0: "<b>"}))
    assert "<img" not in html and "<script>" not in html and "<b>" not in html
    assert html.startswith('<sup class="evdate">&lt;b&gt;</sup>')
    assert '<span class="hl-quote" id="q-1" title="by &#34;&gt;&lt;script&gt;">&lt;img' in html
    assert html.endswith("</span> said &#34;hi&#34;")


def test_lru_cache_respects_a_byte_budget() -> None:
    cache: LRUCache[bytes] = LRUCache(100, max_weight=10, weigh=len)
    for k in "abc":
        cache.get_or_compute(k, lambda: b"x" * 4)
    assert len(cache) == 2 and cache.weight == 8  # "a" evicted to stay within 10 bytes
    cache.get_or_compute("big", lambda: b"y" * 50)  # larger than the budget: kept alone, others evicted
    assert len(cache) == 1 and cache.weight == 50
