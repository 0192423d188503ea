"""spaCy wrapper of the temporal tagger: factory ``"dateline_timex"``.

Usage::

    import dateline.temporal.spacy_component  # registers the factory and the extensions
    nlp.add_pipe("dateline_timex")  # config: {"lang": None, "spans_key": "timex", "overwrite": True}
    doc = nlp.make_doc(text)
    doc._.dct = date(2024, 3, 23)   # the publication date, set before the component runs
    doc = nlp(doc)
    for span in doc.spans["timex"]:
        span._.timex  # dateline.types.Timex (character offsets into doc.text)

Writes only ``doc.spans[spans_key]`` (each Span labelled with the TIMEX3 type, ``span._.timex`` the Timex)
and ``doc._.timexes`` (the full list, including any whose edges fall inside a token and so have no Span).
``doc._.dct`` (a ``datetime.date``) is the publication date; when it is None the component leaves the
doc untouched, since values cannot be resolved without it. ``lang`` None means the pipeline's language.
"""

# No ``from __future__ import annotations`` here: spaCy validates factory arguments against their annotations
# (confection + pydantic), which must be real types, not strings.
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc, Span

from dateline.temporal import tag
from dateline.types import Timex

for _name, _default in (("dct", None), ("timexes", None)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)
if not Span.has_extension("timex"):
    Span.set_extension("timex", default=None)


class TimexTagger:
    """Finds TIMEX3 expressions in a Doc; ``find`` is side-effect free, ``set_annotations`` writes."""

    def __init__(self, nlp: Language, name: str, lang: str | None, spans_key: str, overwrite: bool) -> None:
        self.name = name
        self.lang = lang or nlp.lang
        self.spans_key = spans_key
        self.overwrite = overwrite

    def find(self, doc: Doc) -> list[Timex]:
        dct = doc._.dct
        if not isinstance(dct, date):
            return []
        return tag(doc.text, dct, self.lang)

    def set_annotations(self, doc: Doc, timexes: list[Timex]) -> None:
        if doc._.dct is None:
            return
        if not self.overwrite and self.spans_key in doc.spans and len(doc.spans[self.spans_key]):
            return
        spans = []
        for t in timexes:
            span = doc.char_span(t.start, t.end, label=t.type, alignment_mode="expand")
            if span is None:
                continue
            span._.timex = t
            spans.append(span)
        doc.spans[self.spans_key] = spans
        doc._.timexes = timexes

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.find(doc))
        return doc


@Language.factory(
    "dateline_timex",
    assigns=["doc.spans", "doc._.timexes", "span._.timex"],
    requires=["doc._.dct"],
    default_config={"lang": None, "spans_key": "timex", "overwrite": True},
)
def make_timex_tagger(
    nlp: Language, name: str, lang: str | None, spans_key: str, overwrite: bool
) -> TimexTagger:
    return TimexTagger(nlp, name, lang, spans_key, overwrite)
