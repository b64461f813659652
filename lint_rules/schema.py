"""Validate a config value against the shipped JSON Schema, reporting every problem at once.

A small validator for the part of JSON Schema 2020-12 that ``data/config.schema.json`` uses
(``SUPPORTED``; a test fails if the schema starts using anything else, and another checks that
this validator agrees with the reference ``jsonschema`` package). It exists rather than
``jsonschema`` because that package costs a plain ``paperlist check`` about 40 ms of imports
(more than parsing the list) and because its messages are written for schema authors: ours say
what to write instead (``did you mean `list`?``) and refuse non-finite numbers (``.inf``,
``.nan``), which JSON cannot hold but YAML can, everywhere a number is expected.

Pure: values in, :class:`Problem` values out.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

# Keywords that change validity; the schema may use no other (tests/core/test_config_schema.py).
SUPPORTED = frozenset({
    "type", "enum", "properties", "additionalProperties", "propertyNames", "required",
    "items", "minItems", "uniqueItems", "minimum", "maximum", "exclusiveMinimum",
    "exclusiveMaximum", "minLength", "maxLength", "pattern", "format", "oneOf", "$ref",
})
# Values of "format" that are checked; JSON Schema makes the others annotations.
FORMATS = frozenset({"regex", "email"})
# Keywords that only annotate.
ANNOTATIONS = frozenset({"$schema", "$id", "$defs", "title", "description", "default",
                         "examples", "$comment"})

Path = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Problem:
    """One way the value at ``path`` breaks the schema. ``at_key``: the key itself is wrong
    (unknown, badly named), so the line to show is the key's, not its value's."""

    path: Path
    reason: str
    at_key: bool = False


def validate(instance: Any, schema: Mapping[str, Any]) -> list[Problem]:
    """Every problem of ``instance`` against ``schema`` (the root, holding ``$defs``)."""
    # A value reached through both `$ref`/`oneOf` and the node itself may repeat a problem.
    return list(dict.fromkeys(_check(instance, schema, schema, ())))


def dotted(path: Path) -> str:
    """``("venues", "add", 0, "name")`` → ``venues.add[0].name``, the form errors show."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def did_you_mean(word: str, choices: Any) -> str | None:
    """The closest of ``choices`` to a misspelt ``word``, if one is close enough."""
    import difflib  # only a config with a mistake pays for it

    by_folded = {str(c).casefold(): str(c) for c in choices}
    found = difflib.get_close_matches(str(word).casefold(), by_folded, n=1, cutoff=0.6)
    return by_folded[found[0]] if found else None


def _check(value: Any, node: Mapping[str, Any], root: Mapping[str, Any],
           path: Path) -> Iterator[Problem]:
    if "$ref" in node:
        yield from _check(value, _resolve(root, node["$ref"]), root, path)
    if "oneOf" in node:
        yield from _one_of(value, node, root, path)
    if "type" in node and not _is_type(value, node["type"]):
        yield Problem(path, _type_reason(value, node["type"]))
        return  # the other keywords assume the right type
    if isinstance(value, float) and not math.isfinite(value):
        # Said once, where the value's form is decided: by the branches of a oneOf or $ref.
        if "type" in node or not ("oneOf" in node or "$ref" in node):
            yield Problem(path, f"must be a finite number, not {_show(value)}")
        return
    if "enum" in node and not any(_same(value, option) for option in node["enum"]):
        yield Problem(path, _enum_reason(value, node["enum"]))
    if isinstance(value, Mapping):
        yield from _object(value, node, root, path)
    elif isinstance(value, list):
        yield from _array(value, node, root, path)
    elif isinstance(value, str):
        yield from _string(value, node, path)
    elif _is_number(value):
        yield from _number(value, node, path)


