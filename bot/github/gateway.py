"""The bot's only door to GitHub for PR reviews, and the review side's only PyGithub importer.

Reads return plain data (the pipeline never sees PyGithub objects); writes execute plans
idempotently. PyGithub's default retry repeats POSTs, so a 502 that in fact created a comment
would post it twice: here GETs, PATCHes and DELETEs may be retried by urllib3, POSTs never. After
a failed POST the gateway re-lists and creates only what is still missing.
"""

from __future__ import annotations

import base64
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from github import Auth, Github, GithubException, GithubRetry, RateLimitExceededException
from github.Commit import Commit
from requests.exceptions import RequestException

from bot.errors import GatewayError, NotUtf8, PermissionDenied, RateLimited, ResponseTooLarge
from bot.markers import find_fingerprint, is_summary
from bot.reporters.inline import ExistingComment, ReviewPlan
from lint_rules.links.verdict import retry_after

T = TypeVar("T")
# Methods urllib3 may repeat on 5xx: all but POST, which creates content.
IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PATCH", "DELETE", "PUT"})


@dataclass(frozen=True, slots=True)
class PullInfo:
    number: int
    head_sha: str
    base_sha: str
    base_ref: str
    head_repo: str | None  # None when the fork was deleted
    state: str


@dataclass(frozen=True, slots=True)
class ChangedFile:
    path: str
    status: str
    patch: str | None  # None when GitHub leaves it out (binary, huge, over budget)
    previous_path: str | None = None


@dataclass(frozen=True, slots=True)
class SummaryComment:
    id: int
    body: str


@dataclass(frozen=True, slots=True)
class GatewaySettings:
    """Production defaults are GitHub's advice; tests turn the pauses and backoff off."""

    seconds_between_requests: float | None = 0.25
    seconds_between_writes: float | None = 1.0
    retries: int = 3
    backoff_factor: float = 1.0
    max_rate_limit_wait: float = 120.0
    post_attempts: int = 3  # create attempts, each preceded by a fresh listing
    timeout: float = 30.0
    per_page: int = 100
    # Bytes read from one answer at most: a list file is linted up to a few MB, and a page of
    # 100 comments of 65,536 characters is under 30 MB.
    max_response_bytes: int = 32 * 1024 * 1024


def make_retry(settings: GatewaySettings) -> GithubRetry | None:
    if settings.retries <= 0:
        return None
    return GithubRetry(total=settings.retries, backoff_factor=settings.backoff_factor,
                       allowed_methods=IDEMPOTENT, max_rate_limit_wait=settings.max_rate_limit_wait)


