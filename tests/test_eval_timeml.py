"""TimeML reader and TempEval-3 scorer on small hand-made files whose scores were computed by hand."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dateline.eval.timeml import evaluate, score_document
from dateline.ingest.timeml import TimeMLError, read_timeml
from dateline.types import Timex

DOC = """<?xml version="1.0" ?>
<TimeML>
<DOCID>HAND001</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="1998-02-06" functionInDocument="CREATION_TIME">19980206</TIMEX3>\
</DCT>
<TEXT>He <EVENT eid="e1">left</EVENT> on <TIMEX3 tid="t1" type="DATE" value="1998-02-05">Thursday</TIMEX3> \
and came back <TIMEX3 tid="t2" type="DURATION" value="P2D">two days</TIMEX3> later &amp; rested \
<TIMEX3 tid="t3" type="DATE" value="PRESENT_REF">now</TIMEX3>.</TEXT>
</TimeML>
"""
TEXT = "He left on Thursday and came back two days later & rested now."


@pytest.fixture
def tml(tmp_path: Path) -> Path:
    p = tmp_path / "hand.tml"
    p.write_text(DOC, encoding="utf-8")
    return p


def test_reader_strips_tags_and_keeps_offsets(tml: Path) -> None:
    doc = read_timeml(tml)
    assert doc.doc_id == "HAND001"
    assert doc.dct == date(1998, 2, 6)
    assert doc.text == TEXT  # tags removed, entity decoded, nothing else changed
    assert [(t.text, t.type, t.value) for t in doc.gold] == [
        ("Thursday", "DATE", "1998-02-05"), ("two days", "DURATION", "P2D"), ("now", "DATE", "PRESENT_REF")]
    for t in doc.gold:
        assert doc.text[t.start : t.end] == t.text


def _fake_tagger(text: str, dct: date) -> list[Timex]:
    """Exact 'Thursday' (right type and value); 'two days later' overlaps gold with wrong type and value;
    'rested' is a false positive."""
    def tx(s: str, typ: str, value: str) -> Timex:
        i = text.index(s)
        return Timex(s, i, i + len(s), typ, value)
    return [tx("Thursday", "DATE", "1998-02-05"), tx("two days later", "DATE", "1998-02-08"),
            tx("rested", "DATE", "XXXX")]


def test_scores_computed_by_hand(tml: Path) -> None:
    m = evaluate([tml], _fake_tagger).metrics()
    # gold 3, system 3; strict matches 1, relaxed 2; type and value right on 1 of the 2 relaxed matches
    assert (m["documents"], m["timexes_gold"], m["timexes_system"]) == (1, 3, 3)
    assert m["strict_precision"] == m["strict_recall"] == m["strict_f1"] == pytest.approx(1 / 3, abs=1e-4)
    assert m["relaxed_f1"] == pytest.approx(2 / 3, abs=1e-4)
    assert m["type_f1"] == pytest.approx(2 / 3 * 1 / 2, abs=1e-4)
    assert m["value_f1"] == pytest.approx(1 / 3, abs=1e-4)


def test_one_to_one_pairing() -> None:
    gold = [Timex("Friday night", 0, 12, "TIME", "X")]
    system = [Timex("Friday", 0, 6, "DATE", "X"), Timex("night", 7, 12, "TIME", "X")]
    c = score_document(gold, system)
    assert (c.relaxed, c.strict, c.system, c.gold) == (1, 0, 2, 1)


def test_bad_file_is_reported_and_skipped(tml: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.tml"
    bad.write_text("<TimeML><TEXT>unclosed", encoding="utf-8")
    with pytest.raises(TimeMLError, match="bad.tml"):
        read_timeml(bad)
    report = evaluate([bad, tml], _fake_tagger)
    assert report.documents == 1 and len(report.errors) == 1 and "bad.tml" in report.errors[0]


def test_cli_json_last_line(tml: Path) -> None:
    from typer.testing import CliRunner

    from dateline.cli import app

    result = CliRunner().invoke(app, ["eval", "timeml", str(tml.parent), "--json"])
    assert result.exit_code == 0, result.output
    import json

    m = json.loads(result.output.strip().splitlines()[-1])
    for key in ("strict_f1", "relaxed_f1", "type_f1", "value_f1", "documents", "timexes_gold"):
        assert key in m
    assert m["documents"] == 1 and m["timexes_gold"] == 3


def test_cli_missing_dir_is_a_clear_error(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from dateline.cli import app

    result = CliRunner().invoke(app, ["eval", "timeml", str(tmp_path / "nope")])
    assert result.exit_code != 0
    assert "nope" in result.output and "Traceback" not in result.output
