"""Each reader on small hand-made files: what it extracts, and every reason it rejects a record."""

from __future__ import annotations

import gzip
import json
from datetime import date
from pathlib import Path

import pytest
from ingest_fixtures import ARTICLE_HTML, ATOM, RSS, TIMEML, UNDATED_HTML, write, write_warc

from dateline.ingest import detect_format, read_path
from dateline.types import Article, Reject


def articles(records: list[Article | Reject]) -> list[Article]:
    return [r for r in records if isinstance(r, Article)]


def rejects(records: list[Article | Reject]) -> list[Reject]:
    return [r for r in records if isinstance(r, Reject)]


def read(path: Path, fmt: str = "auto", max_bytes: int = 5_000_000) -> list[Article | Reject]:
    return list(read_path(path, fmt, max_bytes=max_bytes))


# -- seed ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    ["  date 2024-03-23 On March 7, the agency said.\n\nMore text.",
     "date 2024-03-23\nOn March 7, the agency said.\n\nMore text.",
     "\n\tDATE 2024-03-23T09:00:00 On March 7, the agency said.\n\nMore text."],
)
def test_seed_body_on_same_or_next_line(tmp_path: Path, content: str) -> None:
    [a] = read(write(tmp_path / "a.txt", content))
    assert isinstance(a, Article)
    assert a.published == date(2024, 3, 23)
    assert a.text.startswith("On March 7, the agency said.")
    assert a.text.endswith("More text.")
    assert a.origin == str(tmp_path / "a.txt")


def test_seed_bad_date_and_no_date(tmp_path: Path) -> None:
    [bad] = read(write(tmp_path / "a.txt", "date 2024-13-45 Body text here."), "seed")
    [none] = read(write(tmp_path / "b.txt", "Body text without a date line."), "seed")
    assert isinstance(bad, Reject) and bad.reason.startswith("unparsable date '2024-13-45'")
    assert isinstance(none, Reject) and none.reason.startswith("no date")


def test_seed_empty_body(tmp_path: Path) -> None:
    [r] = read(write(tmp_path / "a.txt", "date 2024-03-23\n   \n"))
    assert isinstance(r, Reject) and r.reason == "empty body" and r.record is None


# -- JSONL --------------------------------------------------------------------------------------


def test_jsonl_fields_and_line_numbers(tmp_path: Path) -> None:
    lines = [
        {"id": "a1", "date": "2024-03-23", "text": "First story.", "title": "T", "url": "https://x/1",
         "source": "Wire", "language": "en-US"},
        {"date": "2024-03-24T23:30:00-05:00", "text": "Second story."},
        {"text": "No date here."},
        {"date": "23/03/2024", "text": "Ambiguous date."},
        {"date": "2024-03-25", "text": "   "},
        {"date": "2024-03-25"},
        {"date": "2024-03-25", "text": "bad\u0000binary\u0000"},
        [1, 2],
    ]
    body = "\n".join(json.dumps(x) for x in lines[:2]) + "\n\n" + "\n".join(json.dumps(x) for x in lines[2:])
    body += "\n{not json\n"
    path = write(tmp_path / "a.jsonl", body.encode() + b'{"date": "2024-03-25", "text": "caf\xe9"}\n')
    recs = read(path)
    a1, a2 = articles(recs)
    assert (a1.id, a1.title, a1.url, a1.source, a1.language) == ("a1", "T", "https://x/1", "Wire", "en")
    assert a2.published == date(2024, 3, 24)  # the day as written, no UTC shift
    assert a2.origin == f"{path}:2"
    got = {(r.record, r.reason.split(" (")[0]) for r in rejects(recs)}
    assert got == {
        (4, "no date"), (5, "unparsable date '23/03/2024'"), (6, "empty body"), (7, "empty body"),
        (8, "binary content"), (9, "not a JSON object"), (10, "invalid JSON"), (11, "invalid UTF-8"),
    }


