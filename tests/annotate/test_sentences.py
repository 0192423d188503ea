"""The rule sentence splitter (languages without a spaCy parser, and the benchmark fast path)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.annotate.sentences import split_sentences


def texts(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


def test_split_untokenized_paragraphs() -> None:
    t = "Damas promet des réformes. Sur Facebook, «The Syrian Revolution» appelle.\nM. Assad a dit non. Fin!"
    assert texts(t) == ["Damas promet des réformes.", "Sur Facebook, «The Syrian Revolution» appelle.",
                        "M. Assad a dit non.", "Fin!"]


def test_tokenized_text_is_one_sentence_per_line() -> None:
    t = "U.S. officials said , on Monday . Obama spoke .\nSecond line , here .\n\nThird , line ."
    assert texts(t) == ["U.S. officials said , on Monday . Obama spoke .", "Second line , here .",
                        "Third , line ."]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["Mr", "approx", "Sept", "etc", "A", "É", " ", ".", "x", "Mlle", "Gen", "vs",
                                 "2", "_", "é", "said"]), max_size=12).map("".join))
def test_abbreviation_search_in_the_tail_only(chunk: str) -> None:
    """Searching ``_ABBREV`` in the last ``_ABBREV_WIDTH`` characters finds what the full search finds."""
    from dateline.annotate.sentences import _ABBREV, _ABBREV_WIDTH

    tail = _ABBREV.search(chunk, max(0, len(chunk) - _ABBREV_WIDTH))
    assert (tail is None) == (_ABBREV.search(chunk) is None)


def test_ordinal_dots_only_when_asked() -> None:
    t = "Die Zahl stieg auf 12. Am 15. März kam es zu Protesten."
    assert texts(t) == ["Die Zahl stieg auf 12.", "Am 15.", "März kam es zu Protesten."]
    assert [t[s:e] for s, e in split_sentences(t, ordinal_dots=True)] == [t]


def test_spanish_doubled_abbreviations_hold_together() -> None:
    """"EE. UU." (Estados Unidos) is one name: no sentence ends at its first dot; the second may end one."""
    t = ("El 15 de marzo los EE. UU. anunciaron sanciones. El ministro de RR. EE. del país calló. "
         "Habló con los EE. UU. El régimen respondió. Fin de frase. EE. UU. no dijo nada.")
    assert texts(t) == ["El 15 de marzo los EE. UU. anunciaron sanciones.",
                        "El ministro de RR. EE. del país calló.", "Habló con los EE. UU.",
                        "El régimen respondió.", "Fin de frase.", "EE. UU. no dijo nada."]


def test_a_line_wrapped_mid_sentence_is_joined_to_the_next() -> None:
    """Saved web pages wrap lines inside sentences: a line without final punctuation followed by one that
    opens in lower case is the same sentence; a titled line, a finished line or a blank line breaks it."""
    t = ("Le Premier ministre David Cameron a\nannoncé qu'il convoquait le Parlement jeudi. Il a dit non.\n"
         "Titre sans point\nLe texte commence ici.\nUne phrase finie.\nune ligne en minuscule\n\n"
         "fin de paragraphe sans point\n\nnouveau paragraphe")
    assert texts(t) == ["Le Premier ministre David Cameron a\nannoncé qu'il convoquait le Parlement jeudi.",
                        "Il a dit non.", "Titre sans point", "Le texte commence ici.", "Une phrase finie.",
                        "une ligne en minuscule", "fin de paragraphe sans point", "nouveau paragraphe"]


def test_closing_quotes_stay_with_the_sentence_they_close() -> None:
    t = 'He said "we will stay." Then he left. Il a dit : «C\'est fini.» Ils partent. (Il part.) Fin.'
    assert texts(t) == ['He said "we will stay."', "Then he left.", "Il a dit : «C'est fini.»",
                        "Ils partent.", "(Il part.)", "Fin."]
