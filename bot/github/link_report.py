"""``paperlist link-report``: the list's dead links as one standing GitHub issue. (I/O edge)

A scheduled red run is easy to miss; an issue is not. Each run checks the list's links (with the
verdict cache, as ``paperlist links`` does), renders the report
(:mod:`lint_rules.links.report_markdown`) and then:

- opens the issue when links are dead and none of ours is open;
- edits it in place while links stay dead (nothing at all when the body is unchanged);
- closes it, with a last body saying so, once no link is dead.

Our issue is the one that carries the label, was opened by the bot's own login and starts with
the report's hidden marker: an issue someone else opened, even one quoting the marker, is never
edited or closed. Timeouts and links that could not be verified are listed collapsed and never
keep the issue open. The GitHub calls go through the issue layer the digest uses
(:class:`~bot.github.digest_issues.LabelledIssues`): no blind retry of a create.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from bot.errors import RunContextError
from bot.github.digest_issues import (
    LabelledIssues,
    TrackedIssue,
    client,
    guarded,
    own_login,
)
from lint_rules.links.report_markdown import MARKER, counts, issue_title, render_markdown

DEFAULT_LABEL = "broken-links"
LABEL_COLOR = "d73a4a"
LABEL_DESCRIPTION = "Dead links in the list, kept up to date by paperlist link-report"


@dataclass(frozen=True, slots=True)
class Plan:
    """What to do with the issue: ``create``, ``update``, ``close``, ``unchanged`` or ``none``."""

    action: str
    number: int | None = None


def is_report(issue: TrackedIssue) -> bool:
    """The report's marker is its first line; a marker quoted further down is just text."""
    return issue.body.split("\n", 1)[0].strip() == MARKER


def plan(open_reports: Sequence[TrackedIssue], title: str, body: str, dead: bool) -> Plan:
    """Pure: the move from the open reports (ours only) and the new report."""
    current = min(open_reports, key=lambda i: i.number) if open_reports else None
    if current is None:
        return Plan("create") if dead else Plan("none")
    if not dead:
        return Plan("close", current.number)
    if current.title == title and current.body == body:
        return Plan("unchanged", current.number)
    return Plan("update", current.number)


def source_url(environ: Mapping[str, str]) -> str | None:
    """Where the checked files can be read at the checked commit, in an Actions run."""
    server = environ.get("GITHUB_SERVER_URL", "").rstrip("/")
    repo, sha = environ.get("GITHUB_REPOSITORY", ""), environ.get("GITHUB_SHA", "")
    if server and repo and sha:
        return f"{server}/{repo}/blob/{sha}/"
    return None


def link_report_main(
    args: argparse.Namespace,
    *,
    environ: Mapping[str, str] | None = None,
    out: TextIO | None = None,
    pause: bool = True,
) -> int:
    from lint_rules.cli import resolve_targets
    from lint_rules.links.command import collect_verdicts
    from lint_rules.links.report_markdown import report_rows
    from lint_rules.parse import parse

    environ = os.environ if environ is None else environ
    out = out or sys.stdout
    targets = resolve_targets(args.paths, args.config, Path.cwd())
    config = targets[0].config
    label = args.label or str(config.get("links.issue_label") or DEFAULT_LABEL)
    token = args.token or environ.get("GITHUB_TOKEN")
    repo_name = args.repo or environ.get("GITHUB_REPOSITORY")
    if not args.dry_run:
        # Checked before the links, which can take minutes: a run that cannot post fails fast.
        if not token:
            raise RunContextError("token", "set GITHUB_TOKEN (issues: write) or use --dry-run")
        if not repo_name:
            raise RunContextError("repository", "pass --repo OWNER/NAME or set GITHUB_REPOSITORY")

    docs = [parse(t.text, t.config) for t in targets]
    verdicts = collect_verdicts(docs, config, progress=False)
    rows = report_rows([t.shown for t in targets], docs, verdicts)
    tally = counts(rows)
    title = issue_title(tally)
    body = render_markdown(rows, checked_at=datetime.now(UTC), source_url=source_url(environ))
    if args.dry_run:
        out.write(f"{title}\n\n{body}")
        return 0

    assert token is not None and repo_name is not None
    api_url = (args.api_url or environ.get("GITHUB_API_URL") or "https://api.github.com")
    gh = client(token, api_url.rstrip("/"), pause=pause)
    repo = guarded(f"open {repo_name}", lambda: gh.get_repo(repo_name))
    login = args.bot_login or guarded("tell the token's login", lambda: own_login(gh))
    issues = LabelledIssues(repo, label, author=login, color=LABEL_COLOR,
                            description=LABEL_DESCRIPTION)
    open_reports = [i for i in guarded("list the link report issues",
                                       lambda: issues.list("open")) if is_report(i)]
    move = plan(open_reports, title, body, tally.dead > 0)
    if move.action == "create":
        def find(listed: list[TrackedIssue]) -> TrackedIssue | None:
            return next((i for i in listed if i.state == "open" and is_report(i)), None)

        created = guarded("open the link report issue", lambda: issues.create(title, body, find))
        out.write(f"paperlist: opened issue #{created.number}: {title}\n")
    elif move.action in ("update", "close"):
        assert move.number is not None
        number = move.number
        closing = move.action == "close"
        guarded(f"{move.action} issue #{number}", lambda: issues.edit(
            number, title=title, body=body, state="closed" if closing else None,
            state_reason="completed" if closing else None))
        verb = "closed" if closing else "updated"
        out.write(f"paperlist: {verb} issue #{number}: {title}\n")
    elif move.action == "unchanged":
        out.write(f"paperlist: issue #{move.number} is up to date: {title}\n")
    else:
        out.write("paperlist: no dead links and no open link report; nothing to do\n")
    return 0