def test_jsonl_mojibake_is_repaired(tmp_path: Path) -> None:
    """UTF-8 read as cp1252 upstream (Entities' Guardian articles, some ML-Crisis Spanish ones) is repaired,
    so readers see the real characters (that its dates are then found: tests/eval/test_tls.py). Tokenized
    copies, whose curly quotes are split by a space, and closing quotes whose last byte was lost, are
    repaired too. Legitimate text is left as it is."""
    lines = [
        {"id": "es", "date": "2012-03-10",
         "text": "Egipto iniciÃ³ este sÃ¡bado el proceso, anunciÃ³ el miÃ©rcoles.",
         "title": "Egipto iniciÃ³ el proceso"},
        {"id": "en", "date": "2016-04-20", "text": "Trump tweeted : â€œNow all he can do is be a spoilerâ€ . "
                                                  "Cruz won two delegates to Trumpâ€ ™ s one â€ ¦ Â£100,000"},
        {"id": "ok", "date": "2016-04-20", "text": "SÃO PAULO — A polícia disse que o café fechou."},
    ]
    path = write(tmp_path / "m.jsonl", "\n".join(json.dumps(x, ensure_ascii=False) for x in lines).encode())
    es, en, ok = articles(read(path))
    assert es.text == "Egipto inició este sábado el proceso, anunció el miércoles."
    assert es.title == "Egipto inició el proceso"
    assert en.text == ("Trump tweeted : \u201cNow all he can do is be a spoiler\u201d . "
                       "Cruz won two delegates to Trump\u2019 s one \u2026 £100,000")
    assert ok.text == lines[2]["text"]


def test_timeml_text_is_never_repaired(tmp_path: Path) -> None:
    """Annotated corpora keep their text byte for byte: their gold offsets point into it."""
    from dateline.ingest.common import make_article

    a = make_article(published="2024-03-23", text="iniciÃ³ el 7 de marzo", file="x.tml", record=None,
                     max_bytes=1000, strip=False, repair=False)
    assert isinstance(a, Article) and a.text == "iniciÃ³ el 7 de marzo"


def test_jsonl_gzip_and_absurd_size(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"date": "2024-03-23", "text": "Short."}) + "\n")
        fh.write(json.dumps({"date": "2024-03-23", "text": "Long " * 100}) + "\n")
    recs = read(path, max_bytes=200)
    assert [a.text for a in articles(recs)] == ["Short."]
    [r] = rejects(recs)
    assert r.record == 2 and r.reason.startswith("absurd size")


# -- dated folders ------------------------------------------------------------------------------


def test_dated_folders_title_source_and_date(tmp_path: Path) -> None:
    root = tmp_path / "spill"
    write(root / "2025-03-02" / "coastal-wire-01.txt", "Solvent spill hits river\n\nKESSLER FALLS - A leak.")
    write(root / "2025-03-03" / "deep" / "er" / "17.txt", "A first line that is not a title\nand goes on.\n")
    write(root / "bbc" / "InputDocs" / "2010-04-06" / "1622.htm.txt", "Oil spill bulletin.")
    write(root / "undated" / "note.txt", "No date folder anywhere.")
    write(root / "2025-02-30" / "x-01.txt", "Impossible date.")
    write(root / "README.md", "not an article")
    recs = read(root)
    by_name = {Path(a.origin or "").name: a for a in articles(recs)}
    a = by_name["coastal-wire-01.txt"]
    assert (a.published, a.title, a.source, a.text) == (
        date(2025, 3, 2), "Solvent spill hits river", "coastal-wire", "KESSLER FALLS - A leak.")
    b = by_name["17.txt"]
    assert b.published == date(2025, 3, 3) and b.title is None and b.text.startswith("A first line")
    assert b.source == "spill"  # topic folder above the date folder
    assert by_name["1622.htm.txt"].source == "bbc"  # generic "InputDocs" passed over
    assert len(by_name) == 3
    assert {r.reason for r in rejects(recs)} == {"unparsable date '2025-02-30' in folder name"}
    # named explicitly, the undated file is rejected with its reason
    [r] = read(root / "undated" / "note.txt", "dir")
    assert isinstance(r, Reject) and r.reason.startswith("no date")


