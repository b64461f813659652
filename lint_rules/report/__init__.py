"""One emitter per output format; each renders to a string and never prints.

Emitters are imported when asked for: a plain ``check`` loads the text emitter only (SARIF's
and JSON's are bigger and pull in more of the standard library).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from importlib import import_module

from .base import ReportContext

Renderer = Callable[[ReportContext], str]

FORMATS = ("github", "json", "sarif", "text")  # module names under lint_rules.report
HUMAN_READABLE = {"text"}


def renderer(name: str) -> Renderer:
    """The ``render`` function of the emitter for ``--output-format name``."""
    if name not in FORMATS:
        raise KeyError(name)
    return import_module(f"{__name__}.{name}").render


class _Renderers(Mapping[str, Renderer]):
    """``RENDERERS[name]``, kept for callers of the old table; loads each emitter on use."""

    def __getitem__(self, name: str) -> Renderer:
        return renderer(name)

    def __iter__(self) -> Iterator[str]:
        return iter(FORMATS)

    def __len__(self) -> int:
        return len(FORMATS)


RENDERERS: Mapping[str, Renderer] = _Renderers()

__all__ = ["FORMATS", "HUMAN_READABLE", "RENDERERS", "ReportContext", "renderer"]
