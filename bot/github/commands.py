"""The maintainer commands' GitHub side, through PyGithub. (I/O)

What it does: ask a commenter's permission, read the list and config, keep one branch per issue
(``paperlist/issue-N``) holding one commit on top of the default branch, open or edit the one
pull request from it, and reply on the issue. Reads, PATCHes and PUTs may be retried by urllib3;
POSTs (a ref, a pull request, a comment) never are: after a failed POST the state is listed
again and the POST is repeated only if the thing is still missing, so a 502 that did create the
pull request never makes a second one.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from github import Auth, Github, GithubException, GithubRetry

from bot.errors import GatewayError, PermissionDenied

log = logging.getLogger("paperlist.command")

T = TypeVar("T")
_RETRYABLE = frozenset({"GET", "HEAD", "PATCH", "PUT", "DELETE", "OPTIONS"})
WRITE_ROLES = frozenset({"admin", "maintain", "write"})


@dataclass(frozen=True, slots=True)
class IssueInfo:
    number: int
    title: str
    body: str
    is_pull: bool


@dataclass(frozen=True, slots=True)
class FileAt:
    text: str
    sha: str  # the blob's SHA, which the contents API wants for an update


@dataclass(frozen=True, slots=True)
class PullRef:
    number: int
    url: str
    title: str
    body: str


@dataclass(frozen=True, slots=True)
class GatewayOptions:
    pause: bool = True  # GitHub's advised pauses between requests; tests turn them off
    timeout: int = 30
    post_attempts: int = 3


def _guard(action: str, call: Callable[[], T]) -> T:
    try:
        return call()
    except GithubException as exc:
        data = exc.data if isinstance(exc.data, dict) else {}
        message = str(data.get("message") or exc)
        if data.get("errors"):
            message += f" ({'; '.join(str(e) for e in data['errors'])})"
        if exc.status in (401, 403):
            raise PermissionDenied(action, exc.status, message) from None
        raise GatewayError(action, exc.status, message) from None


class CommandGateway:
    def __init__(self, api_url: str, token: str, repo: str,
                 options: GatewayOptions | None = None) -> None:
        self.options = options or GatewayOptions()
        pause = self.options.pause
        self._gh = Github(
            base_url=api_url.rstrip("/"), auth=Auth.Token(token), timeout=self.options.timeout,
            retry=GithubRetry(total=3, allowed_methods=_RETRYABLE, backoff_factor=1.0 if pause
                              else 0.0),
            seconds_between_requests=0.25 if pause else None,
            seconds_between_writes=1.0 if pause else None,
        )
        self.repo_name = repo
        self._repo = _guard(f"open {repo}", lambda: self._gh.get_repo(repo))
        self._login: str | bool | None = False

    def close(self) -> None:
        self._gh.close()

    @property
    def owner(self) -> str:
        return self.repo_name.split("/", 1)[0]

    @property
    def default_branch(self) -> str:
        return str(self._repo.default_branch)

    # ------------------------------------------------------------------ reads
    def permission(self, login: str) -> str:
        """The commenter's role on the repository (``admin``, ``maintain``, ``write``,
        ``triage``, ``read``), or ``none`` when they are not a collaborator."""
        def get() -> str:
            try:
                _, data = self._gh.requester.requestJsonAndCheck(
                    "GET", f"/repos/{self.repo_name}/collaborators/{login}/permission")
            except GithubException as exc:
                if exc.status == 404:
                    return "none"
                raise
            return str(data.get("role_name") or data.get("permission") or "none")

        return _guard(f"read {login}'s permission", get)

    def issue(self, number: int) -> IssueInfo:
        def get() -> IssueInfo:
            issue = self._repo.get_issue(number)
            return IssueInfo(issue.number, issue.title or "", issue.body or "",
                             issue.pull_request is not None)

        return _guard(f"read issue #{number}", get)

    def read(self, path: str, ref: str) -> FileAt | None:
        def get() -> FileAt | None:
            try:
                content = self._repo.get_contents(path, ref=ref)
            except GithubException as exc:
                if exc.status == 404:
                    return None
                raise
            if isinstance(content, list):
                return None
            if content.encoding != "base64":  # over 1 MB: the blobs API has it
                blob = self._repo.get_git_blob(content.sha)
                return FileAt(base64.b64decode(blob.content).decode("utf-8"), content.sha)
            return FileAt(content.decoded_content.decode("utf-8"), content.sha)

        return _guard(f"read {path} at {ref}", get)

    def branch_sha(self, branch: str) -> str | None:
        def get() -> str | None:
            try:
                return str(self._repo.get_git_ref(f"heads/{branch}").object.sha)
            except GithubException as exc:
                if exc.status == 404:
                    return None
                raise

        return _guard(f"read branch {branch}", get)

    def open_pull(self, branch: str) -> PullRef | None:
        def get() -> PullRef | None:
            for pr in self._repo.get_pulls(state="open", head=f"{self.owner}:{branch}"):
                if pr.head.ref == branch:
                    return PullRef(pr.number, pr.html_url, pr.title or "", pr.body or "")
            return None

        return _guard(f"list pull requests from {branch}", get)

    def own_login(self) -> str | None:
        if self._login is False:
            try:
                self._login = self._gh.get_user().login
            except GithubException:
                self._login = None  # an installation token may not read /user
        return self._login  # type: ignore[return-value]

    def own_comments(self, number: int, marker: str) -> list[tuple[int, str]]:
        """(id, body) of the bot's comments on issue ``number`` carrying ``marker``."""
        def get() -> list[tuple[int, str]]:
            login = self.own_login()
            found = []
            for c in self._repo.get_issue(number).get_comments():
                ours = c.user.login == login if login else c.user.type == "Bot"
                if ours and marker in (c.body or ""):
                    found.append((c.id, c.body or ""))
            return found

        return _guard(f"list comments of #{number}", get)

    # ------------------------------------------------------------------ writes
    def _create_once(self, action: str, exists: Callable[[], T | None],
                     create: Callable[[], T]) -> T:
        last: GatewayError | None = None
        for _ in range(self.options.post_attempts):
            found = exists()
            if found is not None:
                return found
            try:
                return _guard(action, create)
            except PermissionDenied:
                raise
            except GatewayError as exc:
                if exc.status is not None and exc.status < 500:
                    raise
                last = exc
                log.warning("%s failed (%s); looking again before retrying", action, exc)
        found = exists()
        if found is not None:
            return found
        assert last is not None
        raise last

    def reset_branch(self, branch: str, sha: str) -> None:
        """Point ``branch`` at ``sha``: create it, or move it (it is the bot's own branch)."""
        current = self.branch_sha(branch)
        if current == sha:
            return
        if current is not None:
            _guard(f"move {branch}",
                   lambda: self._repo.get_git_ref(f"heads/{branch}").edit(sha, force=True))
            return
        self._create_once(f"create branch {branch}", lambda: self.branch_sha(branch),
                          lambda: self._repo.create_git_ref(f"refs/heads/{branch}", sha).ref)

    def write(self, path: str, text: str, blob_sha: str, branch: str, message: str) -> None:
        _guard(f"commit {path} to {branch}",
               lambda: self._repo.update_file(path, message, text, blob_sha, branch=branch))

    def upsert_pull(self, branch: str, base: str, title: str, body: str) -> tuple[PullRef, str]:
        """The open pull request from ``branch``, created or brought up to date; and what
        happened (``created``, ``updated``, ``unchanged``)."""
        existing = self.open_pull(branch)
        if existing is not None:
            if existing.title == title and existing.body == body:
                return existing, "unchanged"
            _guard(f"edit pull request #{existing.number}",
                   lambda: self._repo.get_pull(existing.number).edit(title=title, body=body))
            return PullRef(existing.number, existing.url, title, body), "updated"

        def create() -> PullRef:
            pr = self._repo.create_pull(base=base, head=branch, title=title, body=body)
            return PullRef(pr.number, pr.html_url, title, body)

        made = self._create_once(f"open a pull request from {branch}",
                                 lambda: self.open_pull(branch), create)
        return made, "created"

    def reply(self, number: int, body: str, marker: str) -> str:
        """Comment on issue ``number`` unless the bot's latest reply there says the same."""
        earlier = self.own_comments(number, marker)
        if earlier and max(earlier)[1] == body:
            return "unchanged"

        def create() -> int:
            return int(self._repo.get_issue(number).create_comment(body).id)

        def exists() -> int | None:
            now = self.own_comments(number, marker)
            return next((cid for cid, text in now if text == body and (cid, text)
                         not in earlier), None)

        self._create_once(f"comment on #{number}", exists, create)
        return "created"