def test_binary_and_invalid_utf8_files(tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    [r1] = read(write(tmp_path / "2024-01-01" / "img.txt", png))
    [r2] = read(write(tmp_path / "2024-01-01" / "latin.txt", "Caf\u00e9 cr\u00e8me story".encode("latin-1")))
    [r3] = read(write(tmp_path / "2024-01-01" / "noise.txt", bytes(range(128, 256)) * 4))
    assert isinstance(r1, Reject) and r1.reason == "binary content (NUL bytes)"
    assert isinstance(r2, Reject) and r2.reason.startswith("invalid UTF-8 (byte 0xe9")
    assert isinstance(r3, Reject) and r3.reason.startswith("binary content")


def test_absurd_size_file(tmp_path: Path) -> None:
    [r] = read(write(tmp_path / "2024-01-01" / "big.txt", "word " * 1000), max_bytes=1000)
    assert isinstance(r, Reject) and r.reason.startswith("absurd size: 5,000 bytes exceeds")


# -- HTML, WARC ---------------------------------------------------------------------------------


def test_html_main_text_date_and_language(tmp_path: Path) -> None:
    [a] = read(write(tmp_path / "page.html", ARTICLE_HTML.format(date="2024-03-21")))
    assert isinstance(a, Article)
    assert a.published == date(2024, 3, 21)
    assert "trichloroethylene" in a.text and "Home" not in a.text and "Copyright" not in a.text
    assert (a.title, a.source, a.language) == ("Solvent spill hits river", "Coastal Wire", "en")


def test_html_without_date_is_rejected(tmp_path: Path) -> None:
    [r] = read(write(tmp_path / "about.htm", UNDATED_HTML))
    assert isinstance(r, Reject) and r.reason.startswith("no date")


def test_html_event_date_in_text_is_not_taken_for_the_publication_date(tmp_path: Path) -> None:
    body = "<p>In October 2002, the plant leaked for the first time, the agency said on Monday.</p>" * 3
    [r] = read(write(tmp_path / "p.html", f"<html><body><article>{body}</article></body></html>"))
    assert isinstance(r, Reject) and r.reason.startswith("no date")
    byline = f"<html><body><article><p class='byline'>Published March 3, 2025</p>{body}</article></body>"
    [a] = read(write(tmp_path / "q.html", byline))
    assert isinstance(a, Article) and a.published == date(2025, 3, 3)


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_warc_html_responses(tmp_path: Path, name: str) -> None:
    html = ARTICLE_HTML.format(date="2024-03-21").encode()
    path = write_warc(tmp_path / name, [
        ("https://news.example/spill", html, "text/html; charset=utf-8", "200 OK"),
        ("https://news.example/logo.png", b"\x89PNG\x00\x00", "image/png", "200 OK"),
        ("https://news.example/gone", html, "text/html", "404 Not Found"),
        ("https://news.example/about", UNDATED_HTML.encode(), "text/html", "200 OK"),
        ("https://news.example/fr", ARTICLE_HTML.format(date="2024-03-22").encode("latin-1"),
         "text/html; charset=ISO-8859-1", "200 OK"),
        ("https://news.example/2024/03/20/river", UNDATED_HTML.encode(), "text/html", "200 OK"),
    ])
    recs = read(path)
    a, fr, by_url = articles(recs)
    assert a.url == "https://news.example/spill" and a.published == date(2024, 3, 21)
    assert a.origin == f"{path}:3"  # warcinfo=1, request=2, response=3
    assert fr.published == date(2024, 3, 22)
    assert by_url.published == date(2024, 3, 20) and by_url.origin == f"{path}:13"  # date from the URL
    [r] = rejects(recs)
    assert r.record == 9 and r.reason.startswith("no date")


def test_not_a_warc(tmp_path: Path) -> None:
    [r] = read(write(tmp_path / "x.warc", b"this is not an archive\n" * 3))
    assert isinstance(r, Reject) and "WARC" in r.reason


# -- feeds --------------------------------------------------------------------------------------


def test_rss_entries_dates_in_feed_time_zone(tmp_path: Path) -> None:
    recs = read(write(tmp_path / "feed.xml", RSS))
    a, c = articles(recs)
    assert a.published == date(2024, 3, 23)  # 23:30 -05:00 stays on the 23rd
    assert a.text == "Residents of Lower Quay returned home on Saturday."
    assert (a.title, a.source, a.language, a.url) == (
        "Evacuation lifted", "Riverside Post", "en", "https://riverside.example/a")
    assert c.origin == f"{tmp_path / 'feed.xml'}:3" and c.published == date(2025, 3, 10)
    [r] = rejects(recs)
    assert (r.record, r.reason.split(" (")[0]) == (2, "no date")


def test_atom_published_then_updated(tmp_path: Path) -> None:
    a, b = articles(read(write(tmp_path / "ledger.atom", ATOM)))
    assert a.published == date(2025, 3, 27) and a.text.startswith("The chief executive told")
    assert b.published == date(2025, 3, 29)
    assert a.source == "Northern Ledger" and a.id == "urn:ledger:1"


def test_not_a_feed(tmp_path: Path) -> None:
    [r] = read(write(tmp_path / "x.rss", "just words, no XML"))
    assert isinstance(r, Reject) and r.reason.startswith("not a feed")


# -- TimeML -------------------------------------------------------------------------------------


def test_timeml_dct_and_text(tmp_path: Path) -> None:
    [a] = read(write(tmp_path / "doc.tml", TIMEML))
    assert isinstance(a, Article)
    assert (a.published, a.id, a.source) == (date(1998, 1, 8), "APW_ENG_19980108.0001", "APW")
    assert a.text == "\nThe talks resumed on Wednesday in Geneva & Bern.\n"  # unstripped: gold offsets hold


@pytest.mark.parametrize(
    ("doc_id", "source"),
    [("AFP_ENG_19970401.0006", "AFP"), ("APW19980807.0261", "APW"), ("wsj_0006", "WSJ"),
     ("ed980111.1130", None)],
)
def test_timeml_source_from_document_id(tmp_path: Path, doc_id: str, source: str | None) -> None:
    [a] = read(write(tmp_path / "doc.tml", TIMEML.replace("APW_ENG_19980108.0001", doc_id)))
    assert isinstance(a, Article) and (a.id, a.source) == (doc_id, source)


def test_timeml_without_dct(tmp_path: Path) -> None:
    [r] = read(write(tmp_path / "doc.tml", "<TimeML><TEXT>No creation time.</TEXT></TimeML>"))
    assert isinstance(r, Reject) and "DCT" in r.reason and not r.reason.startswith(str(tmp_path))


# -- detection ----------------------------------------------------------------------------------


def test_detect_by_extension_and_content(tmp_path: Path) -> None:
    cases = {
        "a.jsonl": ('{"date": "2024-01-01", "text": "x"}\n', "jsonl"),
        "noext": ('{"date": "2024-01-01", "text": "x"}\n', "jsonl"),
        "seed.txt": ("date 2024-03-23 Body.", "seed"),
        "2024-03-23/story.txt": ("Just a body.", "dir"),
        "plain.txt": ("Just a body.", None),
        "feed.xml": (RSS, "rss"),
        "atomfeed": (ATOM, "rss"),
        "doc.xml": (TIMEML, "timeml"),
        "page": (ARTICLE_HTML, "html"),
        "page.HTM": ("whatever", "html"),
    }
    for name, (content, fmt) in cases.items():
        assert detect_format(write(tmp_path / name, content)) == fmt, name
    warc = write_warc(tmp_path / "crawl", [])
    assert detect_format(warc) == "warc"


def test_unknown_format_rejected_only_when_named(tmp_path: Path) -> None:
    write(tmp_path / "notes.md", "# notes")
    [r] = read(tmp_path / "notes.md")
    assert isinstance(r, Reject) and "pass --format" in r.reason
    assert read(tmp_path) == []
