"""`.paperlist.yml`: validated against the shipped JSON Schema, errors naming key and line.

``load_config`` is the only function here that reads a file; ``parse_config_text`` is pure so
that the bot can validate a config it fetched through the API.
"""

from __future__ import annotations

import errno
import json
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import ConfigError

if TYPE_CHECKING:
    import yaml

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
    # Next to this module in every install we make (wheel, sdist, editable); importlib.resources
    # would add tempfile, shutil and the compression modules to every start-up.
    text = (Path(__file__).parent / "data" / "config.schema.json").read_text("utf-8")
    return json.loads(text)


# A config is a few dozen values. These bounds are far above any real one and far below what
# hurts: YAML aliases can make 330 bytes stand for billions of values, and deep nesting
# overflows the recursive YAML composer.
MAX_CONFIG_BYTES = 1_000_000
MAX_DEPTH = 64
MAX_VALUES = 20_000
MAX_REPORTED = 30  # problems listed in one error; the rest are counted


def _loader() -> type:
    # Imported here: a list without a config never needs YAML for it.
    import yaml

    # libyaml when PyYAML was built with it: several times faster than the pure-Python parser.
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Frame:
    """An open collection in the event stream. (A plain class: a dataclass costs every
    start-up about half a millisecond to create.)"""

    __slots__ = ("anchor", "items", "key", "mapping", "size")

    def __init__(self, anchor: str | None, mapping: bool) -> None:
        self.anchor = anchor
        self.mapping = mapping
        self.size = 1  # values inside, aliases expanded, the collection itself included
        self.items = 0  # keys and values seen (mapping) or items seen (sequence)
        self.key = ""  # the current key of a mapping


def _check_shape(text: str, path: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH and aliases that expand past MAX_VALUES values,
    from the event stream (which is flat, so this cannot itself recurse or expand), naming the
    key where it happens."""
    import yaml

    from .schema import dotted

    anchored: dict[str, int] = {}
    frames = [_Frame(None, mapping=False)]

    def where() -> str:
        parts: list[str | int] = []
        for frame in frames[1:]:
            if frame.mapping and frame.key:
                parts.append(frame.key)
            elif not frame.mapping:
                parts.append(max(frame.items - 1, 0))
        key = dotted(tuple(parts))
        return key if len(key) <= 60 else key[:59] + "…"

    for event in yaml.parse(text, Loader=_loader()):
        line = event.start_mark.line + 1
        parent = frames[-1]
        if isinstance(event, yaml.CollectionStartEvent):
            parent.items += 1
            if len(frames) > MAX_DEPTH:
                raise ConfigError(path, where(), line, f"nested more than {MAX_DEPTH} levels deep")
            frames.append(_Frame(event.anchor, isinstance(event, yaml.MappingStartEvent)))
            continue
        if isinstance(event, yaml.CollectionEndEvent):
            done = frames.pop()
            anchor, size = done.anchor, done.size
        elif isinstance(event, yaml.AliasEvent):
            parent.items += 1
            anchor, size = None, anchored.get(event.anchor, 1)
        elif isinstance(event, yaml.ScalarEvent):
            parent.items += 1
            if parent.mapping and parent.items % 2:  # an odd item of a mapping is a key
                parent.key = event.value
            anchor, size = event.anchor, 1
        else:
            continue
        if anchor is not None:
            anchored[anchor] = size
        frames[-1].size += size
        if frames[-1].size > MAX_VALUES:
            raise ConfigError(path, where(), line, f"YAML aliases expand this to more than "
                              f"{MAX_VALUES} values; write the values out instead")


def _compose(text: str, path: str) -> tuple[yaml.Node | None, Any]:
    import yaml

    try:
        _check_shape(text, path)
        loader = _loader()(text)
        try:
            node = loader.get_single_node()
            # Built from the composed node: the text is parsed once, and aliases stay shared.
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise ConfigError(path, "", line, f"not valid YAML: {problem}") from None
    except RecursionError:  # a backstop: _check_shape bounds the depth first
        raise ConfigError(path, "", None, "nested too deeply") from None
    return node, data


def _line_map(node: yaml.Node, path: tuple[str | int, ...], out: dict[tuple, int],
              duplicates: list[tuple[tuple, int, int]]) -> None:
    import yaml

    out[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key, value in node.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else str(key.value)
            line = key.start_mark.line + 1
            if name in seen:
                duplicates.append(((*path, name), line, seen[name]))
            seen[name] = line
            out[(*path, name, "<key>")] = line
            _line_map(value, (*path, name), out, duplicates)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _line_map(item, (*path, i), out, duplicates)


def parse_config_text(text: str, path: str = ".paperlist.yml") -> Config:
    """Validate a config's text; raise :class:`ConfigError` naming each wrong key and its
    line, every problem of the file at once, in line order."""
    # Imported here, with YAML: a list without a config never validates one.
    from .schema import dotted, validate

    node, data = _compose(text, path)
    if data is None:
        return Config({}, path)
    if not isinstance(data, dict):
        raise ConfigError(path, "", 1, "the top level must be a mapping of keys")
    lines: dict[tuple, int] = {}
    duplicates: list[tuple[tuple, int, int]] = []
    if node is not None:
        _line_map(node, (), lines, duplicates)
    found = [
        ConfigError(path, dotted(key_path), line, f"duplicate key (first on line {first}); "
                    "YAML keeps only the last one")
        for key_path, line, first in duplicates
    ]
    for problem in validate(data, schema()):
        line = (lines.get((*problem.path, "<key>")) if problem.at_key else None) \
            or lines.get(problem.path) or lines.get((*problem.path, "<key>")) or 1
        found.append(ConfigError(path, dotted(problem.path), line, problem.reason))
    if found:
        found.sort(key=lambda err: (err.line or 0, err.key))
        if len(found) > MAX_REPORTED:
            # A list of wrong values can hold thousands; the first ones show what to fix.
            last = found[MAX_REPORTED - 1]
            rest = len(found) - MAX_REPORTED + 1
            found[MAX_REPORTED - 1:] = [ConfigError(
                path, "", last.line, f"{rest} more problems from here on, not shown")]
        first, *more = found
        raise ConfigError(first.path, first.key, first.line, first.reason, more)
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
        data = read_regular_file(path, MAX_CONFIG_BYTES)
    except FileNotFoundError:
        raise ConfigError(str(path), "", None, "file not found") from None
    except OSError as exc:
        raise ConfigError(str(path), "", None, f"cannot be read: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(str(path), "", None, f"is not UTF-8 text (byte {exc.start})") from None
    return parse_config_text(text, str(path))


def read_regular_file(path: Path, limit: int) -> bytes:
    """The bytes of ``path``, refusing what is not a regular file (a FIFO would block, a
    device never ends) and anything over ``limit`` bytes. Raises ``OSError`` with a
    ``strerror`` that reads as a reason."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    # O_NONBLOCK: opening a FIFO with no writer returns at once instead of hanging here.
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, "is a directory, not a file", str(path))
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, "is not a regular file", str(path))
        if info.st_size > limit:
            raise OSError(errno.EFBIG, f"is larger than {limit / 1e6:g} MB", str(path))
        with os.fdopen(fd, "rb", closefd=False) as fh:
            # The size can change between fstat and read: never read past the limit anyway.
            data = fh.read(limit + 1)
        if len(data) > limit:
            raise OSError(errno.EFBIG, f"is larger than {limit / 1e6:g} MB", str(path))
        return data
    finally:
        os.close(fd)
