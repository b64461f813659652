"""`.paperlist.yml`: validated against the shipped JSON Schema, errors naming key and line.

``load_config`` is the only function here that reads a file; ``parse_config_text`` is pure so
that the bot can validate a config it fetched through the API.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from .errors import ConfigError

CONFIG_NAMES = (".paperlist.yml", ".paperlist.yaml")


@dataclass(frozen=True)
class Config:
    """A validated config. ``get("links.timeout", 10)`` reads a dotted key with a default."""

    data: Mapping[str, Any] = field(default_factory=dict)
    path: str | None = None
    # Line of each key in the file, by dotted path (list items as ``key[0]``).
    lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)

    def line_of(self, key: str) -> int | None:
        """The line of ``key`` (``venues.prefer[1]``), else of its nearest enclosing key."""
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[: max(key.rfind("."), key.rfind("["), 0)]
        return None

    def get(self, dotted: str, default: Any = None) -> Any:
        node: Any = self.data
        for part in dotted.split("."):
            if not isinstance(node, Mapping) or part not in node:
                return default
            node = node[part]
        return node

    @property
    def directory(self) -> Path | None:
        return Path(self.path).parent if self.path else None


@cache
def schema() -> dict[str, Any]:
    text = resources.files("lint_rules").joinpath("data/config.schema.json").read_text("utf-8")
    return json.loads(text)


def _line_map(node: yaml.Node, path: tuple[str | int, ...], out: dict[tuple, int]) -> None:
    out[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            name = key.value
            out[(*path, name, "<key>")] = key.start_mark.line + 1
            _line_map(value, (*path, name), out)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _line_map(item, (*path, i), out)


def parse_config_text(text: str, path: str = ".paperlist.yml") -> Config:
    """Validate a config's text; raise :class:`ConfigError` naming the key and its line."""
    try:
        node = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        problem = getattr(exc, "problem", exc)
        raise ConfigError(path, "", line, f"not valid YAML: {problem}") from None
    if data is None:
        return Config({}, path)
    if not isinstance(data, dict):
        raise ConfigError(path, "", 1, "the top level must be a mapping of keys")
    lines: dict[tuple, int] = {}
    if node is not None:
        _line_map(node, (), lines)
    # jsonschema is slow to import; only a list that has a config pays for it.
    from jsonschema import Draft202012Validator

    errors = sorted(Draft202012Validator(schema()).iter_errors(data),
                    key=lambda e: (lines.get(tuple(e.absolute_path), 0), list(e.absolute_path)))
    if errors:
        err = errors[0]
        key_path = tuple(err.absolute_path)
        reason = err.message
        if err.validator == "additionalProperties":
            unknown = sorted(set(err.instance) - set(err.schema.get("properties", {})))
            if unknown:
                key_path = (*key_path, unknown[0])
                known = ", ".join(sorted(err.schema.get("properties", {}))) or "none"
                reason = f"unknown key (known keys here: {known})"
        key = ".".join(str(p) for p in key_path)
        line = lines.get((*key_path, "<key>")) or lines.get(key_path) or 1
        raise ConfigError(path, key, line, reason)
    return Config(data, path, _dotted_lines(lines))


def _dotted_lines(lines: dict[tuple, int]) -> dict[str, int]:
    out: dict[str, int] = {}
    for key_path, line in lines.items():
        is_key = bool(key_path) and key_path[-1] == "<key>"
        parts = key_path[:-1] if is_key else key_path
        dotted = ""
        for part in parts:
            dotted += f"[{part}]" if isinstance(part, int) else (f".{part}" if dotted else part)
        if dotted and (is_key or dotted not in out):
            out[dotted] = line
    return out


def find_config(list_path: Path | None, cwd: Path) -> Path | None:
    """The config next to the list file, else at the repository root (or ``cwd``)."""
    places: list[Path] = []
    if list_path is not None:
        places.append(list_path.resolve().parent)
    root = _repo_root(cwd)
    places.append(root)
    if cwd.resolve() != root:
        places.append(cwd.resolve())
    for place in places:
        for name in CONFIG_NAMES:
            candidate = place / name
            if candidate.is_file():
                return candidate
    return None


def _repo_root(cwd: Path) -> Path:
    here = cwd.resolve()
    for parent in (here, *here.parents):
        if (parent / ".git").exists():
            return parent
    return here


def load_config(path: Path | str) -> Config:
    """Read and validate a config file (the only I/O of this module)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(str(path), "", None, "file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(str(path), "", None, f"cannot be read: {exc}") from None
    return parse_config_text(text, str(path))
