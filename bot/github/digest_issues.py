"""The digest's GitHub side: its label and its one issue per ISO week, through PyGithub. (I/O)

Reads are retried by PyGithub; content-creating calls (issue, label) are never retried blindly,
because a 502 that in fact created the issue would leave two. After a failed create the issues are
listed again and the create is repeated only if the issue is still missing. Edits are PATCHes of
the whole title and body, so repeating one is harmless.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import requests
from github import Auth, Github, GithubException, GithubRetry
from github.Repository import Repository

from bot.digest.dedupe import parse_marker
from bot.digest.render import TITLE_PREFIX, issue_title
from bot.errors import GatewayError

log = logging.getLogger(__name__)

LABEL_COLOR = "1d76db"
LABEL_DESCRIPTION = "Weekly arXiv suggestions from paperlist digest"
# Idempotent methods only: POST is left out on purpose (see the module docstring).
_RETRYABLE = frozenset({"GET", "HEAD", "PATCH", "PUT", "DELETE", "OPTIONS"})

T = TypeVar("T")


def guarded(action: str, call: Callable[[], T]) -> T:
    """Run ``call``; a GitHub refusal becomes a :class:`GatewayError` naming ``action``."""
    try:
        return call()
    except GithubException as exc:
        data = exc.data if isinstance(exc.data, dict) else {}
        raise GatewayError(action, exc.status, str(data.get("message", exc))) from None


@dataclass(frozen=True, slots=True)
class DigestIssue:
    number: int
    title: str
    body: str
    state: str
    url: str

    @property
    def week(self) -> str | None:
        marker = parse_marker(self.body)
        if marker is not None:
            return marker.week
        if self.title.startswith(f"{TITLE_PREFIX} "):
            return self.title.removeprefix(f"{TITLE_PREFIX} ").strip() or None
        return None


def connect(
    token: str, api_url: str, repo: str, *, pause: bool = True, timeout: int = 30
) -> Repository:
    """``repo``, fetched once: a wrong name or token fails here, before arXiv is asked."""
    gh = Github(
        base_url=api_url,
        auth=Auth.Token(token),
        timeout=timeout,
        retry=GithubRetry(total=3, allowed_methods=_RETRYABLE),
        seconds_between_requests=0.25 if pause else None,
        seconds_between_writes=1.0 if pause else None,
    )
    return gh.get_repo(repo)


class DigestIssues:
    def __init__(self, repo: Repository, label: str) -> None:
        self.repo = repo
        self.label = label

    def ensure_label(self) -> bool:
        """Create the label if missing; True if it was created."""
        try:
            self.repo.get_label(self.label)
            return False
        except GithubException as exc:
            if exc.status != 404:
                raise
        try:
            self.repo.create_label(self.label, LABEL_COLOR, LABEL_DESCRIPTION)
        except GithubException as exc:
            # Created meanwhile by a concurrent run, or by our own request whose answer got lost.
            if exc.status == 422 and "already_exists" in str(exc.data):
                return False
            raise
        log.info("created label %r", self.label)
        return True

    def list_digest_issues(self) -> list[DigestIssue]:
        """Every issue carrying the label, open and closed, pull requests excluded."""
        found = []
        for issue in self.repo.get_issues(state="all", labels=[self.label]):
            if issue.pull_request is not None:
                continue
            body = issue.body or ""
            found.append(DigestIssue(issue.number, issue.title, body, issue.state, issue.html_url))
        return found

    @staticmethod
    def find_week(issues: list[DigestIssue], week: str) -> DigestIssue | None:
        matches = sorted((i for i in issues if i.week == week), key=lambda i: i.number)
        # Should two exist (a run before this bot deduplicated), keep updating the oldest.
        return matches[0] if matches else None

    def upsert(
        self, week: str, body: str, known: list[DigestIssue] | None = None
    ) -> tuple[DigestIssue, str]:
        """Create this week's issue or update it; returns it and ``created``/``updated``/
        ``unchanged``."""
        title = issue_title(week)
        issues = self.list_digest_issues() if known is None else known
        existing = self.find_week(issues, week)
        if existing is not None:
            if existing.body == body and existing.title == title:
                return existing, "unchanged"
            issue = self.repo.get_issue(existing.number)
            issue.edit(title=title, body=body)
            log.info("updated digest issue #%d", existing.number)
            updated = DigestIssue(existing.number, title, body, existing.state, existing.url)
            return updated, "updated"
        self.ensure_label()
        return self._create(week, title, body), "created"

    def _create(self, week: str, title: str, body: str) -> DigestIssue:
        try:
            issue = self.repo.create_issue(title=title, body=body, labels=[self.label])
        except (GithubException, requests.RequestException) as exc:
            if isinstance(exc, GithubException) and exc.status is not None and exc.status < 500:
                raise
            log.warning("creating the digest issue failed (%s); checking whether it exists", exc)
            existing = self.find_week(self.list_digest_issues(), week)
            if existing is not None:
                return existing
            issue = self.repo.create_issue(title=title, body=body, labels=[self.label])
        log.info("opened digest issue #%d", issue.number)
        return DigestIssue(issue.number, title, body, issue.state, issue.html_url)
