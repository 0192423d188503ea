"""Rebuild ``examples/demo.jsonl`` from the dated folders of ``examples/demo/``.

The folder corpus is the source of truth; the JSONL copy exists so the JSONL reader and the demo can be
exercised on identical articles. Run ``python examples/make_jsonl.py`` after editing any article, and
``python examples/make_jsonl.py --check`` to validate the corpus and the reference timeline without writing.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEMO = HERE / "demo"
OUT = HERE / "demo.jsonl"

OUTLETS = {
    "northern-ledger": "Northern Ledger",
    "riverside-post": "Riverside Post",
    "coastal-wire": "Coastal Wire",
    "kessler-gazette": "Kessler Falls Gazette",
}


def read_article(path: Path) -> dict[str, str]:
    """Split one file into headline (first line) and body (the paragraphs after the blank line)."""
    text = path.read_text(encoding="utf-8").strip()
    title, sep, body = text.partition("\n\n")
    if not sep or not title.strip() or not body.strip():
        raise ValueError(f"{path}: expected a headline line, a blank line, then the body")
    slug = path.stem.rsplit("-", 1)[0]
    if slug not in OUTLETS:
        raise ValueError(f"{path}: unknown outlet slug {slug!r}")
    day = path.parent.name
    return {
        "id": f"{day}/{path.stem}",
        "date": day,
        "title": title.strip(),
        "source": OUTLETS[slug],
        "text": body.strip(),
    }


def collect() -> list[dict[str, str]]:
    """Every article of the date folders, ordered by date then file name (``timelines/`` is skipped)."""
    records = []
    for folder in sorted(p for p in DEMO.iterdir() if p.is_dir()):
        if folder.name == "timelines":
            continue
        try:
            dt.date.fromisoformat(folder.name)
        except ValueError as exc:
            raise ValueError(f"{folder}: folder name is not a YYYY-MM-DD date") from exc
        records.extend(read_article(f) for f in sorted(folder.glob("*.txt")))
    return records


def to_jsonl(records: list[dict[str, str]]) -> str:
    """One JSON object per line, non-ASCII kept readable."""
    return "".join(json.dumps(rec, ensure_ascii=False) + "\n" for rec in records)


def check_timeline(article_days: set[str]) -> int:
    """Validate ``timelines/editor.jsonl`` (sorted ISO dates, 1-2 sentences) and return its date count."""
    path = DEMO / "timelines" / "editor.jsonl"
    days = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        obj = json.loads(line)
        day = dt.date.fromisoformat(obj["date"]).isoformat()
        sents = obj["sentences"]
        if not (isinstance(sents, list) and 1 <= len(sents) <= 2 and all(s.strip() for s in sents)):
            raise ValueError(f"{path}:{n}: 'sentences' must hold one or two non-empty strings")
        if day not in article_days:
            raise ValueError(f"{path}:{n}: no article was published on {day}")
        days.append(day)
    if days != sorted(set(days)):
        raise ValueError(f"{path}: dates must be unique and sorted")
    return len(days)


def main(argv: list[str]) -> int:
    """Write (or with ``--check``, verify) one JSON object per article."""
    try:
        records = collect()
        n_dates = check_timeline({r["date"] for r in records})
    except (ValueError, KeyError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    text = to_jsonl(records)
    if "--check" in argv:
        if not OUT.exists() or OUT.read_text(encoding="utf-8") != text:
            print(f"error: {OUT} is out of date; run python examples/make_jsonl.py", file=sys.stderr)
            return 1
        words = sum(len(r["title"].split()) + len(r["text"].split()) for r in records)
        print(
            f"ok: {len(records)} articles, {words} words, {len({r['date'] for r in records})} days, "
            f"{n_dates} timeline dates"
        )
        return 0
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {len(records)} articles to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