class Gateway:
    def __init__(self, api_url: str, token: str | None, repo: str,
                 settings: GatewaySettings | None = None, *,
                 bot_login: str = "github-actions[bot]") -> None:
        """``bot_login``: who an installation token (Actions' GITHUB_TOKEN, an app's) comments
        as; a token that may read ``/user`` (a PAT) is its user instead."""
        self.settings = settings or GatewaySettings()
        self._bot_login = bot_login
        # Installation tokens (Actions' GITHUB_TOKEN, an app's) start "ghs_" (formerly "v1.").
        self._installation_token = bool(token) and str(token).startswith(("ghs_", "v1."))
        s = self.settings
        self._gh = Github(
            base_url=api_url.rstrip("/"), auth=Auth.Token(token) if token else None,
            retry=make_retry(s), timeout=int(s.timeout), per_page=s.per_page,
            seconds_between_requests=s.seconds_between_requests,
            seconds_between_writes=s.seconds_between_writes,
            # Lazy objects: a PR's files or an issue's comments are listed without first
            # fetching the PR or issue itself; attributes are fetched when first read.
            lazy=True,
        )
        cap_responses(self._gh, s.max_response_bytes)
        self._repo_name = repo
        self._repo = self._gh.get_repo(repo)
        self._login: str | bool | None = False  # False: not asked yet

    def own_login(self) -> str:
        """The login the bot's comments carry: the token's user when GitHub says (a PAT), else
        the configured bot login, since an installation token may not read ``/user``."""
        if self._login is False:
            if self._installation_token:
                self._login = None  # GitHub would answer 403: not worth a refused request
            else:
                try:
                    self._login = self._gh.get_user().login
                except GithubException:
                    self._login = None
        return self._login or self._bot_login  # type: ignore[return-value]

    def _is_ours(self, user: Any) -> bool:
        """Only comments the bot wrote count: a marker pasted by a person, or by another app
        (any account of type Bot), is just text."""
        if user is None:
            return False
        login = user.get("login") if isinstance(user, dict) else user.login
        return bool(login) and login == self.own_login()

    def close(self) -> None:
        self._gh.close()

    # ---------------------------------------------------------------- reads
    def _read(self, action: str, call: Callable[[], T]) -> T:
        try:
            return call()
        except GithubException as exc:
            raise GatewayError(action, exc.status, _message(exc)) from None
        except (RequestException, ValueError) as exc:
            # No answer (timeouts and connection errors outlast urllib3's retries) or no JSON.
            raise GatewayError(action, None, _failure(exc)) from None

    def pull(self, number: int) -> PullInfo:
        def get() -> PullInfo:
            pr = self._repo.get_pull(number)
            head_repo = pr.head.repo.full_name if pr.head.repo is not None else None
            return PullInfo(pr.number, pr.head.sha, pr.base.sha, pr.base.ref, head_repo, pr.state)

        return self._read(f"read pull request #{number}", get)

    def changed_files(self, number: int) -> list[ChangedFile]:
        def get() -> list[ChangedFile]:
            files = self._repo.get_pull(number).get_files()
            return [ChangedFile(f.filename, f.status, f.patch,
                                getattr(f, "previous_filename", None)) for f in files]

        return self._read(f"list the files of pull request #{number}", get)

    def read_file(self, path: str, ref: str) -> str | None:
        """The file's text at ``ref``, or None when it does not exist there."""

        def get() -> bytes | None:
            try:
                content = self._repo.get_contents(path, ref=ref)
            except GithubException as exc:
                if exc.status == 404:
                    return None
                raise
            if isinstance(content, list):  # a directory
                return None
            if content.encoding != "base64":
                # Files over 1 MB come without content from the contents API; the git blobs
                # API serves them (up to 100 MB).
                return base64.b64decode(self._repo.get_git_blob(content.sha).content)
            return content.decoded_content

        data = self._read(f"read {path} at {ref}", get)
        return None if data is None else _text(path, ref, data)

    def list_dir(self, path: str, ref: str) -> set[str] | None:
        """The names in directory ``path`` (``""``: the root) at ``ref``; None when there is no
        such directory."""

        def get() -> set[str] | None:
            try:
                content = self._repo.get_contents(path, ref=ref)
            except GithubException as exc:
                if exc.status == 404:
                    return None
                raise
            if not isinstance(content, list):  # a file
                return None
            return {c.name for c in content}

        return self._read(f"list {path or 'the root directory'} at {ref}", get)

    def _list_json(self, path: str) -> list[dict[str, Any]]:
        """Every item of a paged list endpoint as plain JSON.

        PyGithub's list items are incomplete objects: reading a field the list omits (a root
        comment has no ``in_reply_to_id``) fetches each item again, one request per comment.
        """
        items: list[dict[str, Any]] = []
        url: str | None = f"/repos/{self._repo_name}{path}"
        params: dict[str, Any] | None = {"per_page": self.settings.per_page}
        while url:
            headers, data = self._gh.requester.requestJsonAndCheck("GET", url, parameters=params)
            items += data if isinstance(data, list) else []
            url, params = _next_link(headers), None
        return items

    def review_comments(self, number: int) -> list[ExistingComment]:
        def get() -> list[ExistingComment]:
            raw = self._list_json(f"/pulls/{number}/comments")
            replied = {c.get("in_reply_to_id") for c in raw if c.get("in_reply_to_id")}
            return [ExistingComment(c["id"],
                                    find_fingerprint(c.get("body") or "")
                                    if self._is_ours(c.get("user")) else None,
                                    c.get("path", ""), c.get("line"), c["id"] in replied)
                    for c in raw if not c.get("in_reply_to_id")]

        return self._read(f"list review comments of #{number}", get)

    def summaries(self, number: int) -> list[SummaryComment]:
        def get() -> list[SummaryComment]:
            comments = self._repo.get_issue(number).get_comments()
            return [SummaryComment(c.id, c.body) for c in comments
                    if is_summary(c.body) and self._is_ours(c.user)]

        return self._read(f"list comments of #{number}", get)

    # ---------------------------------------------------------------- writes
    def _write(self, action: str, call: Callable[[], T]) -> T:
        try:
            return call()
        except (RequestException, ValueError) as exc:
            # Status None: _create_once re-lists, then creates only what is still missing.
            raise GatewayError(action, None, _failure(exc)) from None
        except GithubException as exc:
            if _is_rate_limit(exc):
                raise RateLimited(action, exc.status, _message(exc), _retry_after(exc)) from None
            if exc.status in (403, 404):
                raise PermissionDenied(action, exc.status, _message(exc)) from None
            raise GatewayError(action, exc.status, _message(exc)) from None

    def _create_once(self, action: str, exists: Callable[[], bool],
                     create: Callable[[], object]) -> None:
        """Create unless ``exists()``; after a failed POST look again instead of re-posting."""
        last: GatewayError | None = None
        for attempt in range(self.settings.post_attempts):
            if exists():
                return
            try:
                self._write(action, create)
                return
            except RateLimited as exc:
                wait = exc.retry_after if exc.retry_after is not None else 60.0
                if wait > self.settings.max_rate_limit_wait:
                    raise
                last = exc
                time.sleep(wait)
            except PermissionDenied:
                raise
            except GatewayError as exc:
                if exc.status is not None and exc.status < 500:
                    raise
                last = exc
                if self.settings.backoff_factor:
                    time.sleep(self.settings.backoff_factor * 2**attempt)
        if exists():
            return
        assert last is not None
        raise last

    def post_review(self, number: int, plan: ReviewPlan) -> None:
        """One review holding every planned comment (all or nothing on GitHub's side)."""
        if not plan.comments:
            return
        wanted = {c.fingerprint for c in plan.comments}

        def exists() -> bool:
            # Outdated or condemned comments of ours do not stand for the planned ones.
            standing = {c.fingerprint for c in self.review_comments(number)
                        if c.line is not None and c.id not in plan.delete}
            return wanted <= standing

        def create() -> object:
            pr = self._repo.get_pull(number)
            commit = Commit(self._gh.requester, {}, {"sha": plan.commit_id}, completed=False)
            comments = []
            for c in plan.comments:
                comment = {"path": c.path, "line": c.line, "side": "RIGHT", "body": c.body}
                if c.start_line is not None:
                    comment.update(start_line=c.start_line, start_side="RIGHT")
                comments.append(comment)
            return pr.create_review(commit=commit, body=plan.body, event=plan.event,
                                    comments=comments)  # type: ignore[arg-type]

        self._create_once(f"post a review on #{number}", exists, create)

    def delete_review_comment(self, number: int, comment_id: int) -> None:
        def delete() -> None:
            self._repo.get_pull(number).get_review_comment(comment_id).delete()

        try:
            self._write(f"delete review comment {comment_id}", delete)
        except PermissionDenied as exc:
            if exc.status != 404:  # 404: someone deleted it already
                raise

    def upsert_summary(self, number: int, body: str) -> int:
        """Edit the sticky summary in place, or create it once; extra copies are removed."""
        found: list[SummaryComment] = []

        def exists() -> bool:
            found[:] = self.summaries(number)
            return bool(found)

        def create() -> object:
            created = self._repo.get_issue(number).create_comment(body)
            found[:] = [SummaryComment(created.id, body)]
            return created

        self._create_once(f"comment on #{number}", exists, create)
        keep, *extra = sorted(found, key=lambda c: c.id)
        if keep.body != body:
            self._write(f"edit comment {keep.id}",
                        lambda: self._repo.get_issue(number).get_comment(keep.id).edit(body))
        for dup in extra:  # left by a double post in an earlier, less careful run
            self._write(f"delete comment {dup.id}",
                        lambda d=dup: self._repo.get_issue(number).get_comment(d.id).delete())
        return keep.id


