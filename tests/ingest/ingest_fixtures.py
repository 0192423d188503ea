"""Small hand-made inputs for the ingest tests (written into ``tmp_path`` by the tests themselves)."""

from __future__ import annotations

import io
from pathlib import Path

ARTICLE_HTML = """<!DOCTYPE html>
<html lang="en-GB"><head><title>Solvent spill hits river - Coastal Wire</title>
<meta property="article:published_time" content="{date}T10:00:00+00:00">
<meta property="og:title" content="Solvent spill hits river">
<meta property="og:site_name" content="Coastal Wire"></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Solvent spill hits river</h1>
<p>An industrial solvent leaked from a chemical plant into the Varna River early on Sunday, prompting a
drinking water ban for the 9,000 residents of the town of Kessler Falls.</p>
<p>The company said the wastewater contained trichloroethylene, which is classified as a human
carcinogen. "We are testing the water every hour," the mayor said on Monday.</p>
</article><footer>Copyright Coastal Wire</footer></body></html>
"""

UNDATED_HTML = """<!DOCTYPE html><html><head><title>About us</title></head><body><article>
<p>We are a small newsroom covering the towns along the Varna River and the people who live there.</p>
<p>Write to us with tips, corrections and complaints; we read everything and answer most of it.</p>
</article></body></html>
"""

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
<title>Riverside Post</title><link>https://riverside.example/</link><language>en-us</language>
<description>News</description>
<item><title>Evacuation lifted</title><link>https://riverside.example/a</link>
<guid>https://riverside.example/a</guid>
<pubDate>Sat, 23 Mar 2024 23:30:00 -0500</pubDate>
<description>&lt;p&gt;Residents of Lower Quay &lt;b&gt;returned home&lt;/b&gt; on Saturday.&lt;/p&gt;
</description></item>
<item><title>Undated item</title><link>https://riverside.example/b</link>
<description>This entry carries no date at all.</description></item>
<item><title>Plant shut</title><link>https://riverside.example/c</link>
<pubDate>Mon, 10 Mar 2025 08:00:00 GMT</pubDate>
<description>The environment minister ordered the plant shut on Monday.</description></item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">
<title>Northern Ledger</title><id>urn:ledger</id><updated>2025-03-27T20:00:00Z</updated>
<entry><title>Berg admits head office knew</title><id>urn:ledger:1</id>
<link href="https://ledger.example/1"/>
<published>2025-03-27T18:00:00+01:00</published><updated>2025-03-28T09:00:00+01:00</updated>
<content type="html">&lt;p&gt;The chief executive told lawmakers on Thursday that he knew.&lt;/p&gt;</content>
</entry>
<entry><title>Updated only</title><id>urn:ledger:2</id><updated>2025-03-29T07:00:00Z</updated>
<summary>Only an updated date here.</summary></entry>
</feed>
"""

TIMEML = """<?xml version="1.0" ?>
<TimeML xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<DOCID>APW_ENG_19980108.0001</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="1998-01-08" temporalFunction="false"
 functionInDocument="CREATION_TIME">1998-01-08</TIMEX3></DCT>
<TEXT>
The talks resumed on <TIMEX3 tid="t1" type="DATE" value="1998-01-07">Wednesday</TIMEX3> in Geneva &amp; Bern.
</TEXT>
</TimeML>
"""


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def write_warc(path: Path, pages: list[tuple[str, bytes, str, str]]) -> Path:
    """A WARC with a warcinfo record, then per page (url, body, content type, status) a request + response."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=path.suffix == ".gz")
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "dateline-tests"}))
        for url, body, ctype, status in pages:
            req = StatusAndHeaders("GET / HTTP/1.1", [("Host", "news.example")], is_http_request=True)
            writer.write_record(writer.create_warc_record(url, "request", http_headers=req))
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)
            )
    return path
