"""Reading stored annotations back (for ``dateline show`` and the web pages), and the JSON shape of an
annotated article that ``dateline annotate FILE --format json`` prints."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dateline.types import Annotation, Article, Entity, Quote, Sentence, Timex

if TYPE_CHECKING:
    from dateline.store import Store


def find_article_id(store: Store, article_id: str) -> str | None:
    """The exact id, or the only id starting with ``article_id`` (ids are long hashes)."""
    if store.article(article_id) is not None:
        return article_id
    rows = store.query("SELECT id FROM articles WHERE id LIKE ? ESCAPE '\\' LIMIT 2",
                       [article_id.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"])
    return rows[0]["id"] if len(rows) == 1 else None


def load_annotation(store: Store, article_id: str) -> Annotation | None:
    """The stored annotation of one article, or None when it was never annotated."""
    rows = store.query("SELECT * FROM annotations WHERE article_id = ?", [article_id])
    if not rows:
        return None
    head = rows[0]
    ann = Annotation(article_id, head["annotator_version"], head["language"], status=head["status"],
                     reason=head["reason"])
    ann.sentences = [
        Sentence(r["start"], r["end"], r["text"], r["event_date"], r["granularity"], r["date_source"])
        for r in store.query("SELECT * FROM sentences WHERE article_id = ? ORDER BY idx", [article_id])
    ]
    ann.timexes = [
        Timex(r["text"], r["start"], r["end"], r["type"], r["value"], r["mod"], r["anchor"])
        for r in store.query("SELECT * FROM timexes WHERE article_id = ? ORDER BY start", [article_id])
    ]
    ann.entities = [
        Entity(r["name"], r["label"], r["count"], r["name"])
        for r in store.query(
            "SELECT * FROM entities WHERE article_id = ? ORDER BY count DESC, name", [article_id]
        )
    ]
    ann.quotes = [
        Quote(r["text"], r["start"], r["end"], r["speaker"], r["role"], r["verb"], r["date"],
              bool(r["direct"]))
        for r in store.query("SELECT * FROM quotes WHERE article_id = ? ORDER BY start", [article_id])
    ]
    return ann


def article_json(article: Article, ann: Annotation) -> dict[str, Any]:
    """The per-article object of ``dateline annotate FILE --format json`` (interface of issue 4)."""
    out: dict[str, Any] = {
        "id": article.id,
        "date": article.published.isoformat(),
        "title": article.title,
        "language": ann.language,
        "status": ann.status,
        "timexes": [
            {"text": t.text, "start": t.start, "end": t.end, "type": t.type, "value": t.value, "mod": t.mod}
            for t in ann.timexes
        ],
        "sentences": [
            {"text": s.text, "start": s.start, "end": s.end, "event_date": s.event_date,
             "granularity": s.granularity, "date_source": s.date_source}
            for s in ann.sentences
        ],
        "quotes": [
            {"speaker": q.speaker, "role": q.role, "text": q.text, "verb": q.verb, "start": q.start,
             "end": q.end, "date": q.date, "direct": q.direct}
            for q in ann.quotes
        ],
        "entities": [{"text": e.name or e.text, "label": e.label, "count": e.count} for e in ann.entities],
    }
    if ann.reason:
        out["reason"] = ann.reason
    return out