def _text(path: str, ref: str, data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise NotUtf8(path, ref, data, exc.start) from None


def cap_responses(gh: Github, limit: int) -> None:
    """Read at most ``limit`` bytes of any answer: a larger one is refused, not buffered.

    PyGithub reads each body whole; a response hook runs before that and reads it in chunks
    instead. PyGithub makes its connection object lazily from the class it holds per client,
    so the hook is installed on this client only.
    """
    requester = gh.requester
    attr = "_Requester__connectionClass"
    base = getattr(requester, attr, None)
    if base is None:  # a PyGithub whose internals moved: fail loudly in the tests, not silently
        raise RuntimeError("cannot install the response size cap on this PyGithub version")

    def hook(response: Any, *args: Any, **kwargs: Any) -> Any:
        declared = response.headers.get("Content-Length")
        action = f"answer {response.request.method} {response.request.path_url.split('?')[0]}"
        too_large = ResponseTooLarge(action, response.status_code,
                                     f"the answer is over {limit} bytes; refusing to read it")
        if declared and declared.isdigit() and int(declared) > limit:
            response.close()
            raise too_large
        chunks: list[bytes] = []
        total = 0
        for chunk in response.raw.stream(64 * 1024, decode_content=True):
            total += len(chunk)
            if total > limit:
                response.close()
                raise too_large
            chunks.append(chunk)
        response._content = b"".join(chunks)
        response._content_consumed = True
        return response

    class Capped(base):  # type: ignore[misc, valid-type]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.session.hooks["response"].append(hook)

    setattr(requester, attr, Capped)


def _failure(exc: Exception) -> str:
    if isinstance(exc, RequestException):
        return f"no answer ({type(exc).__name__}); GitHub may be down or slow, try again later"
    return f"an answer that is not JSON ({type(exc).__name__})"


def _next_link(headers: dict[str, Any]) -> str | None:
    link = next((v for k, v in headers.items() if k.lower() == "link"), "")
    m = re.search(r'<([^>]+)>;\s*rel="next"', str(link))
    return m.group(1) if m else None


def _message(exc: GithubException) -> str:
    data = exc.data if isinstance(exc.data, dict) else {}
    message = str(data.get("message") or exc)
    errors = data.get("errors")
    if errors:
        message += f" ({'; '.join(str(e) for e in errors)})"
    return message


def _is_rate_limit(exc: GithubException) -> bool:
    if isinstance(exc, RateLimitExceededException) or exc.status == 429:
        return True
    return exc.status == 403 and "rate limit" in _message(exc).lower()


def _retry_after(exc: GithubException) -> float | None:
    headers = {k.lower(): str(v) for k, v in (exc.headers or {}).items()}
    return retry_after(headers, time.time())
