"""langdetect with its language profiles read on demand: the same answers, without 0.4 s of start-up.

``langdetect.detect`` first builds a map from each of the 184,000 n-grams of its 55 profiles to 55
probabilities, in a Python loop (0.5 s CPU, a tenth of the 5-s budget for a ~300-article timeline), while
one detection looks up a few thousand n-grams. ``LazyProbabilities`` builds an n-gram's entry exactly as
``DetectorFactory.add_profile`` would (same profile order, same arithmetic) the first time the detector asks
for it, and keeps it. Relies on langdetect 1.0.9's ``DetectorFactory``/``Detector`` attributes (pinned in
constraints.txt; tests/temporal/test_langid.py compares both factories).
"""

from __future__ import annotations

import functools
import json
import os
from typing import Any


class LazyProbabilities(dict):  # type: ignore[type-arg]
    """``DetectorFactory.word_lang_prob_map``, filled per n-gram on its first look-up."""

    def __init__(self, profiles: list[tuple[int, dict[str, int], list[int]]], langsize: int) -> None:
        super().__init__()
        self._profiles = profiles  # (language index, n-gram frequencies, n-gram counts by length)
        self._langsize = langsize
        self._absent: set[str] = set()

    def __contains__(self, word: object) -> bool:
        if dict.__contains__(self, word):
            return True
        if not isinstance(word, str) or word in self._absent:
            return False
        probs: list[float] | None = None
        for index, freq, n_words in self._profiles:
            if word in freq:
                if probs is None:
                    probs = [0.0] * self._langsize
                if 1 <= len(word) <= 3:
                    probs[index] = 1.0 * freq[word] / n_words[len(word) - 1]
        if probs is None:
            self._absent.add(word)
            return False
        dict.__setitem__(self, word, probs)
        return True

    def __getitem__(self, word: str) -> list[float]:
        if word in self:
            return dict.__getitem__(self, word)  # type: ignore[no-any-return]
        raise KeyError(word)


@functools.cache
def factory() -> Any:
    """A ``langdetect.DetectorFactory`` over all shipped profiles, in ``load_profile``'s order."""
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    files = os.listdir(PROFILES_DIRECTORY)
    langlist: list[str] = []
    profiles: list[tuple[int, dict[str, int], list[int]]] = []
    for name in files:
        path = os.path.join(PROFILES_DIRECTORY, name)
        if name.startswith(".") or not os.path.isfile(path):
            continue
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
        profiles.append((len(langlist), data["freq"], data["n_words"]))
        langlist.append(data["name"])
    f = DetectorFactory()
    f.langlist = langlist
    f.word_lang_prob_map = LazyProbabilities(profiles, len(files))
    return f


def detect(text: str) -> str:
    """``langdetect.detect(text)``: the language code; raises ``LangDetectException`` as it does."""
    detector = factory().create()
    detector.append(text)
    return str(detector.detect())
