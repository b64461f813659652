"""One emitter per output format; each renders to a string and never prints."""

from __future__ import annotations

from collections.abc import Callable

from . import github, json, sarif, text
from .base import ReportContext

Renderer = Callable[[ReportContext], str]

RENDERERS: dict[str, Renderer] = {
    "text": text.render,
    "json": json.render,
    "github": github.render,
    "sarif": sarif.render,
}
HUMAN_READABLE = {"text"}

__all__ = ["HUMAN_READABLE", "RENDERERS", "ReportContext"]
