"""The on-demand langdetect profiles give langdetect's own answers (dateline.temporal.langid)."""

from __future__ import annotations

import pytest

langdetect = pytest.importorskip("langdetect")

TEXTS = [
    "The army said on Tuesday that protesters had gathered in Tahrir Square.",
    "El ejército dijo el martes que los manifestantes se habían reunido en la plaza.",
    "L'armée a déclaré mardi que les manifestants s'étaient rassemblés sur la place.",
    "Die Armee sagte am Dienstag, dass sich Demonstranten auf dem Platz versammelt hätten.",
    "军队周二表示，抗议者聚集在广场上。", "Армия заявила во вторник, что протестующие собрались.",
    "ok", "12345 67890", "!!!", "Cairo 2011 Mubarak", "a" * 300, "Ünïcödé tëxt wïth äccents ŞĞİ ſ K",
]


@pytest.mark.parametrize("text", TEXTS)
def test_same_probabilities_as_langdetect(text: str) -> None:
    from langdetect import DetectorFactory
    from langdetect.detector_factory import PROFILES_DIRECTORY
    from langdetect.lang_detect_exception import LangDetectException

    from dateline.temporal.langid import factory

    eager = DetectorFactory()
    eager.load_profile(PROFILES_DIRECTORY)
    DetectorFactory.seed = 0
    results = []
    for f in (eager, factory()):
        d = f.create()
        d.append(text)
        try:
            results.append([(p.lang, p.prob) for p in d.get_probabilities()])
        except LangDetectException as exc:
            results.append(str(exc))
    assert results[0] == results[1]
    assert factory().langlist == eager.langlist
