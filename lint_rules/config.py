"""`.paperlist.yml`: validated against the shipped JSON Schema, errors naming key and line."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Config:
    """A validated config. ``get("links.timeout", 10)`` reads a dotted key with a default."""

    data: Mapping[str, Any] = field(default_factory=dict)
    path: str | None = None

    def get(self, dotted: str, default: Any = None) -> Any:
        node: Any = self.data
        for part in dotted.split("."):
            if not isinstance(node, Mapping) or part not in node:
                return default
            node = node[part]
        return node
