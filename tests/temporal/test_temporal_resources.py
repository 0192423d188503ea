"""Resource files are checked against their schema when loaded and here."""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline.temporal import get_engine
from dateline.temporal.resources import ResourceError, _check_rule, _check_vocab, available_languages, load


@pytest.mark.parametrize("lang", available_languages())
def test_every_language_loads_and_compiles(lang: str) -> None:
    res = load(lang)
    assert res.rules and "month" in res.classes
    assert len(get_engine(lang).rules) == len(res.rules)


def test_english_is_available() -> None:
    assert "en" in available_languages()


def test_schema_errors_name_file_rule_and_reason() -> None:
    p = Path("rules/x.yaml")
    with pytest.raises(ResourceError, match=r"rules/x.yaml: rule 'r1': type 'DAY'"):
        _check_rule({"name": "r1", "pattern": "x", "type": "DAY", "norm": "date"}, p, 0)
    with pytest.raises(ResourceError, match="normalizer 'guess'"):
        _check_rule({"name": "r1", "pattern": "x", "type": "DATE", "norm": "guess"}, p, 0)
    with pytest.raises(ResourceError, match="unknown keys"):
        _check_rule({"name": "r1", "pattern": "x", "type": "DATE", "norm": "date", "colour": 1}, p, 0)
    with pytest.raises(ResourceError, match=r"takes no argument\(s\) \['sing'\]"):
        bad_args = {"name": "r1", "pattern": "x", "type": "DATE", "norm": "relative", "args": {"sing": 1}}
        _check_rule(bad_args, p, 0)
    with pytest.raises(ResourceError, match="'janvier' -> 13 must be an integer 1-12"):
        _check_vocab({"classes": {"month": {"janvier": 13}}}, Path("vocab.yaml"))
    with pytest.raises(ResourceError, match="'classes' must be"):
        _check_vocab({"language": "en"}, Path("vocab.yaml"))


def test_schema_knows_exactly_the_engine_normalizers() -> None:
    from dateline.temporal import normalizers, resources

    assert set(normalizers.NORMALIZERS) == resources.NORMALIZERS


def test_fast_yaml_loader_reads_the_same_data() -> None:
    """The libyaml loader used for speed reads every resource file exactly as PyYAML's pure-Python one."""
    import yaml

    from dateline.temporal.resources import _SAFE_LOADER, RESOURCE_DIR, _load_yaml

    if _SAFE_LOADER is yaml.SafeLoader:
        pytest.skip("PyYAML without libyaml")
    for path in sorted(RESOURCE_DIR.rglob("*.yaml")):
        with path.open(encoding="utf-8") as fh:
            assert _load_yaml(path) == yaml.safe_load(fh), path


def test_priority_must_be_an_integer() -> None:
    rule = {"name": "r1", "pattern": "x", "type": "DATE", "norm": "date", "priority": "high"}
    with pytest.raises(ResourceError, match="'priority' must be an integer"):
        _check_rule(rule, Path("rules/x.yaml"), 0)


def test_priority_decides_between_equal_length_matches() -> None:
    """Of two rules matching the same text, the one with the higher priority wins whatever the file order;
    at equal priority, the earlier rule does."""
    import dataclasses

    from dateline.temporal.engine import Engine
    from dateline.temporal.resources import Rule

    base = load("en")
    first = Rule("as_duration", "one day", "DURATION", "duration", {"unit": "D", "n": 1}, None, "a.yaml")
    second = Rule("as_future", "one day", "DATE", "const", {"value": "FUTURE_REF"}, None, "b.yaml")

    def tag_with(rules: list[Rule]) -> list[str]:
        engine = Engine(dataclasses.replace(base, rules=rules))
        return [c.rule.name for _, _, c, _ in engine.find("It will one day happen.")]

    assert tag_with([first, second]) == ["as_duration"]
    assert tag_with([first, dataclasses.replace(second, priority=1)]) == ["as_future"]