def _object(value: Mapping[Any, Any], node: Mapping[str, Any], root: Mapping[str, Any],
            path: Path) -> Iterator[Problem]:
    properties: Mapping[str, Any] = node.get("properties", {})
    for name in node.get("required", ()):
        if name not in value:
            yield Problem(path, f"missing required key `{name}`")
    extra = node.get("additionalProperties", True)
    names = node.get("propertyNames")
    for key, item in value.items():
        where = (*path, key if isinstance(key, str) else str(key))
        if not isinstance(key, str):
            yield Problem(where, f"keys must be strings, not {_kind(key)}", at_key=True)
            continue
        if names is not None:
            bad = list(_check(key, names, root, where))
            if bad:
                yield Problem(where, f"`{key}` is not a valid key here: {bad[0].reason}",
                              at_key=True)
                continue
        if key in properties:
            yield from _check(item, properties[key], root, where)
        elif extra is False:
            yield Problem(where, _unknown_key_reason(key, properties), at_key=True)
        elif isinstance(extra, Mapping):
            yield from _check(item, extra, root, where)


def _array(value: list[Any], node: Mapping[str, Any], root: Mapping[str, Any],
           path: Path) -> Iterator[Problem]:
    if "minItems" in node and len(value) < node["minItems"]:
        yield Problem(path, f"needs at least {node['minItems']} item(s), has {len(value)}")
    if node.get("uniqueItems"):
        seen: set[Any] = set()
        for i, item in enumerate(value):
            key = _canonical(item)
            if key in seen:
                yield Problem((*path, i), f"{_show(item)} is listed twice")
            seen.add(key)
    if "items" in node:
        for i, item in enumerate(value):
            yield from _check(item, node["items"], root, (*path, i))


def _string(value: str, node: Mapping[str, Any], path: Path) -> Iterator[Problem]:
    if "minLength" in node and len(value) < node["minLength"]:
        yield Problem(path, "must not be empty" if node["minLength"] == 1
                      else f"must be at least {node['minLength']} characters long")
    if "maxLength" in node and len(value) > node["maxLength"]:
        yield Problem(path, f"must be at most {node['maxLength']} characters long, "
                            f"is {len(value)}")
    if "pattern" in node and not _pattern(node["pattern"]).search(value):
        what = node.get("description", "").rstrip(".")
        hint = f" ({what})" if what else ""
        yield Problem(path, f"{_show(value)} does not have the expected form "
                            f"`{node['pattern']}`{hint}")
    if node.get("format") == "regex":
        try:
            re.compile(value)
        except re.error as exc:
            yield Problem(path, f"{_show(value)} is not a valid regular expression: {exc}")
    elif node.get("format") == "email" and "@" not in value:
        # As loose as jsonschema's check: the address is for a service to contact, not ours to
        # second-guess.
        yield Problem(path, f"{_show(value)} is not an e-mail address")


def _number(value: float, node: Mapping[str, Any], path: Path) -> Iterator[Problem]:
    if "minimum" in node and value < node["minimum"]:
        yield Problem(path, f"must be at least {node['minimum']}, not {_show(value)}")
    if "exclusiveMinimum" in node and value <= node["exclusiveMinimum"]:
        yield Problem(path, f"must be more than {node['exclusiveMinimum']}, not {_show(value)}")
    if "maximum" in node and value > node["maximum"]:
        yield Problem(path, f"must be at most {node['maximum']}, not {_show(value)}")
    if "exclusiveMaximum" in node and value >= node["exclusiveMaximum"]:
        yield Problem(path, f"must be less than {node['exclusiveMaximum']}, not {_show(value)}")


