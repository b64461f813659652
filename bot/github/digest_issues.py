"""The bot's issues on GitHub, through PyGithub: the weekly digest's and the link report's. (I/O)

:class:`LabelledIssues` is the shared layer: one label, the issues carrying it (optionally only
those the bot's own login opened), and creates that are never repeated blindly. Reads are
retried by PyGithub; content-creating calls (issue, label) are not, because a 502 that in fact
created the issue would leave two. After a failed create the issues are listed again and the
create is repeated only if the issue is still missing. Edits are PATCHes of the whole title and
body (and state), so repeating one is harmless. :class:`DigestIssues` adds the digest's one
issue per ISO week; ``bot.github.link_report`` its one standing issue.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import requests
from github import Auth, Github, GithubException, GithubRetry
from github.Issue import Issue
from github.Repository import Repository

from bot.digest.dedupe import parse_marker
from bot.digest.render import TITLE_PREFIX, issue_title
from bot.errors import GatewayError

log = logging.getLogger(__name__)

LABEL_COLOR = "1d76db"
LABEL_DESCRIPTION = "Weekly arXiv suggestions from paperlist digest"
# The login behind Actions' GITHUB_TOKEN, which may not ask /user who it is.
ACTIONS_LOGIN = "github-actions[bot]"
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
    author: str = ""

    @property
    def week(self) -> str | None:
        marker = parse_marker(self.body)
        if marker is not None:
            return marker.week
        if self.title.startswith(f"{TITLE_PREFIX} "):
            return self.title.removeprefix(f"{TITLE_PREFIX} ").strip() or None
        return None


def client(token: str, api_url: str, *, pause: bool = True, timeout: int = 30) -> Github:
    return Github(
        base_url=api_url,
        auth=Auth.Token(token),
        timeout=timeout,
        retry=GithubRetry(total=3, allowed_methods=_RETRYABLE),
        seconds_between_requests=0.25 if pause else None,
        seconds_between_writes=1.0 if pause else None,
    )


def connect(
    token: str, api_url: str, repo: str, *, pause: bool = True, timeout: int = 30
) -> Repository:
    """``repo``, fetched once: a wrong name or token fails here, before arXiv is asked."""
    return client(token, api_url, pause=pause, timeout=timeout).get_repo(repo)


def own_login(source: Github | Repository) -> str:
    """Who the token acts as: ``/user`` for a person's token; Actions' installation token may
    not ask, and is ``github-actions[bot]``. (A GitHub App's token cannot ask either: pass its
    ``<app>[bot]`` login explicitly.)"""
    try:
        if isinstance(source, Github):
            return str(source.get_user().login)
        _, data = source.requester.requestJsonAndCheck("GET", "/user")
        return str(data["login"])
    except GithubException as exc:
        if exc.status in (401, 403, 404):
            return ACTIONS_LOGIN
        raise


@dataclass(frozen=True, slots=True)
class TrackedIssue:
    number: int
    title: str
    body: str
    state: str
    url: str
    author: str

    @classmethod
    def of(cls, issue: Issue) -> TrackedIssue:
        user = issue.user.login if issue.user is not None else ""
        return cls(issue.number, issue.title, issue.body or "", issue.state, issue.html_url, user)


class LabelledIssues:
    """The issues under one label; with ``author``, only those that login opened.

    Anyone who can apply a label (or an issue template that does) can make an issue look like
    ours; acting only on issues our own login opened keeps the bot from editing or closing a
    stranger's.
    """

    def __init__(self, repo: Repository, label: str, *, author: str | None = None,
                 color: str = LABEL_COLOR, description: str = "") -> None:
        self.repo = repo
        self.label = label
        self.author = author
        self.color = color
        self.description = description

    def ensure_label(self) -> bool:
        """Create the label if missing; True if it was created."""
        try:
            self.repo.get_label(self.label)
            return False
        except GithubException as exc:
            if exc.status != 404:
                raise
        try:
            self.repo.create_label(self.label, self.color, self.description)
        except GithubException as exc:
            # Created meanwhile by a concurrent run, or by our own request whose answer got lost.
            if exc.status == 422 and "already_exists" in str(exc.data):
                return False
            raise
        log.info("created label %r", self.label)
        return True

    def list(self, state: str = "all") -> list[TrackedIssue]:
        """The label's issues in ``state``, pull requests excluded, oldest first."""
        found = []
        for issue in self.repo.get_issues(state=state, labels=[self.label]):
            if issue.pull_request is not None:
                continue
            tracked = TrackedIssue.of(issue)
            if self.author is None or tracked.author == self.author:
                found.append(tracked)
        return sorted(found, key=lambda i: i.number)

    def create(self, title: str, body: str,
               find: Callable[[list[TrackedIssue]], TrackedIssue | None]) -> TrackedIssue:
        """Open an issue; ``find`` recognises it among the listed ones if a create whose answer
        was lost did in fact open it."""
        self.ensure_label()
        try:
            issue = self.repo.create_issue(title=title, body=body, labels=[self.label])
        except (GithubException, requests.RequestException) as exc:
            if isinstance(exc, GithubException) and exc.status is not None and exc.status < 500:
                raise
            log.warning("creating the issue failed (%s); checking whether it exists", exc)
            existing = find(self.list())
            if existing is not None:
                return existing
            issue = self.repo.create_issue(title=title, body=body, labels=[self.label])
        log.info("opened issue #%d", issue.number)
        return TrackedIssue.of(issue)

    def edit(self, number: int, *, title: str, body: str, state: str | None = None,
             state_reason: str | None = None) -> None:
        issue = self.repo.get_issue(number)
        changes: dict[str, str] = {"title": title, "body": body}
        if state is not None:
            changes["state"] = state
        if state_reason is not None:
            changes["state_reason"] = state_reason
        issue.edit(**changes)  # type: ignore[arg-type]
        log.info("edited issue #%d (%s)", number, ", ".join(changes))


