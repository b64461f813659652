"""paperlist's linter for curated lists of research papers.

The public API, importable from here::

    from lint_rules import check_text, parse_config_text, Severity

    for finding in check_text(text, config=parse_config_text(yaml_text)):
        print(finding.code, finding.message)

Names are loaded on first use (PEP 562), so that ``import lint_rules.<module>`` costs only what
that module needs: the command line imports its modules one by one and starts faster for it.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# name → module that defines it
_PUBLIC = {
    "check_text": "engine",
    "check_document": "engine",
    "fix_to_fixpoint": "fixer",
    "parse": "parse",
    "Config": "config",
    "load_config": "config",
    "parse_config_text": "config",
    "Finding": "findings",
    "Severity": "findings",
    "Applicability": "findings",
    "Fix": "findings",
    "Edit": "findings",
    "PaperlistError": "errors",
    "UsageError": "errors",
    "InputError": "errors",
    "OutputError": "errors",
    "ConfigError": "errors",
    "LinkCheckError": "errors",
}

__all__ = [  # noqa: RUF022 - grouped as _PUBLIC is
    "__version__", "check_text", "check_document", "fix_to_fixpoint", "parse", "Config",
    "load_config", "parse_config_text", "Finding", "Severity", "Applicability", "Fix", "Edit",
    "PaperlistError", "UsageError", "InputError", "OutputError", "ConfigError", "LinkCheckError",
]

if TYPE_CHECKING:
    from .config import Config, load_config, parse_config_text
    from .engine import check_document, check_text
    from .errors import (
        ConfigError,
        InputError,
        LinkCheckError,
        OutputError,
        PaperlistError,
        UsageError,
    )
    from .findings import Applicability, Edit, Finding, Fix, Severity
    from .fixer import fix_to_fixpoint
    from .parse import parse


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'lint_rules' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_PUBLIC])