def _one_of(value: Any, node: Mapping[str, Any], root: Mapping[str, Any],
            path: Path) -> Iterator[Problem]:
    results = [list(_check(value, branch, root, path)) for branch in node["oneOf"]]
    passing = sum(1 for problems in results if not problems)
    if passing == 1:
        return
    if passing > 1:
        yield Problem(path, f"{_show(value)} is ambiguous: it fits more than one allowed form")
        return
    # A branch whose type fits explains best what is wrong (a duration string of the wrong
    # form); with none, say which forms are allowed.
    typed = [problems for branch, problems in zip(node["oneOf"], results, strict=True)
             if "type" in branch and _is_type(value, branch["type"])]
    what = node.get("description", "").rstrip(".")
    hint = f" ({what})" if what else ""
    if len(typed) == 1:
        for problem in typed[0]:
            yield Problem(problem.path, problem.reason + hint, problem.at_key) \
                if problem.path == path and hint not in problem.reason else problem
        return
    forms = " or ".join(_type_name(branch.get("type", "value")) for branch in node["oneOf"])
    yield Problem(path, f"must be {forms}, not {_kind(value)}{hint}")


# --- helpers ----------------------------------------------------------------------------------
def _resolve(root: Mapping[str, Any], ref: str) -> Mapping[str, Any]:
    if not ref.startswith("#/"):
        raise ValueError(f"only local $ref are supported, not {ref}")
    node: Any = root
    for part in ref[2:].split("/"):
        node = node[part]
    return node


@cache
def _pattern(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_type(value: Any, wanted: str | list[str]) -> bool:
    if isinstance(wanted, list):
        return any(_is_type(value, w) for w in wanted)
    return {
        "object": lambda v: isinstance(v, Mapping),
        "array": lambda v: isinstance(v, list),
        "string": lambda v: isinstance(v, str),
        "boolean": lambda v: isinstance(v, bool),
        "null": lambda v: v is None,
        "number": _is_number,
        # JSON Schema counts 2.0 as an integer; YAML writes it so only on purpose.
        "integer": lambda v: _is_number(v) and (isinstance(v, int) or float(v).is_integer()),
    }[wanted](value)


def _type_name(wanted: str | list[str]) -> str:
    if isinstance(wanted, list):
        return " or ".join(_type_name(w) for w in wanted)
    return {"object": "a mapping of keys", "array": "a list", "string": "a string",
            "boolean": "true or false", "null": "empty", "number": "a number",
            "integer": "a whole number"}.get(wanted, wanted)


def _kind(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"the string {_show(value)}"
    return _show(value)


def _type_reason(value: Any, wanted: str | list[str]) -> str:
    return f"must be {_type_name(wanted)}, not {_kind(value)}"


def _enum_reason(value: Any, options: list[Any]) -> str:
    allowed = ", ".join(f"`{o}`" for o in options)
    guess = did_you_mean(value, options) if isinstance(value, str) else None
    hint = f"; did you mean `{guess}`?" if guess else ""
    return f"{_show(value)} is not one of {allowed}{hint}"


def _unknown_key_reason(key: str, properties: Mapping[str, Any]) -> str:
    guess = did_you_mean(key, properties)
    if guess:
        return f"unknown key; did you mean `{guess}`?"
    known = ", ".join(f"`{name}`" for name in sorted(properties)) or "none"
    return f"unknown key (known keys here: {known})"


def _show(value: Any) -> str:
    if isinstance(value, float) and not math.isfinite(value):
        return {math.inf: "`.inf`", -math.inf: "`-.inf`"}.get(value, "`.nan`")
    text = str(value)
    return f"`{text[:60]}…`" if len(text) > 60 else f"`{text}`"


def _same(one: Any, two: Any) -> bool:
    return _canonical(one) == _canonical(two)


def _canonical(value: Any) -> Any:
    """A hashable key under which JSON-equal values collide and ``true`` differs from 1."""
    if isinstance(value, bool):
        return ("bool", value)
    if _is_number(value):
        return ("number", value)
    if isinstance(value, str):
        return ("string", value)
    if isinstance(value, list):
        return ("array", tuple(_canonical(v) for v in value))
    if isinstance(value, Mapping):
        return ("object", frozenset((str(k), _canonical(v)) for k, v in value.items()))
    return ("other", repr(value))
