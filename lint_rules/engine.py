"""Run the selected rules over a document: suppression, severity overrides, sorting.

Pure: text and config in, findings out. A rule that crashes becomes a PL001 finding instead of
a traceback, so one bad rule never hides the others' findings.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
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


@dataclass(frozen=True, slots=True, eq=False)
class Budget:
    """What one document may cost, a backstop for text built to be slow or noisy.

    Every scan is meant to be linear; the budget is there for the case one is not. A rule past
    ``max_rule_findings`` findings (or the document past ``max_findings``) stops reporting, and
    rules still waiting once ``seconds`` have passed are skipped; either way one PL001 finding
    says so, naming the rules, so a cut-short check never looks clean. Messages longer than
    ``max_message`` characters are clipped: a finding quoting a 60,000-character line must not
    make the output grow with it.
    """

    seconds: float = 20.0
    seconds_per_mb: float = 4.0
    max_findings: int = 25_000
    max_rule_findings: int = 10_000
    max_message: int = 1_000

    def deadline(self, doc: Document, start: float) -> float:
        return start + self.seconds + self.seconds_per_mb * len(doc.text) / 1e6


DEFAULT_BUDGET = Budget()


def check_document(
    doc: Document,
    rules: Sequence[type[Rule]],
    ctx: RuleContext,
    budget: Budget = DEFAULT_BUDGET,
) -> list[Finding]:
    overrides: Mapping[str, str] = ctx.config.get("rules.severity") or {}
    lines = doc.text.split("\n")
    suppressions = parse_suppressions(lines, doc.code_lines.__contains__)
    findings: list[Finding] = []
    deadline = budget.deadline(doc, time.monotonic())
    capped: list[str] = []
    skipped: list[str] = []
    for rule_cls in rules:
        if rule_cls.needs_links and ctx.link_verdicts is None:
            continue
        if time.monotonic() > deadline or len(findings) >= budget.max_findings:
            skipped.append(rule_cls.code)
            continue
        rule = rule_cls()
        produced: list[Finding] = []
        limit = min(budget.max_rule_findings, budget.max_findings - len(findings))
        try:
            for f in rule.check(doc, ctx):
                if suppressions.is_suppressed(f.code, f.name, f.line):
                    continue
                if len(produced) >= limit or time.monotonic() > deadline:
                    capped.append(rule_cls.code)
                    break
                produced.append(f)
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
            if severity is not None and severity != f.severity:
                f = _with_severity(f, severity)
            if len(f.message) > budget.max_message:
                f = replace(f, message=f.message[: budget.max_message - 1] + "…")
            findings.append(f)
    findings.extend(_budget_findings(doc, budget, capped, skipped))
    findings.sort(key=lambda f: f.sort_key)
    return findings


def _budget_findings(
    doc: Document, budget: Budget, capped: list[str], skipped: list[str]
) -> Iterator[Finding]:
    if capped:
        yield InternalError().finding(
            doc, (0, 0),
            f"Stopped reporting {', '.join(capped)} on this file after "
            f"{budget.max_rule_findings:,} findings per rule ({budget.max_findings:,} in all) "
            "or its time budget; fix those and run again to see the rest",
            severity=Severity.WARNING,
        )
    if skipped:
        yield InternalError().finding(
            doc, (0, 0),
            f"This file was not fully checked: its budget ran out before "
            f"{', '.join(skipped[:12])}{' …' if len(skipped) > 12 else ''} could run "
            f"({len(skipped)} rules skipped); please report the file",
        )


def _override(overrides: Mapping[str, str], rule: type[Rule]) -> Severity | None:
    value = overrides.get(rule.code) or overrides.get(rule.name)
    return Severity(value) if value else None


def _with_severity(f: Finding, severity: Severity) -> Finding:
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
