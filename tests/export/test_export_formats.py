"""Every export format: provenance per sentence, escaping for its target, and parseable by real readers."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from html.parser import HTMLParser

import pytest
from markdown_it import MarkdownIt

from dateline.export import FORMATS, ExportError, render, safe_url
from dateline.types import (
    AHEAD,
    CARRIED,
    RESOLVED,
    Attribution,
    SourceRef,
    Timeline,
    TimelineEntry,
    TimelineSentence,
)

PAYLOAD = '<script>alert(1)</script> and "><img src=x onerror=alert(1)>'
BALI_URL = "https://example.org/bali?x=1&y=(2)"
EVIL_TITLE = '=HYPERLINK("http://evil") <b>bold</b>'


def make_timeline() -> Timeline:
    return Timeline(
        entries=[
            TimelineEntry(
                date=date(2002, 10, 12), background=True, score=0.5,
                sentences=[TimelineSentence("Bombs exploded in Bali.", SourceRef(
                    "a-bali", 0, 23, "Bali, 22 years on", BALI_URL, "2024-10-12"))],
            ),
            TimelineEntry(
                date=date(2024, 3, 6), score=2.0,
                sentences=[
                    TimelineSentence("The River Avon burst its banks.", SourceRef(
                        "a-avon", 10, 41, "Avon floods", "https://example.org/avon", "2024-03-07")),
                    TimelineSentence(PAYLOAD, SourceRef(
                        "a-xss", 0, 60, EVIL_TITLE, "javascript:alert(1)", "2024-03-08")),
                ],
            ),
        ],
        method="datewise", params={"T": 2, "N": 2}, query="avon flood",
    )


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_carries_provenance(fmt: str) -> None:
    out = render(make_timeline(), fmt)
    for article_id in ("a-bali", "a-avon", "a-xss"):
        assert article_id in out, f"{fmt}: article id {article_id} missing"
    assert "Avon floods" in out
    assert "example.org/avon" in out


def test_unknown_format_names_the_choices() -> None:
    with pytest.raises(ExportError, match=r"format 'pdf': unknown export format \(choose one of text, md"):
        render(make_timeline(), "pdf")


def test_empty_timeline_renders_in_every_format() -> None:
    for fmt in FORMATS:
        assert render(Timeline(entries=[]), fmt).strip()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/a b", "https://example.org/a%20b"),
        ("http://x.org/?q=\"<>", "http://x.org/?q=%22%3C%3E"),
        ("javascript:alert(1)", None),
        (" JAVASCRIPT:alert(1)", None),
        ("data:text/html,<script>", None),
        ("/relative", None),
        (None, None),
    ],
)
def test_safe_url_only_allows_http(url: str | None, expected: str | None) -> None:
    assert safe_url(url) == expected


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse_html(html: str) -> _Tags:
    p = _Tags()
    p.feed(html)
    return p


def test_markdown_renders_payload_as_text() -> None:
    md = render(make_timeline(), "md")
    html = MarkdownIt("commonmark").render(md)
    tags = parse_html(html)
    assert {t for t, _ in tags.tags} <= {"h1", "h2", "p", "em", "ul", "li", "a"}
    hrefs = [a["href"] for t, a in tags.tags if t == "a"]
    assert hrefs == ["https://example.org/bali?x=1&y=(2)", "https://example.org/avon"]
    assert PAYLOAD in "".join(tags.text)
    assert "## 2002-10-12 (background)" in md


def test_html_is_self_contained_and_escaped() -> None:
    out = render(make_timeline(), "html")
    tags = parse_html(out)
    names = {t for t, _ in tags.tags}
    assert "script" not in names and "img" not in names and "link" not in names
    assert not any("src" in a for _, a in tags.tags)
    assert {a["href"] for t, a in tags.tags if t == "a"} == {
        "https://example.org/bali?x=1&y=(2)", "https://example.org/avon"}
    assert PAYLOAD in "".join(tags.text)
    assert "<style>" in out


def test_csv_has_one_row_per_sentence_and_no_formulas() -> None:
    rows = list(csv.DictReader(io.StringIO(render(make_timeline(), "csv"))))
    assert [r["article_id"] for r in rows] == ["a-bali", "a-avon", "a-xss"]
    assert rows[0]["date"] == "2002-10-12" and rows[0]["background"] == "1"
    assert rows[2]["sentence"] == PAYLOAD
    assert rows[2]["title"].startswith("'=HYPERLINK")  # formula guarded
    assert rows[1]["start"] == "10" and rows[1]["end"] == "41"


def test_json_round_trips() -> None:
    d = json.loads(render(make_timeline(), "json"))
    assert d["format"] == "dateline-timeline" and d["method"] == "datewise"
    assert [e["date"] for e in d["entries"]] == ["2002-10-12", "2024-03-06"]
    assert d["entries"][1]["sentences"][1]["text"] == PAYLOAD
    assert d["entries"][1]["sentences"][0]["source"]["url"] == "https://example.org/avon"


def test_timelinejs_structure_and_escaping() -> None:
    d = json.loads(render(make_timeline(), "timelinejs"))
    assert d["title"]["text"]["headline"] == "Timeline: avon flood"
    assert len(d["events"]) == 2
    first, second = d["events"]
    assert first["start_date"] == {"year": "2002", "month": "10", "day": "12"}
    assert first["group"] == "Background" and "group" not in second
    body = second["text"]["text"]
    assert "<script>" not in body and "<img" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    tags = parse_html(body)
    # no javascript: link
    assert [a["href"] for t, a in tags.tags if t == "a"] == ["https://example.org/avon"]
    assert "a-xss" in body and "&lt;b&gt;bold&lt;/b&gt;" in body


def test_text_lists_dates_and_sources() -> None:
    out = render(make_timeline(), "text")
    assert out.splitlines()[0] == "Timeline: avon flood"
    assert "2002-10-12  [background]" in out
    assert "(Avon floods, 2024-03-07, https://example.org/avon, id a-avon)" in out


def test_an_untitled_article_is_named_once_in_text_and_markdown() -> None:
    """Without a title the label is the article id: "id ..." again beside it only repeats it."""
    src = SourceRef("libya/2011-02-18/ext_134", 0, 30, None, None, "2011-02-18")
    tl = Timeline(entries=[TimelineEntry(date=date(2011, 2, 17),
                                         sentences=[TimelineSentence("Protests spread.", src)])])
    for fmt in ("text", "md"):
        out = render(tl, fmt)
        assert out.count("ext") == 1 and "2011-02-18" in out, (fmt, out)


def test_month_and_year_entries_keep_their_granularity_in_every_format() -> None:
    """A background event known to the month ("In October 2002") is written 2002-10 everywhere, never as
    an invented 2002-10-01; TimelineJS gets no day (and no month for a year)."""
    src = SourceRef("a-seed", 3711, 3796, "Seed", "https://example.org/seed", "2024-03-23")
    tl = Timeline(entries=[
        TimelineEntry(date=date(1987, 1, 1), granularity="year", background=True,
                      sentences=[TimelineSentence("The plant opened in 1987.", src)]),
        TimelineEntry(date=date(2002, 10, 1), granularity="month", background=True,
                      sentences=[TimelineSentence("In October 2002, militants took hostages.", src)]),
        TimelineEntry(date=date(2024, 3, 7),
                      sentences=[TimelineSentence("On March 7, an attack failed.", src)]),
    ], method="default", query="siege")
    assert [e.label for e in tl.entries] == ["1987", "2002-10", "2024-03-07"]
    for fmt in FORMATS:
        out = render(tl, fmt)
        assert "2002-10-01" not in out and "1987-01-01" not in out, fmt
    assert "2002-10  [background]" in render(tl, "text")
    assert "## 2002-10 (background)" in render(tl, "md")
    rows = list(csv.DictReader(io.StringIO(render(tl, "csv"))))
    assert [r["date"] for r in rows] == ["1987", "2002-10", "2024-03-07"]
    d = json.loads(render(tl, "json"))
    assert d["version"] == 5
    assert [(e["date"], e["granularity"]) for e in d["entries"]] == [
        ("1987", "year"), ("2002-10", "month"), ("2024-03-07", "day")]
    assert '<time datetime="2002-10">2002-10</time>' in render(tl, "html")
    events = json.loads(render(tl, "timelinejs"))["events"]
    assert [e["start_date"] for e in events] == [
        {"year": "1987"}, {"year": "2002", "month": "10"}, {"year": "2024", "month": "3", "day": "7"}]


def test_every_format_names_who_a_line_quotes() -> None:
    """Who said what travels with the line in every format, escaped for its target like the text."""
    src = SourceRef("a-kirby", 0, 60, "Kirby on the attack", "https://example.org/k", "2024-03-23")
    said = TimelineSentence("“The images are just horrible,” Kirby said.", src,
                            [Attribution("John Kirby", "spokesman <NSC>", True), Attribution("=Putin")])
    plain = TimelineSentence("Security was tightened.", src)
    tl = Timeline(entries=[TimelineEntry(date=date(2024, 3, 23), sentences=[said, plain])], query="attack")
    label = "John Kirby (spokesman <NSC>); =Putin"
    assert said.quoting_label == label and plain.quoting_label == ""
    assert f"; quoting {label})" in render(tl, "text")
    assert "quoting *John Kirby (spokesman \\<NSC\\>); =Putin*" in render(tl, "md")
    rows = list(csv.DictReader(io.StringIO(render(tl, "csv"))))
    assert [r["quoting"] for r in rows] == ["'" + label if label.startswith("=") else label, ""]
    d = json.loads(render(tl, "json"))
    assert d["entries"][0]["sentences"][0]["quoting"][0] == {
        "speaker": "John Kirby", "role": "spokesman <NSC>", "direct": True}
    page = render(tl, "html")
    assert "(quoting John Kirby (spokesman &lt;NSC&gt;); =Putin)" in page and "<NSC>" not in page
    body = json.loads(render(tl, "timelinejs"))["events"][0]["text"]["text"]
    assert "quoting John Kirby (spokesman &lt;NSC&gt;); =Putin" in body and "<NSC>" not in body


def test_json_and_csv_say_how_each_line_got_its_date() -> None:
    src = SourceRef("a1", 0, 30, "Flood", None, "2024-03-08")
    tl = Timeline(entries=[TimelineEntry(date=date(2024, 3, 7), sentences=[
        TimelineSentence("On March 7, the river burst its banks.", src, dated_by="timex"),
        TimelineSentence("Hundreds of homes were flooded.", src, dated_by="publication"),
        TimelineSentence("A cluster's line dated elsewhere.", src)])])
    d = json.loads(render(tl, "json"))
    assert [s["dated_by"] for s in d["entries"][0]["sentences"]] == ["timex", "publication", None]
    rows = list(csv.DictReader(io.StringIO(render(tl, "csv"))))
    assert [r["dated_by"] for r in rows] == ["timex", "publication", ""]


def test_every_format_marks_a_line_published_ahead_of_its_day() -> None:
    """A line whose article came out before the entry's day announces the event: every format says so, and
    only for that line."""
    before = SourceRef("a1", 0, 30, "Hearing set", None, "2024-03-05")
    after = SourceRef("a2", 0, 30, "Hearing held", None, "2024-03-07")
    tl = Timeline(entries=[TimelineEntry(date=date(2024, 3, 7), sentences=[
        TimelineSentence("The committee will hear the minister on Thursday.", before, ahead=True),
        TimelineSentence("The minister told the committee he knew.", after)])])
    d = json.loads(render(tl, "json"))
    assert [s["ahead"] for s in d["entries"][0]["sentences"]] == [True, False]
    rows = list(csv.DictReader(io.StringIO(render(tl, "csv"))))
    assert [r["ahead"] for r in rows] == ["1", "0"]
    for fmt in ("text", "md", "html", "timelinejs"):
        out = render(tl, fmt)
        assert out.count(AHEAD) == 1, fmt
        assert out.index("2024-03-05") < out.index(AHEAD) < out.index("Hearing held"), fmt



def test_every_format_marks_a_line_whose_date_carried_over() -> None:
    """A line that does not name its entry's day (the date of an earlier sentence of its paragraph carried
    over) says so beside its source in every format, and only that line."""
    src = SourceRef("a1", 0, 30, "Siege ends", None, "2004-09-04")
    tl = Timeline(entries=[TimelineEntry(date=date(2004, 9, 3), sentences=[
        TimelineSentence("On September 3 the forces stormed the school.", src, dated_by="timex"),
        TimelineSentence("Hundreds of hostages were freed.", src, dated_by="narrative")])])
    for fmt in ("text", "md", "html", "timelinejs"):
        out = render(tl, fmt)
        assert out.count(CARRIED) == 1, fmt
        assert out.index("Hundreds of hostages") < out.index(CARRIED), fmt
        assert out.index("stormed the school") < out.index("Hundreds of hostages"), fmt
    assert "dated_by" in render(tl, "csv") and CARRIED not in render(tl, "json")  # their own field says it


def test_every_format_marks_a_day_worked_out_from_a_weekday() -> None:
    """A line that gives its day only as a weekday ("on Thursday") says so beside its source in every format,
    and only that line; JSON and CSV have their own field."""
    src = SourceRef("a1", 0, 30, "Hearing", None, "2024-03-08")
    tl = Timeline(entries=[TimelineEntry(date=date(2024, 3, 7), sentences=[
        TimelineSentence("On March 7 the minister was heard.", src, dated_by="timex"),
        TimelineSentence("He told the committee on Thursday that he knew.", src, dated_by="timex",
                         day_resolved_from="on\nThursday")])])
    for fmt in ("text", "md", "html", "timelinejs"):
        out = render(tl, fmt)
        assert out.count(RESOLVED) == 1, fmt
        at = out.index(RESOLVED)
        assert out.index("that he knew") < at < out.index("Thursday", at), fmt
    assert f'{RESOLVED} "on Thursday"' in render(tl, "text")  # the words, on one line
    d = json.loads(render(tl, "json"))
    assert [s["day_resolved_from"] for s in d["entries"][0]["sentences"]] == [None, "on\nThursday"]
    assert RESOLVED not in render(tl, "json")
    rows = list(csv.DictReader(io.StringIO(render(tl, "csv"))))
    assert [r["day_resolved_from"] for r in rows] == ["", "on\nThursday"]
