"""Bad input: no crash, no hang, clear errors only for invalid arguments (issue 3, 'Bad input')."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.temporal import detect_language, tag

DCT = date(2024, 3, 23)

TEMPORAL_WORDS = ["March", "7", "2002", "days", "later", "last", "Friday", "the", "weekend", "a", "year",
                  "ago", "early", "1990s", "-", ",", " ", "\n", "two", "quarter", "third", "p.m.", "10:35",
                  "’", "'", "nineteen", "ninety", "mid", "of", "this", "week", "Sept.", "31", "99999"]


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_any_text_is_safe(text: str) -> None:
    for t in tag(text, DCT):
        assert 0 <= t.start < t.end <= len(text)
        assert text[t.start : t.end] == t.text


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(TEMPORAL_WORDS), max_size=60).map(" ".join),
       st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
def test_temporal_word_soup_is_safe(text: str, dct: date) -> None:
    out = tag(text, dct)
    assert out == sorted(out, key=lambda t: t.start)
    assert all(a.end <= b.start for a, b in zip(out, out[1:], strict=False))


@pytest.mark.parametrize("text", ["", "   ", "no time here at all", "February 30", "the year 99999",
                                  "Москва 2002 年 March 7 ٢٠٠٢", "1" * 200_000, "March " * 8_000])
def test_degenerate_inputs(text: str) -> None:
    for dct in (DCT, date(1, 1, 1), date(9999, 12, 31)):
        out = tag(text, dct)
        assert all(t.value for t in out)


def test_absurd_dates_are_not_tagged_as_dates() -> None:
    assert [t for t in tag("on February 30 and in the year 99999", DCT) if t.value.startswith("2")] == []


def test_invalid_arguments_raise_clear_errors() -> None:
    with pytest.raises(TypeError, match="dct must be a datetime.date"):
        tag("March 7", "2024-03-23")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="text must be str"):
        tag(b"March 7", DCT)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unsupported language 'xx'"):
        tag("March 7", DCT, lang="xx")


def test_detect_language() -> None:
    assert detect_language("The minister said on Friday that the talks had failed again.") == "en"
    assert detect_language("") == "und"
    assert detect_language("12345 67890") == "und"


@pytest.mark.shared
def test_trigger_windows_change_nothing(shared) -> None:  # noqa: ANN001
    """Searching only near trigger tokens must find exactly what searching everywhere finds."""
    from dateline.ingest.timeml import read_timeml
    from dateline.temporal import get_engine

    engine = get_engine("en")
    files = sorted((shared / "data" / "tempeval3" / "train" / "TimeBank").glob("*.tml"))[:40]
    if not files:
        pytest.skip("TempEval-3 train data not found")
    for f in files:
        doc = read_timeml(f)
        assert engine.find(doc.text) == engine.find(doc.text, use_triggers=False), f.name


# letters that lowercase specially (İ, Σ, ẞ), fold to ASCII under re.I (ſ, K), digit-like (², ①), numerals
TRICKY = ["İ", "ı", "Σ", "ΑΣ", "ſ", "\u212a", "ẞ", "²", "①", "٣", "Ⅻ", "_", "-", "’"]


@pytest.mark.parametrize("lang", ["en", "es", "fr", "it"])
@settings(max_examples=200, deadline=None)
@given(text=st.lists(st.sampled_from(TEMPORAL_WORDS + TRICKY + ["MARCH", "Days", "marzo", "mars", "AÑO",
                                                                "lunedì", "l'", "anni"]),
                     max_size=40).map("".join) | st.text(max_size=200))
def test_trigger_token_spans_match_the_token_loop(lang: str, text: str) -> None:
    """The fast trigger-token index finds the trigger tokens the plain token loop finds, at the same spans."""
    from dateline.temporal import get_engine
    from dateline.temporal.engine import all_token_spans

    engine = get_engine(lang)
    keys = {t for c in engine.rules if c.triggers for t in c.triggers}
    fast = {k: v for k, v in engine._token_spans(text).items() if k in keys}
    slow = {k: v for k, v in all_token_spans(text).items() if k in keys}
    assert fast == slow


@pytest.mark.parametrize("lang", ["en", "es", "fr", "it"])
@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_word_class_lookahead_changes_no_match(lang: str, data: st.DataObject) -> None:
    """The first-character look-ahead of a word-class regex only speeds it up: same matches without it."""
    import re

    from dateline.temporal import get_engine
    from dateline.temporal.engine import _words_regex

    res = get_engine(lang).res
    for name, words in sorted(res.classes.items()):
        fast = _words_regex(list(words), res.case_sensitive)
        plain = fast[fast.index("])") + 2 :] if fast.startswith("(?=[") else fast
        pieces = sorted(words) + [w.capitalize() for w in words] + [" ", "  ", ",", "x", "İ", "\u212a", "ſ"]
        text = "".join(data.draw(st.lists(st.sampled_from(pieces), max_size=12), label=name))
        spans = [m.span() for m in re.finditer(fast, text, re.I)]
        assert spans == [m.span() for m in re.finditer(plain, text, re.I)], name


@pytest.mark.parametrize("lang", ["en", "es", "fr", "it"])
@settings(max_examples=60, deadline=None)
@given(text=st.lists(st.sampled_from(TEMPORAL_WORDS + TRICKY + ["MARCH", "May", "marzo", "mars", "1er", "h",
                                                                "1°", "all'", "ore"]),
                     max_size=30).map(" ".join))
def test_rule_lookahead_changes_no_match(lang: str, text: str) -> None:
    """The first-character look-ahead in front of each rule regex only speeds it up: same matches."""
    import re

    from dateline.temporal import get_engine
    from dateline.temporal.engine import rule_regex

    for c in get_engine(lang).rules:
        plain = re.compile(rule_regex(c.body), re.I)
        spans = [m.span() for m in c.regex.finditer(text)]
        assert spans == [m.span() for m in plain.finditer(text)], c.rule.name


def test_first_chars_of_patterns() -> None:
    from dateline.temporal.engine import first_chars

    assert first_chars("(?<!x)(?:ab|c)?d") == ("acd", False)
    assert first_chars("[0-9]{2}|\\s") == ("0-9\\s", False)
    assert first_chars("a?") == ("a", True)  # can match empty
    assert first_chars(".b")[0] is None and first_chars("[^a]b")[0] is None


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet="ab_ 1²-\n.é", max_size=300), data=st.data())
def test_windows_match_the_plain_loop(text: str, data: st.DataObject) -> None:
    from dateline.temporal.engine import WINDOW, _windows

    starts = sorted(data.draw(st.lists(st.integers(0, max(len(text) - 1, 0)), max_size=12)))
    spans = [(s, min(len(text), s + 2)) for s in starts] if text else []
    n = len(text)
    expected: list[tuple[int, int]] = []
    for s, e in spans:  # the original loop
        ws, we = max(0, s - WINDOW), min(n, e + WINDOW)
        while we < n and (text[we].isalnum() or text[we] == "_"):
            we += 1
        if expected and ws <= expected[-1][1]:
            expected[-1] = (expected[-1][0], max(expected[-1][1], we))
        else:
            expected.append((ws, we))
    assert _windows(spans, n, text) == expected


@pytest.mark.parametrize("lang", ["en", "es", "fr", "it"])
@settings(max_examples=150, deadline=None)
@given(text=st.lists(st.sampled_from(TEMPORAL_WORDS + ["0", "09", "2008-09-15", "19", "90s", "Mon", "Sept",
                                                       "hours", "marzo", "mars", ":", ".", "the"]),
                     max_size=40).map("".join))
def test_every_match_holds_a_token_of_each_required_set(lang: str, text: str) -> None:
    """``Engine.find`` drops the windows lacking a token of a rule's other requirements (``requires``): each
    rule's every match, searched over the whole text, holds a whole token of each of them."""
    from dateline.temporal import get_engine
    from dateline.temporal.engine import all_token_spans

    engine = get_engine(lang)
    where = all_token_spans(text)
    for c in engine.rules:
        for m in c.regex.finditer(text):
            for req in c.requires:
                assert any(m.start() <= s and e <= m.end() for key in req for s, e in where.get(key, ())), \
                    (c.rule.name, m.group(), sorted(req)[:5])


def test_required_sets_take_no_digit_run_length_from_literal_digits() -> None:
    """A literal "0" before a digit class is part of a longer run ("09"), not a run of one: digit
    requirements are any digit run."""
    from dateline.temporal.triggers import DIGITS, required_sets

    sets = required_sets("{year}-(?P<month>0[1-9]|1[0-2])", lambda cls: frozenset({"#d4"}), set())
    assert sets == [DIGITS]
