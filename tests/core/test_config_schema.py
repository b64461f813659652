"""The config validator (`lint_rules.schema`) agrees with the reference `jsonschema` package.

paperlist validates configs with its own small validator (fast to import, messages with
did-you-mean). These tests keep it honest: the shipped schema uses only keywords it implements,
is itself a valid 2020-12 schema, and on generated configs both validators accept and refuse
the same ones (except non-finite numbers, which only ours refuses, on purpose).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lint_rules.config import schema
from lint_rules.schema import ANNOTATIONS, FORMATS, SUPPORTED, did_you_mean, dotted, validate

SCHEMA = schema()
REFERENCE = jsonschema.Draft202012Validator(
    SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def keywords(node: Any) -> Iterator[str]:
    """Every keyword the schema uses, walking into subschemas (not into property names)."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield key
            if key in ("properties", "$defs"):
                for sub in value.values():
                    yield from keywords(sub)
            elif key in ("items", "additionalProperties", "propertyNames") and \
                    isinstance(value, dict):
                yield from keywords(value)
            elif key == "oneOf":
                for sub in value:
                    yield from keywords(sub)


def formats(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if isinstance(node.get("format"), str):
            yield node["format"]
        for value in node.values():
            yield from formats(value)
    elif isinstance(node, list):
        for value in node:
            yield from formats(value)


def test_the_schema_uses_only_what_the_validator_implements() -> None:
    used = set(keywords(SCHEMA))
    assert used - SUPPORTED - ANNOTATIONS == set()
    assert set(formats(SCHEMA)) <= FORMATS
    assert "additionalProperties" in used and "oneOf" in used  # the walk reaches deep


def test_the_schema_is_a_valid_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


STRINGS = ["", "README.md", "10s", "2 m", "ten", "head", "GET", "checkbox", "PL1", "PL109",
           "error", "loud", "cs.CV", "x(", "https://e.org", "year", "TMI", "journal"]
LEAVES = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 300),
    st.floats(-10, 200, allow_nan=False, allow_infinity=False), st.sampled_from(STRINGS),
)
ANY_VALUE = st.recursive(
    LEAVES,
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.sampled_from(STRINGS), inner, max_size=3)),
    max_leaves=6,
)


def resolve(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = SCHEMA["$defs"][node["$ref"].rsplit("/", 1)[1]]
    return node


def fitting(node: dict[str, Any], depth: int = 0) -> st.SearchStrategy[Any]:
    """Values shaped by ``node``: mostly the right type near its bounds, sometimes anything."""
    node = resolve(node)
    if "oneOf" in node:
        return st.one_of(*(fitting(branch, depth) for branch in node["oneOf"]))
    kind = node.get("type")
    if "enum" in node:
        shaped = st.sampled_from([*node["enum"], "Nope", str(node["enum"][0]).upper()])
    elif kind in ("integer", "number"):
        low = node.get("minimum", node.get("exclusiveMinimum", -3))
        high = node.get("maximum", 300)
        ints = st.one_of(st.sampled_from([int(low) - 1, int(low), int(high), int(high) + 1]),
                         st.integers(int(low) - 2, int(high) + 2))
        floats = st.one_of(
            st.floats(low - 1, high + 1, allow_nan=False, allow_infinity=False),
            st.sampled_from([float(low), float(high), float(int(low)) + 0.5]))
        shaped = st.one_of(ints, floats)
    elif kind == "string":
        shaped = st.one_of(st.sampled_from(STRINGS), st.text("ab(", max_size=3),
                           st.text("a", min_size=45, max_size=55))
    elif kind == "array" and depth < 5:
        shaped = st.lists(fitting(node.get("items", {}), depth + 1), max_size=4)
    elif kind == "object" and depth < 5:
        properties = node.get("properties", {})
        pool = [*properties, "x"] if properties else ["PL109", "empty-link", "PL1", "*.org", "x"]
        extra = node.get("additionalProperties")

        def value_of(key: str) -> st.SearchStrategy[Any]:
            if key in properties:
                return fitting(properties[key], depth + 1)
            return fitting(extra, depth + 1) if isinstance(extra, dict) else ANY_VALUE

        shaped = st.lists(st.sampled_from(pool), max_size=4, unique=True).flatmap(
            lambda keys: st.fixed_dictionaries({k: value_of(k) for k in keys}))
    else:
        shaped = ANY_VALUE
    # Mostly well-typed, so that a config usually has at most one problem and a validator
    # that missed one could not hide behind another.
    return st.one_of(*[shaped] * 12, ANY_VALUE)


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(fitting(SCHEMA))
def test_agrees_with_jsonschema(config: Any) -> None:
    ours = {problem.path for problem in validate(config, SCHEMA)}
    theirs = {tuple(error.absolute_path) for error in REFERENCE.iter_errors(config)}
    # jsonschema puts an unknown key's or a repeated item's error on the enclosing value, ours
    # on the key or item itself: each of its errors must have one of ours at or under it, and
    # each of ours one of its at or above it.
    missed = {t for t in theirs if not any(o[: len(t)] == t for o in ours)}
    extra = {o for o in ours if not any(o[: len(t)] == t for t in theirs)}
    assert (missed, extra) == (set(), set()), [e.message for e in REFERENCE.iter_errors(config)]


@pytest.mark.parametrize("value", [math.inf, -math.inf, math.nan])
def test_only_ours_refuses_non_finite_numbers(value: float) -> None:
    config = {"links": {"timeout": value}, "conventions": {"min_share": value}}
    assert {dotted(p.path) for p in validate(config, SCHEMA)} == {
        "links.timeout", "conventions.min_share"}


def test_did_you_mean() -> None:
    assert did_you_mean("lsit", ["list", "style", "links"]) == "list"
    assert did_you_mean("HEAD", ["head", "get"]) == "head"
    assert did_you_mean("zzz", ["list", "style"]) is None
