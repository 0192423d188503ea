"""Per-language resources (vocabulary + rules) loaded from YAML data files, checked against a schema.

Layout: ``resources/<lang>/vocab.yaml`` (word classes such as month or unit names, marker words) and
``resources/<lang>/rules/*.yaml`` (one file per expression kind; each rule = regex pattern with
``{class}`` / ``{class:group}`` placeholders, a TIMEX3 type, a normalizer name and its arguments).
Loaded lazily and cached per language, like dateparser's language loader.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

RESOURCE_DIR = Path(__file__).parent / "resources"

TYPES = {"DATE", "TIME", "DURATION", "SET"}
# keep in sync with normalizers.NORMALIZERS (a test checks)
NORMALIZERS = {"holiday", "date", "relative", "weekday", "duration", "const", "clock", "weekend",
               "part_of_day", "recurring", "name"}
RULE_KEYS = {"name", "pattern", "type", "norm", "args", "span", "priority"}
_COMMON_ARGS = {"mod", "narrative"}
ARGS = {  # the arguments each normalizer reads (a typo in a resource file is an error, not a no-op)
    "date": {"year", "year_offset", "dir", "quarter", "half", "season", "gran", "not_after",
             "quantity_after"},
    "relative": {"unit", "n", "sign", "ref", "gran", "keep_gran", "pod", "same_period"},
    "weekday": {"dir", "pod_in_value", "ref"},
    "weekend": {"n"},
    "duration": {"unit", "n"},
    "const": {"value", "type", "anchor"},
    "clock": {"hour", "minute"},
    "part_of_day": {"n", "pod", "ref"},
    "holiday": {"dir", "gran"},
    "recurring": set(),
    "name": set(),
}
UNITS = {"Y", "M", "W", "D", "Q", "DE", "C", "HY", "WE", "TH", "TM", "TS"}
_VALUE_CHECKS = {  # class name -> (check, what it must be)
    "month": (lambda v: isinstance(v, int) and 1 <= v <= 12, "an integer 1-12"),
    "month_name": (lambda v: isinstance(v, int) and 1 <= v <= 12, "an integer 1-12"),
    "weekday": (lambda v: isinstance(v, int) and 0 <= v <= 6, "an integer 0 (Monday) - 6"),
    "unit": (lambda v: v in UNITS, f"one of {sorted(UNITS)}"),
    "number": (lambda v: v == "X" or (isinstance(v, int) and v >= 0), "a non-negative integer or X"),
}
VOCAB_KEYS = {"language", "classes", "case_sensitive", "markers", "quantifiers"}


class ResourceError(ValueError):
    """A resource file that breaks the schema; the message names the file, the rule and the reason."""


@dataclass
class Rule:
    name: str
    pattern: str
    type: str
    norm: str
    args: dict[str, Any] = field(default_factory=dict)
    span: str | None = None  # named group that is the timex span (the rest of the match is context)
    source: str = ""
    priority: int = 0  # among overlapping matches of equal length, the higher priority wins (then file order)


@dataclass
class Resources:
    lang: str
    classes: dict[str, dict[str, Any]]
    case_sensitive: set[str]
    markers: dict[str, list[str]]
    rules: list[Rule]


def available_languages() -> list[str]:
    return sorted(p.name for p in RESOURCE_DIR.iterdir() if (p / "vocab.yaml").is_file())


# libyaml's parser when PyYAML has it: a third of the engine's start-up otherwise (the same safe constructor
# builds the values, so the data is the same; tests/temporal/test_temporal_resources.py checks it)
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.load(fh, Loader=_SAFE_LOADER)  # noqa: S506 (a safe loader)
    except (OSError, yaml.YAMLError) as exc:
        raise ResourceError(f"{path}: cannot read YAML ({exc})") from exc


def _check_vocab(data: Any, path: Path) -> None:
    if not isinstance(data, dict):
        raise ResourceError(f"{path}: top level must be a mapping")
    extra = set(data) - VOCAB_KEYS
    if extra:
        raise ResourceError(f"{path}: unknown keys {sorted(extra)} (allowed: {sorted(VOCAB_KEYS)})")
    classes = data.get("classes")
    if not isinstance(classes, dict) or not classes:
        raise ResourceError(f"{path}: 'classes' must be a non-empty mapping of class -> {{word: value}}")
    for name, words in classes.items():
        if not isinstance(words, dict) or not all(isinstance(w, str) and w for w in words):
            raise ResourceError(f"{path}: class {name!r} must map non-empty strings to values")
        check = _VALUE_CHECKS.get(name)
        for word, value in words.items():
            if check and not check[0](value):
                raise ResourceError(f"{path}: class {name!r}: {word!r} -> {value!r} must be {check[1]}")
    markers = data.get("markers", {})
    if not isinstance(markers, dict) or not all(
        isinstance(v, list) and all(isinstance(w, str) for w in v) for v in markers.values()
    ):
        raise ResourceError(f"{path}: 'markers' must map a name to a list of strings (quote yes/no/on/off)")


def _check_rule(raw: Any, path: Path, i: int) -> Rule:
    where = f"{path}: rule #{i}"
    if not isinstance(raw, dict):
        raise ResourceError(f"{where}: must be a mapping")
    where = f"{path}: rule {raw.get('name', '#' + str(i))!r}"
    extra = set(raw) - RULE_KEYS
    if extra:
        raise ResourceError(f"{where}: unknown keys {sorted(extra)}")
    for key in ("name", "pattern", "type", "norm"):
        if not isinstance(raw.get(key), str) or not raw[key]:
            raise ResourceError(f"{where}: '{key}' is required and must be a string")
    if raw["type"] not in TYPES:
        raise ResourceError(f"{where}: type {raw['type']!r} not in {sorted(TYPES)}")
    if raw["norm"] not in NORMALIZERS:
        raise ResourceError(f"{where}: normalizer {raw['norm']!r} not in {sorted(NORMALIZERS)}")
    args = raw.get("args") or {}
    if not isinstance(args, dict):
        raise ResourceError(f"{where}: 'args' must be a mapping")
    unknown = set(args) - ARGS[raw["norm"]] - _COMMON_ARGS
    if unknown:
        raise ResourceError(f"{where}: normalizer {raw['norm']!r} takes no argument(s) {sorted(unknown)} "
                            f"(it takes {sorted(ARGS[raw['norm']] | _COMMON_ARGS)})")
    span = raw.get("span")
    if span is not None and not isinstance(span, str):
        raise ResourceError(f"{where}: 'span' must be a group name")
    priority = raw.get("priority", 0)
    if not isinstance(priority, int) or isinstance(priority, bool):
        raise ResourceError(f"{where}: 'priority' must be an integer")
    return Rule(raw["name"], raw["pattern"], raw["type"], raw["norm"], args, raw.get("span"), str(path),
                priority)


@functools.cache
def load(lang: str) -> Resources:
    """Load and validate the resources of ``lang`` (ISO 639-1). Raises ResourceError / ValueError."""
    base = RESOURCE_DIR / lang
    if not isinstance(lang, str) or not lang.isalpha() or not (base / "vocab.yaml").is_file():
        raise ValueError(f"unsupported language {lang!r}: available are {available_languages()}")
    vpath = base / "vocab.yaml"
    vocab = _load_yaml(vpath)
    _check_vocab(vocab, vpath)
    rules: list[Rule] = []
    names: set[str] = set()
    for rpath in sorted((base / "rules").glob("*.yaml")):
        data = _load_yaml(rpath)
        if not isinstance(data, list):
            raise ResourceError(f"{rpath}: top level must be a list of rules")
        for i, raw in enumerate(data):
            rule = _check_rule(raw, rpath, i)
            if rule.name in names:
                raise ResourceError(f"{rpath}: duplicate rule name {rule.name!r}")
            names.add(rule.name)
            rules.append(rule)
    if not rules:
        raise ResourceError(f"{base / 'rules'}: no rules found")
    classes = {k: {str(w).lower(): v for w, v in ws.items()} for k, ws in vocab["classes"].items()}
    return Resources(
        lang=lang,
        classes=classes,
        case_sensitive={w.lower() for w in vocab.get("case_sensitive", [])},
        markers={k: list(v) for k, v in vocab.get("markers", {}).items()},
        rules=rules,
    )