class DigestIssues:
    """The digest's issues. Every labelled issue counts as an earlier digest, whoever opened it
    (a curator may file one by hand, and its papers should not be suggested again); but only an
    issue the bot's own login opened is ever edited: an issue that merely looks like this
    week's digest (its title, its marker) is someone else's to keep."""

    def __init__(self, repo: Repository, label: str, author: str | None = None) -> None:
        self.repo = repo
        self.label = label
        self.issues = LabelledIssues(repo, label, description=LABEL_DESCRIPTION)
        self._author = author

    @property
    def author(self) -> str:
        """Our login: given, else asked once."""
        if self._author is None:
            self._author = own_login(self.repo)
        return self._author

    def ensure_label(self) -> bool:
        """Create the label if missing; True if it was created."""
        return self.issues.ensure_label()

    def list_digest_issues(self) -> list[DigestIssue]:
        """Every issue carrying the label, open and closed, pull requests excluded."""
        return [_digest(i) for i in self.issues.list()]

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
        ours = [i for i in issues if i.author == self.author]
        existing = self.find_week(ours, week)
        if existing is not None:
            if existing.body == body and existing.title == title:
                return existing, "unchanged"
            self.issues.edit(existing.number, title=title, body=body)
            log.info("updated digest issue #%d", existing.number)
            updated = DigestIssue(existing.number, title, body, existing.state, existing.url,
                                  existing.author)
            return updated, "updated"

        def find(listed: list[TrackedIssue]) -> TrackedIssue | None:
            mine = [_digest(i) for i in listed if i.author == self.author]
            found = self.find_week(mine, week)
            return next((i for i in listed if found and i.number == found.number), None)

        created = self.issues.create(title, body, find)
        log.info("opened digest issue #%d", created.number)
        return _digest(created), "created"


def _digest(issue: TrackedIssue) -> DigestIssue:
    return DigestIssue(issue.number, issue.title, issue.body, issue.state, issue.url,
                       issue.author)
