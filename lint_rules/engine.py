"""Run the selected rules over a document: suppression, severity overrides, sorting.

Pure: text and config in, findings out. A rule that crashes becomes a PL001 finding instead of
a traceback, so one bad rule never hides the others' findings.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .config import Config
from .findings import Finding, Severity
from .model import Document
from .parse import parse
from .registry import Registry
from .rule import Rule, RuleContext
from .rules import ALL_RULES, InternalError
from .suppress import parse_suppressions
from .venues import load_venue_table

REGISTRY = Registry(ALL_RULES)


def selected_rules(
    config: Config,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    registry: Registry = REGISTRY,
) -> tuple[type[Rule], ...]:
    """CLI ``--select`` replaces the config's ``rules.select``; ignores add up."""
    chosen_select = list(select) if select else config.get("rules.select") or None
    chosen_ignore = [*(config.get("rules.ignore") or []), *(ignore or [])]
    return registry.select(chosen_select, chosen_ignore)


def check_document(
    doc: Document,
    rules: Sequence[type[Rule]],
    ctx: RuleContext,
) -> list[Finding]:
    overrides: Mapping[str, str] = ctx.config.get("rules.severity") or {}
    lines = doc.text.split("\n")
    suppressions = parse_suppressions(lines, doc.code_lines.__contains__)
    findings: list[Finding] = []
    for rule_cls in rules:
        if rule_cls.needs_links and ctx.link_verdicts is None:
            continue
        rule = rule_cls()
        try:
            produced = list(rule.check(doc, ctx))
        except Exception as exc:
            where = traceback.extract_tb(exc.__traceback__)[-1]
            findings.append(InternalError().finding(
                doc, (0, 0),
                f"Rule {rule_cls.code} ({rule_cls.name}) crashed: {type(exc).__name__}: {exc} "
                f"at {where.filename.rsplit('/', 1)[-1]}:{where.lineno}; please report it",
            ))
            continue
        severity = _override(overrides, rule_cls)
        for f in produced:
            if suppressions.is_suppressed(f.code, f.name, f.line):
                continue
            if severity is not None and severity != f.severity:
                f = _with_severity(f, severity)
            findings.append(f)
    findings.sort(key=lambda f: f.sort_key)
    return findings


def _override(overrides: Mapping[str, str], rule: type[Rule]) -> Severity | None:
    value = overrides.get(rule.code) or overrides.get(rule.name)
    return Severity(value) if value else None


def _with_severity(f: Finding, severity: Severity) -> Finding:
    from dataclasses import replace

    return replace(f, severity=severity)


def check_text(
    text: str,
    *,
    config: Config | None = None,
    path: str = "",
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    link_verdicts: Mapping[str, Any] | None = None,
    venues: Any = None,
) -> list[Finding]:
    """Lint one list's text: the library's main entry point."""
    config = config or Config()
    doc = parse(text, config)
    ctx = make_context(config, path=path, link_verdicts=link_verdicts, venues=venues)
    return check_document(doc, selected_rules(config, select, ignore), ctx)


def make_context(
    config: Config,
    *,
    path: str = "",
    link_verdicts: Mapping[str, Any] | None = None,
    venues: Any = None,
    publications: Mapping[str, Any] | None = None,
) -> RuleContext:
    if venues is None:
        # Package data plus the config's `venues:` block, read once per run rather than once
        # per rule; a bad `venues:` block is a ConfigError here, before any rule runs.
        venues = load_venue_table(config)
    return RuleContext(config=config, venues=venues, link_verdicts=link_verdicts, path=path,
                       publications=publications)
