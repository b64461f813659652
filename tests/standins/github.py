"""A GitHub REST stand-in on 127.0.0.1 for tests that drive the real PyGithub client.

Usage::

    with FakeGitHub() as gh:                       # starts on 127.0.0.1:<free port>
        gh.set_files({"README.md": "..."})          # commit on the default branch
        pr = gh.add_pull(head_files={"README.md": "..."})
        Github(base_url=gh.base_url, auth=Auth.Token(gh.token), ...)

Bodies are built from the recorded responses in ``replaydata/`` (see ``replay.py``), with every
``https://api.github.com`` rewritten to the stand-in's base URL as PyGithub requires. It enforces
what the bot must respect: GitHub's review-anchor rules (422, all or nothing), a 65,536-character
body limit, write refusal (403) for read-only tokens, and pagination with ``Link`` headers. Tests
can inject faults (``fail_next``) and inspect every request (``requests``).
"""

from __future__ import annotations

import base64
import difflib
import hashlib
import json
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlsplit

from tests.standins.replay import rate_limit_headers, template

API = "https://api.github.com"
MAX_BODY = 65536
DOCS = "https://docs.github.com/rest"
EPOCH = datetime(2026, 1, 5, 9, 0, 0, tzinfo=UTC)


class HttpError(Exception):
    def __init__(self, status: int, message: str, errors: list[Any] | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.body: dict[str, Any] = {"message": message, "documentation_url": DOCS,
                                     "status": str(status)}
        if errors is not None:
            self.body["errors"] = errors
        self.headers = headers or {}


@dataclass
class Recorded:
    """One request as the stand-in saw it, with the status it answered."""

    method: str
    path: str
    query: dict[str, list[str]]
    body: Any
    token: str | None
    status: int = 0


@dataclass
class Fault:
    """Answer the next ``times`` matching requests with ``status``.

    With ``after=True`` the request is carried out first (state changes) and only the answer fails:
    GitHub's 502 that nevertheless created the comment.
    """

    method: str
    path: re.Pattern[str]
    status: int
    after: bool = False
    times: int = 1
    message: str = "Server Error"
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Hunk:
    old_start: int
    new_start: int
    right: list[int]  # new-file lines shown in the hunk (added + context)
    left: list[int]  # old-file lines shown (deleted + context)
    positions: dict[int, int]  # new line -> position in the patch (1-based, counted over the file)
    text_upto: dict[int, str]  # new line -> hunk text up to that line (GitHub's diff_hunk)


@dataclass
class Pull:
    number: int
    title: str
    user: str
    head_ref: str
    base_ref: str
    head_sha: str
    base_sha: str
    head_repo: str | None
    state: str = "open"
    commits: list[str] = field(default_factory=list)


def _sha(*parts: str) -> str:
    return hashlib.sha1("\0".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


def file_bytes(text: str) -> bytes:
    """A file's bytes. A file that is not UTF-8 is held as ``data.decode("utf-8",
    "surrogateescape")`` and served as the original bytes, as GitHub serves any file."""
    return text.encode("utf-8", "surrogateescape")


def render_patch(old: str | None, new: str | None, context: int = 3) -> str:
    """A unified-diff ``patch`` as GitHub's pull files endpoint shows it (no ---/+++ header)."""
    a = (old or "").splitlines()
    b = (new or "").splitlines()
    a_eol = old is None or old == "" or old.endswith("\n")
    b_eol = new is None or new == "" or new.endswith("\n")
    out: list[str] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for group in matcher.get_grouped_opcodes(context):
        i1, i2, j1, j2 = group[0][1], group[-1][2], group[0][3], group[-1][4]

        def rng(start: int, count: int) -> str:
            first = start + 1 if count else start
            return f"{first}" if count == 1 else f"{first},{count}"

        out.append(f"@@ -{rng(i1, i2 - i1)} +{rng(j1, j2 - j1)} @@")
        for tag, x1, x2, y1, y2 in group:
            if tag == "equal":
                for k in range(x1, x2):
                    out.append(" " + a[k])
                    if k == len(a) - 1 and not a_eol:
                        out.append("\\ No newline at end of file")
                continue
            for k in range(x1, x2):
                out.append("-" + a[k])
                if k == len(a) - 1 and not a_eol:
                    out.append("\\ No newline at end of file")
            for k in range(y1, y2):
                out.append("+" + b[k])
                if k == len(b) - 1 and not b_eol:
                    out.append("\\ No newline at end of file")
    return "\n".join(out)


def parse_hunks(patch: str) -> list[Hunk]:
    """The stand-in's own (deliberately independent) reading of a patch, for anchor checks."""
    hunks: list[Hunk] = []
    position = 0
    old = new = 0
    current: Hunk | None = None
    lines_so_far: list[str] = []
    for raw in patch.split("\n"):
        m = re.match(r"@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@", raw)
        if m:
            if current is not None:
                position += 1  # the next hunk header counts as a position
            old, new = int(m.group(1)), int(m.group(2))
            current = Hunk(old, new, [], [], {}, {})
            hunks.append(current)
            lines_so_far = [raw]
            continue
        if current is None:
            continue
        position += 1
        lines_so_far.append(raw)
        if raw.startswith("\\"):
            continue
        if raw.startswith("+"):
            current.right.append(new)
            current.positions[new] = position
            current.text_upto[new] = "\n".join(lines_so_far)
            new += 1
        elif raw.startswith("-"):
            current.left.append(old)
            old += 1
        else:
            current.right.append(new)
            current.left.append(old)
            current.positions[new] = position
            current.text_upto[new] = "\n".join(lines_so_far)
            new += 1
            old += 1
    return hunks


class FakeGitHub:
    """The stand-in. One repository (``owner/name``), any number of pulls, issues and labels."""

    def __init__(self, full_name: str = "octo-lab/papers", *, token: str = "ghs_write",
                 read_only_token: str = "ghs_read", bot_login: str = "github-actions[bot]",
                 per_page_default: int = 30, files_patch_line_budget: int = 20000,
                 contents_size_limit: int = 1024 * 1024) -> None:
        self.full_name = full_name
        self.token = token
        self.read_only_token = read_only_token
        self.tokens: dict[str, tuple[str, bool]] = {
            token: (bot_login, True),
            read_only_token: (bot_login, False),
        }
        self.per_page_default = per_page_default
        self.files_patch_line_budget = files_patch_line_budget
        # Past this size the contents API sends no content (`encoding: none`), as GitHub does
        # for files of 1-100 MB; the git blobs API still serves them.
        self.contents_size_limit = contents_size_limit
        self.default_branch = "main"
        self.trees: dict[str, dict[str, str]] = {}
        self.branches: dict[str, str] = {}
        self.pulls: dict[int, Pull] = {}
        self.issues: dict[int, dict[str, Any]] = {}
        self.labels: dict[str, dict[str, Any]] = {}
        self.issue_comments: dict[int, dict[str, Any]] = {}
        self.reviews: dict[int, list[dict[str, Any]]] = {}
        self.review_comments: dict[int, dict[str, Any]] = {}
        self.requests: list[Recorded] = []
        self.faults: list[Fault] = []
        self.binary_files: set[str] = set()
        self.permissions: dict[str, str] = {}  # login -> role, for /collaborators/…/permission
        self.parents: dict[str, str] = {}  # commit -> parent, for commits made through the API
        self._next_id = 1_000_000
        self._next_number = 1
        self._clock = 0
        self._lock = threading.RLock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.set_files({}, message="initial")

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> FakeGitHub:
        handler = _make_handler(self)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> FakeGitHub:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        assert self._server is not None, "start() the stand-in first"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    # ------------------------------------------------------------------ scenario setup
    def set_files(self, files: dict[str, str], *, branch: str | None = None,
                  message: str = "commit") -> str:
        """Commit ``files`` (path -> text, merged over the branch's tree) and return the SHA."""
        branch = branch or self.default_branch
        with self._lock:
            parent = self.branches.get(branch)
            tree = dict(self.trees.get(parent, {})) if parent else {}
            tree.update(files)
            sha = _sha(branch, message, json.dumps(tree, sort_keys=True), str(len(self.trees)))
            self.trees[sha] = tree
            self.branches[branch] = sha
            return sha

    def add_pull(self, head_files: dict[str, str | None], *, title: str = "Add papers",
                 user: str = "contributor", head_ref: str = "add-papers",
                 head_repo: str | None = "", base_ref: str | None = None) -> Pull:
        """Open a PR whose head is the base tree with ``head_files`` applied (None deletes).

        ``head_repo``: "" for a branch of this repository, a name for a fork, None for a
        deleted fork.
        """
        base_ref = base_ref or self.default_branch
        with self._lock:
            base_sha = self.branches[base_ref]
            head_sha = self._commit_on(base_sha, head_files, head_ref)
            number = self._take_number()
            pull = Pull(number, title, user, head_ref, base_ref, head_sha, base_sha,
                        self.full_name if head_repo == "" else head_repo, commits=[head_sha])
            self.pulls[number] = pull
            self.reviews[number] = []
            self.issues[number] = self._issue_body(number, title, "", user, [], pull=True)
            return pull

    def push(self, number: int, head_files: dict[str, str | None]) -> str:
        """A new commit on the PR head; open review comments are re-anchored like GitHub does."""
        with self._lock:
            pull = self.pulls[number]
            old_head = pull.head_sha
            new_head = self._commit_on(old_head, head_files, pull.head_ref)
            pull.head_sha = new_head
            pull.commits.append(new_head)
            for comment in self.review_comments.values():
                if comment["_pr"] != number or comment["line"] is None:
                    continue
                self._reanchor(comment, old_head, new_head)
            return new_head

    def add_token(self, token: str, login: str, *, write: bool = True) -> str:
        """Another identity, e.g. a person's token (``/user`` answers for it)."""
        self.tokens[token] = (login, write)
        return token

    def add_human_reply(self, comment_id: int, body: str,
                        user: str = "maintainer") -> dict[str, Any]:
        with self._lock:
            parent = self.review_comments[comment_id]
            reply = dict(parent)
            reply.update(id=self._take_id(), body=body, in_reply_to_id=comment_id,
                         user=self._user(user), created_at=self._now(), updated_at=self._now())
            self.review_comments[reply["id"]] = reply
            return reply

    def fail_next(self, method: str, path: str, status: int = 502, *, after: bool = False,
                  times: int = 1, message: str = "Server Error",
                  headers: dict[str, str] | None = None) -> Fault:
        """Make the next ``times`` requests matching ``method`` and the ``path`` regex fail."""
        fault = Fault(method.upper(), re.compile(path), status, after, times, message,
                      headers or {})
        with self._lock:
            self.faults.append(fault)
        return fault

    # ------------------------------------------------------------------ assertions helpers
    def requests_to(self, method: str, path_regex: str) -> list[Recorded]:
        pattern = re.compile(path_regex)
        return [r for r in self.requests if r.method == method and pattern.search(r.path)]

    def issue_comments_on(self, number: int) -> list[dict[str, Any]]:
        return [c for c in self.issue_comments.values() if c["_issue"] == number]

    def review_comments_on(self, number: int) -> list[dict[str, Any]]:
        return [c for c in self.review_comments.values() if c["_pr"] == number]

    def contents_at(self, ref: str, path: str) -> str | None:
        sha = self.branches.get(ref, ref)
        return self.trees.get(sha, {}).get(path)

    # ------------------------------------------------------------------ internals
    def _take_id(self) -> int:
        self._next_id += 1
        return self._next_id

    def _take_number(self) -> int:
        number = self._next_number
        self._next_number += 1
        return number

    def _now(self) -> str:
        self._clock += 1
        return (EPOCH + timedelta(seconds=self._clock)).strftime("%Y-%m-%dT%H:%M:%SZ")

    def _commit_on(self, parent: str, files: dict[str, str | None], ref: str) -> str:
        tree = dict(self.trees[parent])
        for path, text in files.items():
            if text is None:
                tree.pop(path, None)
            else:
                tree[path] = text
        sha = _sha(parent, ref, json.dumps(tree, sort_keys=True))
        self.trees[sha] = tree
        return sha

    def _user(self, login: str) -> dict[str, Any]:
        user = template("user", self.full_name)
        old_login = user["login"]
        user = json.loads(json.dumps(user).replace(f"/{old_login}", f"/{login}"))
        user.update(login=login, id=int(_sha(login)[:8], 16),
                    type="Bot" if login.endswith("[bot]") else "User")
        return user

    def _api(self, suffix: str = "") -> str:
        return f"{API}/repos/{self.full_name}{suffix}"

    def _html(self, suffix: str = "") -> str:
        return f"https://github.com/{self.full_name}{suffix}"

    def _pull_files(self, pull: Pull) -> list[dict[str, Any]]:
        base, head = self.trees[pull.base_sha], self.trees[pull.head_sha]
        out = []
        budget = self.files_patch_line_budget
        for path in sorted(set(base) | set(head)):
            old, new = base.get(path), head.get(path)
            if old == new:
                continue
            entry = template("file", self.full_name)
            status = "added" if old is None else "removed" if new is None else "modified"
            patch = render_patch(old, new)
            adds = sum(1 for ln in patch.split("\n") if ln.startswith("+"))
            dels = sum(1 for ln in patch.split("\n") if ln.startswith("-"))
            entry.update(
                sha=_sha(new or ""), filename=path, status=status, additions=adds,
                deletions=dels, changes=adds + dels,
                blob_url=self._html(f"/blob/{pull.head_sha}/{quote(path, safe='')}"),
                raw_url=self._html(f"/raw/{pull.head_sha}/{quote(path, safe='')}"),
                contents_url=self._api(f"/contents/{quote(path, safe='')}?ref={pull.head_sha}"),
            )
            entry.pop("patch", None)
            lines = patch.count("\n") + 1
            # GitHub leaves out the patch for binary files and once a response passes its budget.
            if path not in self.binary_files and budget - lines >= 0:
                entry["patch"] = patch
                budget -= lines
            out.append(entry)
        return out

    def _file_hunks(self, pull: Pull, path: str) -> list[Hunk] | None:
        for entry in self._pull_files(pull):
            if entry["filename"] == path:
                return parse_hunks(entry["patch"]) if "patch" in entry else []
        return None

    def _reanchor(self, comment: dict[str, Any], old_head: str, new_head: str) -> None:
        path = comment["path"]
        old_text = self.trees[old_head].get(path, "").splitlines()
        new_text = self.trees[new_head].get(path, "").splitlines()
        mapping: dict[int, int] = {}
        matcher = difflib.SequenceMatcher(a=old_text, b=new_text, autojunk=False)
        for tag, i1, i2, j1, _j2 in matcher.get_opcodes():
            if tag == "equal":
                for k in range(i2 - i1):
                    mapping[i1 + k + 1] = j1 + k + 1
        pull = self.pulls[comment["_pr"]]
        hunks = self._file_hunks(pull, path) or []
        line = mapping.get(comment["line"])
        hunk = next((h for h in hunks if line in h.right), None)
        if line is None or hunk is None:
            comment.update(line=None, position=None, start_line=None)  # outdated
            return
        start = comment.get("start_line")
        comment.update(line=line, position=hunk.positions[line], commit_id=new_head,
                       start_line=mapping.get(start) if start else None,
                       diff_hunk=hunk.text_upto[line])

    def _issue_body(self, number: int, title: str, body: str, user: str,
                    labels: list[str], *, pull: bool = False) -> dict[str, Any]:
        issue = template("issue", self.full_name)
        now = self._now()
        kind = "pull" if pull else "issues"
        issue.update(
            id=self._take_id(), number=number, title=title, body=body, user=self._user(user),
            labels=[self._ensure_label(n) for n in labels], state="open", state_reason=None,
            comments=0, created_at=now, updated_at=now, closed_at=None, closed_by=None,
            assignee=None, assignees=[], milestone=None, locked=False,
            url=self._api(f"/issues/{number}"), html_url=self._html(f"/{kind}/{number}"),
            comments_url=self._api(f"/issues/{number}/comments"),
            events_url=self._api(f"/issues/{number}/events"),
            labels_url=self._api(f"/issues/{number}/labels{{/name}}"),
            timeline_url=self._api(f"/issues/{number}/timeline"),
            repository_url=self._api(),
        )
        if pull:
            issue["pull_request"] = {
                "url": self._api(f"/pulls/{number}"), "html_url": self._html(f"/pull/{number}"),
                "diff_url": self._html(f"/pull/{number}.diff"),
                "patch_url": self._html(f"/pull/{number}.patch"), "merged_at": None,
            }
        return issue

    def _ensure_label(self, name: str, color: str = "ededed",
                      description: str | None = None) -> dict[str, Any]:
        key = name.lower()
        if key not in self.labels:
            label = template("label", self.full_name)
            label.update(id=self._take_id(), node_id=f"LA_{self._next_id}", name=name,
                         color=color, description=description, default=False,
                         url=self._api(f"/labels/{quote(name, safe='')}"))
            self.labels[key] = label
        return self.labels[key]

    # ------------------------------------------------------------------ JSON shapes
    def _repo_json(self) -> dict[str, Any]:
        repo = template("repo", self.full_name)
        owner, name = self.full_name.split("/")
        repo.update(name=name, full_name=self.full_name, default_branch=self.default_branch,
                    url=self._api(), html_url=self._html(), fork=False, private=False)
        repo["owner"] = self._user(owner)
        return repo

    def _pull_json(self, pull: Pull) -> dict[str, Any]:
        body = template("pull", self.full_name)
        n = pull.number
        body.update(
            number=n, id=self._stable_id("pull", n), title=pull.title, state=pull.state,
            user=self._user(pull.user), body=self.issues.get(n, {}).get("body") or "",
            url=self._api(f"/pulls/{n}"), html_url=self._html(f"/pull/{n}"),
            issue_url=self._api(f"/issues/{n}"), comments_url=self._api(f"/issues/{n}/comments"),
            review_comments_url=self._api(f"/pulls/{n}/comments"),
            review_comment_url=self._api("/pulls/comments{/number}"),
            commits_url=self._api(f"/pulls/{n}/commits"),
            statuses_url=self._api(f"/statuses/{pull.head_sha}"),
            commits=len(pull.commits), changed_files=len(self._pull_files(pull)),
            merged=False, merged_at=None, closed_at=None, draft=False,
        )
        for side, ref, sha, repo_name in (("head", pull.head_ref, pull.head_sha, pull.head_repo),
                                          ("base", pull.base_ref, pull.base_sha, self.full_name)):
            part = body[side]
            part.update(ref=ref, sha=sha)
            if repo_name is None:
                part["repo"] = None  # a deleted fork, as in the recorded PR 31
                part["label"] = f"unknown:{ref}"
            else:
                part["label"] = f"{repo_name.split('/')[0]}:{ref}"
                part["repo"] = json.loads(json.dumps(self._repo_json()).replace(
                    self.full_name, repo_name))
                part["repo"]["fork"] = repo_name != self.full_name
        return body

    def _stable_id(self, kind: str, n: int) -> int:
        return int(_sha(kind, str(n))[:8], 16)

    def _contents_json(self, path: str, text: str, ref: str) -> dict[str, Any]:
        body = template("contents", self.full_name)
        raw = file_bytes(text)
        encoded = base64.encodebytes(raw).decode("ascii")  # GitHub wraps at 60-76 columns too
        blob = _sha("blob", text)
        if len(raw) > self.contents_size_limit:
            encoding, encoded = "none", ""
        else:
            encoding = "base64"
        body.update(
            type="file", path=path, name=path.rsplit("/", 1)[-1], sha=blob, size=len(raw),
            encoding=encoding, content=encoded,
            url=self._api(f"/contents/{quote(path)}?ref={ref}"),
            html_url=self._html(f"/blob/{ref}/{quote(path)}"),
            git_url=self._api(f"/git/blobs/{blob}"),
        )
        body["_links"] = {"self": body["url"], "git": body["git_url"], "html": body["html_url"]}
        return body

    # ------------------------------------------------------------------ request handling
    def handle(self, method: str, path: str, query: dict[str, list[str]], body: Any,
               token: str | None) -> tuple[int, Any, dict[str, str]]:
        with self._lock:
            record = Recorded(method, path, query, body, token)
            self.requests.append(record)
            fault = next((f for f in self.faults
                          if f.times > 0 and f.method == method and f.path.search(path)), None)
            if fault is not None:
                fault.times -= 1
            status, payload, headers = self._dispatch_guarded(method, path, query, body, token,
                                                              fault)
            record.status = status
            return status, payload, headers

    def _dispatch_guarded(self, method: str, path: str, query: dict[str, list[str]], body: Any,
                          token: str | None, fault: Fault | None
                          ) -> tuple[int, Any, dict[str, str]]:
        if fault is not None and not fault.after:
            return fault.status, HttpError(fault.status, fault.message).body, fault.headers
        try:
            if token not in self.tokens:
                raise HttpError(401, "Bad credentials")
            login, can_write = self.tokens[token]
            if method != "GET" and not can_write:
                raise HttpError(403, "Resource not accessible by integration")
            status, payload, headers = self._route(method, path, query, body, login)
        except HttpError as exc:
            return exc.status, exc.body, exc.headers
        if fault is not None:
            return fault.status, HttpError(fault.status, fault.message).body, fault.headers
        return status, payload, headers

    def _route(self, method: str, path: str, query: dict[str, list[str]], body: Any,
               login: str) -> tuple[int, Any, dict[str, str]]:
        prefix = f"/repos/{self.full_name}"
        if path == "/user" and method == "GET":
            if login.endswith("[bot]"):  # installation tokens (Actions' GITHUB_TOKEN) cannot
                raise HttpError(403, "Resource not accessible by integration")
            return 200, self._user(login), {}
        if not path.startswith(prefix):
            raise HttpError(404, "Not Found")
        rest = path[len(prefix):]
        for pattern, verb, handler in self._routes():
            m = re.fullmatch(pattern, rest)
            if m and verb == method:
                return handler(m, query, body, login)
        raise HttpError(404, "Not Found")

    def _routes(self) -> list[tuple[str, str, Callable[..., tuple[int, Any, dict[str, str]]]]]:
        return [
            ("", "GET", lambda m, q, b, u: (200, self._repo_json(), {})),
            (r"/pulls/(\d+)", "GET", self._get_pull),
            (r"/pulls/(\d+)/files", "GET", self._list_pull_files),
            (r"/pulls/(\d+)/commits", "GET", self._list_pull_commits),
            (r"/commits/([0-9a-f]{40})", "GET", self._get_commit),
            (r"/contents/(.+)", "GET", self._get_contents),
            (r"/contents/?()", "GET", self._get_contents),  # the root directory
            (r"/git/blobs/([0-9a-f]{40})", "GET", self._get_blob),
            (r"/pulls/(\d+)/reviews", "GET", self._list_reviews),
            (r"/pulls/(\d+)/reviews", "POST", self._create_review),
            (r"/pulls/(\d+)/reviews/(\d+)", "GET", self._get_review),
            (r"/pulls/(\d+)/comments", "GET", self._list_review_comments),
            (r"/pulls/(\d+)/comments", "POST", self._create_review_comment),
            (r"/pulls/comments/(\d+)", "GET", self._get_review_comment),
            (r"/pulls/comments/(\d+)", "PATCH", self._edit_review_comment),
            (r"/pulls/comments/(\d+)", "DELETE", self._delete_review_comment),
            (r"/issues/(\d+)/comments", "GET", self._list_issue_comments),
            (r"/issues/(\d+)/comments", "POST", self._create_issue_comment),
            (r"/issues/comments/(\d+)", "GET", self._get_issue_comment),
            (r"/issues/comments/(\d+)", "PATCH", self._edit_issue_comment),
            (r"/issues/comments/(\d+)", "DELETE", self._delete_issue_comment),
            (r"/issues", "GET", self._list_issues),
            (r"/issues", "POST", self._create_issue),
            (r"/issues/(\d+)", "GET", self._get_issue),
            (r"/issues/(\d+)", "PATCH", self._edit_issue),
            (r"/labels", "GET", self._list_labels),
            (r"/labels", "POST", self._create_label),
            (r"/labels/([^/]+)", "GET", self._get_label),
            *self._command_routes(),
        ]

    # pagination ------------------------------------------------------------------
    def _page(self, items: list[Any], query: dict[str, list[str]], path: str
              ) -> tuple[int, Any, dict[str, str]]:
        per_page = min(int(query.get("per_page", [self.per_page_default])[0]), 100)
        page = max(int(query.get("page", ["1"])[0]), 1)
        last = max((len(items) + per_page - 1) // per_page, 1)
        chunk = items[(page - 1) * per_page : page * per_page]
        links = []

        def link(p: int, rel: str) -> str:
            params = {k: v[0] for k, v in query.items() if k != "page"}
            params["page"] = str(p)
            qs = "&".join(f"{k}={quote(str(v), safe='')}" for k, v in params.items())
            return f'<{API}/repos/{self.full_name}{path}?{qs}>; rel="{rel}"'

        if page > 1:
            links += [link(page - 1, "prev"), link(1, "first")]
        if page < last:
            links += [link(page + 1, "next"), link(last, "last")]
        return 200, chunk, ({"Link": ", ".join(links)} if links else {})

    def _pull(self, m: re.Match[str]) -> Pull:
        pull = self.pulls.get(int(m.group(1)))
        if pull is None:
            raise HttpError(404, "Not Found")
        return pull

    # pulls -----------------------------------------------------------------------
    def _get_pull(self, m: re.Match[str], q: Any, b: Any, u: str) -> tuple[int, Any, dict]:
        return 200, self._pull_json(self._pull(m)), {}

    def _list_pull_files(self, m: re.Match[str], q: Any, b: Any, u: str):
        pull = self._pull(m)
        return self._page(self._pull_files(pull), q, f"/pulls/{pull.number}/files")

    def _list_pull_commits(self, m: re.Match[str], q: Any, b: Any, u: str):
        pull = self._pull(m)
        return self._page([self._commit_json(s) for s in pull.commits], q,
                          f"/pulls/{pull.number}/commits")

    def _commit_json(self, sha: str) -> dict[str, Any]:
        commit = template("commit", self.full_name)
        commit.update(sha=sha, url=self._api(f"/commits/{sha}"), files=[],
                      html_url=self._html(f"/commit/{sha}"))
        return commit

    def _get_commit(self, m: re.Match[str], q: Any, b: Any, u: str):
        if m.group(1) not in self.trees:
            raise HttpError(422, f"No commit found for SHA: {m.group(1)}")
        return 200, self._commit_json(m.group(1)), {}

    def _get_contents(self, m: re.Match[str], q: dict[str, list[str]], b: Any, u: str):
        path = unquote(m.group(1))
        ref = q.get("ref", [self.default_branch])[0]
        sha = self.branches.get(ref, ref)
        if sha not in self.trees:
            raise HttpError(404, f"No commit found for the ref {ref}")
        text = self.trees[sha].get(path)
        if text is None:
            listing = self._directory_json(sha, path.strip("/"), ref)
            if listing is None:
                raise HttpError(404, "Not Found")
            return 200, listing, {}
        return 200, self._contents_json(path, text, ref), {}

    def _directory_json(self, sha: str, path: str, ref: str) -> list[dict[str, Any]] | None:
        """A directory's entries as the contents API lists them (no content), or None."""
        prefix = f"{path}/" if path else ""
        names: dict[str, str | None] = {}  # name -> file text, None for a subdirectory
        for file_path, text in self.trees[sha].items():
            if file_path.startswith(prefix):
                name, _, rest = file_path[len(prefix):].partition("/")
                names[name] = None if rest else text
        if not names:
            return None
        out = []
        for name, text in sorted(names.items()):
            if text is None:
                sub = prefix + name
                out.append({"type": "dir", "name": name, "path": sub, "sha": _sha("tree", sub),
                            "size": 0, "url": self._api(f"/contents/{quote(sub)}?ref={ref}"),
                            "html_url": self._html(f"/tree/{ref}/{quote(sub)}"),
                            "git_url": self._api(f"/git/trees/{_sha('tree', sub)}"),
                            "download_url": None})
                continue
            entry = self._contents_json(prefix + name, text, ref)
            for key in ("content", "encoding"):
                entry.pop(key, None)
            out.append(entry)
        return out

    def _get_blob(self, m: re.Match[str], q: Any, b: Any, u: str):
        sha = m.group(1)
        for tree in self.trees.values():
            for text in tree.values():
                if _sha("blob", text) == sha:
                    raw = file_bytes(text)
                    return 200, {
                        "sha": sha, "node_id": f"B_{sha[:12]}", "size": len(raw),
                        "url": self._api(f"/git/blobs/{sha}"), "encoding": "base64",
                        "content": base64.encodebytes(raw).decode("ascii"),
                    }, {}
        raise HttpError(404, "Not Found")

    # reviews -----------------------------------------------------------------------
    def _list_reviews(self, m: re.Match[str], q: Any, b: Any, u: str):
        pull = self._pull(m)
        return self._page(self.reviews[pull.number], q, f"/pulls/{pull.number}/reviews")

    def _get_review(self, m: re.Match[str], q: Any, b: Any, u: str):
        pull = self._pull(m)
        for review in self.reviews[pull.number]:
            if review["id"] == int(m.group(2)):
                return 200, review, {}
        raise HttpError(404, "Not Found")

    def _validate_anchor(self, pull: Pull, c: dict[str, Any]) -> Hunk:
        """GitHub's anchor rules; the messages are the publicly reported ones."""
        unprocessable = "Unprocessable Entity"
        hunks = self._file_hunks(pull, c.get("path", ""))
        line, start = c.get("line"), c.get("start_line")
        side = c.get("side", "RIGHT")
        if "position" in c and line is None:
            raise HttpError(422, unprocessable, ["position is not supported by this stand-in"])
        if hunks is None or not isinstance(line, int):
            raise HttpError(422, unprocessable, [
                "Pull request review thread path is invalid"
                if hunks is None else "Pull request review thread line must be part of the diff"])
        attr = "right" if side == "RIGHT" else "left"
        hunk = next((h for h in hunks if line in getattr(h, attr)), None)
        if hunk is None:
            raise HttpError(422, unprocessable, [
                "Pull request review thread line must be part of the diff and Pull request "
                "review thread diff hunk can't be blank"])
        if start is not None:
            if start >= line:
                raise HttpError(422, unprocessable, [
                    "Pull request review thread start line must precede the end line"])
            start_side = c.get("start_side", side)
            if start not in getattr(hunk, "right" if start_side == "RIGHT" else "left"):
                raise HttpError(422, unprocessable, [
                    "Pull request review thread start line must be part of the same hunk as "
                    "the line."])
        if len(c.get("body", "")) > MAX_BODY:
            raise HttpError(422, "Validation Failed", [
                {"resource": "PullRequestReviewComment", "code": "custom", "field": "body",
                 "message": "body is too long (maximum is 65536 characters)"}])
        return hunk

    def _new_review_comment(self, pull: Pull, c: dict[str, Any], hunk: Hunk, commit_id: str,
                            review_id: int, login: str) -> dict[str, Any]:
        comment = template("review_comment", self.full_name)
        cid = self._take_id()
        now = self._now()
        line = c["line"]
        n = pull.number
        comment.update(
            id=cid, node_id=f"PRRC_{cid}", pull_request_review_id=review_id, path=c["path"],
            body=c.get("body", ""), commit_id=commit_id, original_commit_id=commit_id,
            line=line, original_line=line, side=c.get("side", "RIGHT"),
            start_line=c.get("start_line"), original_start_line=c.get("start_line"),
            start_side=c.get("start_side", c.get("side", "RIGHT")) if c.get("start_line")
            else None,
            position=hunk.positions.get(line), original_position=hunk.positions.get(line),
            diff_hunk=hunk.text_upto.get(line, ""), subject_type="line",
            created_at=now, updated_at=now, user=self._user(login), author_association="NONE",
            url=self._api(f"/pulls/comments/{cid}"),
            html_url=self._html(f"/pull/{n}#discussion_r{cid}"),
            pull_request_url=self._api(f"/pulls/{n}"),
        )
        comment["_links"] = {"self": {"href": comment["url"]},
                             "html": {"href": comment["html_url"]},
                             "pull_request": {"href": comment["pull_request_url"]}}
        comment["reactions"]["url"] = comment["url"] + "/reactions"
        comment["_pr"] = n
        return comment

    def _create_review(self, m: re.Match[str], q: Any, body: Any, login: str):
        pull = self._pull(m)
        body = body or {}
        commit_id = body.get("commit_id", pull.head_sha)
        if commit_id not in pull.commits:
            raise HttpError(422, "Unprocessable Entity",
                            ["commit_id is not part of the pull request"])
        if len(body.get("body") or "") > MAX_BODY:
            raise HttpError(422, "Validation Failed",
                            ["body is too long (maximum is 65536 characters)"])
        event = body.get("event")
        if event is not None and event not in ("COMMENT", "APPROVE", "REQUEST_CHANGES"):
            raise HttpError(422, "Unprocessable Entity", [f"Unknown event {event}"])
        if event == "COMMENT" and not body.get("body") and not body.get("comments"):
            raise HttpError(422, "Unprocessable Entity",
                            ["Review Comment is missing a body or comments"])
        # All or nothing: validate every anchor before creating anything.
        comments = body.get("comments") or []
        hunks = [self._validate_anchor(pull, c) for c in comments]
        review = template("review", self.full_name)
        rid = self._take_id()
        state = {"COMMENT": "COMMENTED", "APPROVE": "APPROVED",
                 "REQUEST_CHANGES": "CHANGES_REQUESTED", None: "PENDING"}[event]
        review.update(
            id=rid, node_id=f"PRR_{rid}", body=body.get("body") or "", state=state,
            commit_id=commit_id, user=self._user(login),
            submitted_at=self._now() if event else None,
            html_url=self._html(f"/pull/{pull.number}#pullrequestreview-{rid}"),
            pull_request_url=self._api(f"/pulls/{pull.number}"),
        )
        review["_links"] = {"html": {"href": review["html_url"]},
                            "pull_request": {"href": review["pull_request_url"]}}
        self.reviews[pull.number].append(review)
        for c, hunk in zip(comments, hunks, strict=True):
            created = self._new_review_comment(pull, c, hunk, commit_id, rid, login)
            self.review_comments[created["id"]] = created
        return 200, review, {}

    def _visible_review_comments(self, number: int) -> list[dict[str, Any]]:
        out = []
        pending = {r["id"] for r in self.reviews.get(number, []) if r["state"] == "PENDING"}
        for c in sorted(self.review_comments.values(), key=lambda c: c["id"]):
            if c["_pr"] == number and c["pull_request_review_id"] not in pending:
                out.append({k: v for k, v in c.items() if not k.startswith("_")})
        return out

    def _list_review_comments(self, m: re.Match[str], q: Any, b: Any, u: str):
        pull = self._pull(m)
        return self._page(self._visible_review_comments(pull.number), q,
                          f"/pulls/{pull.number}/comments")

    def _create_review_comment(self, m: re.Match[str], q: Any, body: Any, login: str):
        pull = self._pull(m)
        body = body or {}
        if "in_reply_to" in body:
            parent = self.review_comments.get(int(body["in_reply_to"]))
            if parent is None:
                raise HttpError(404, "Not Found")
            reply = self.add_human_reply(parent["id"], body.get("body", ""), login)
            return 201, {k: v for k, v in reply.items() if not k.startswith("_")}, {}
        hunk = self._validate_anchor(pull, body)
        commit_id = body.get("commit_id", pull.head_sha)
        created = self._new_review_comment(pull, body, hunk, commit_id, self._take_id(), login)
        self.review_comments[created["id"]] = created
        return 201, {k: v for k, v in created.items() if not k.startswith("_")}, {}

    def _review_comment(self, m: re.Match[str]) -> dict[str, Any]:
        comment = self.review_comments.get(int(m.group(1)))
        if comment is None:
            raise HttpError(404, "Not Found")
        return comment

    def _get_review_comment(self, m: re.Match[str], q: Any, b: Any, u: str):
        c = self._review_comment(m)
        return 200, {k: v for k, v in c.items() if not k.startswith("_")}, {}

    def _edit_review_comment(self, m: re.Match[str], q: Any, body: Any, u: str):
        c = self._review_comment(m)
        text = (body or {}).get("body", "")
        if len(text) > MAX_BODY:
            raise HttpError(422, "Validation Failed", ["body is too long"])
        c.update(body=text, updated_at=self._now())
        return 200, {k: v for k, v in c.items() if not k.startswith("_")}, {}

    def _delete_review_comment(self, m: re.Match[str], q: Any, b: Any, u: str):
        c = self._review_comment(m)
        del self.review_comments[c["id"]]
        return 204, None, {}

    # issue comments ----------------------------------------------------------------
    def _issue(self, number: int) -> dict[str, Any]:
        issue = self.issues.get(number)
        if issue is None:
            raise HttpError(404, "Not Found")
        return issue

    def _list_issue_comments(self, m: re.Match[str], q: Any, b: Any, u: str):
        number = int(m.group(1))
        self._issue(number)
        items = [{k: v for k, v in c.items() if not k.startswith("_")}
                 for c in sorted(self.issue_comments.values(), key=lambda c: c["id"])
                 if c["_issue"] == number]
        return self._page(items, q, f"/issues/{number}/comments")

    def _create_issue_comment(self, m: re.Match[str], q: Any, body: Any, login: str):
        number = int(m.group(1))
        issue = self._issue(number)
        text = (body or {}).get("body")
        if not text:
            raise HttpError(422, "Validation Failed", [{"resource": "IssueComment",
                                                        "code": "missing_field", "field": "body"}])
        if len(text) > MAX_BODY:
            raise HttpError(422, "Validation Failed", [
                {"resource": "IssueComment", "code": "custom", "field": "body",
                 "message": "body is too long (maximum is 65536 characters)"}])
        comment = template("issue_comment", self.full_name)
        cid = self._take_id()
        now = self._now()
        kind = "pull" if "pull_request" in issue else "issues"
        comment.update(
            id=cid, node_id=f"IC_{cid}", body=text, user=self._user(login), created_at=now,
            updated_at=now, author_association="NONE",
            url=self._api(f"/issues/comments/{cid}"),
            html_url=self._html(f"/{kind}/{number}#issuecomment-{cid}"),
            issue_url=self._api(f"/issues/{number}"),
        )
        comment["reactions"] = {**comment["reactions"], "url": comment["url"] + "/reactions",
                                "total_count": 0, "+1": 0, "hooray": 0}
        comment["_issue"] = number
        self.issue_comments[cid] = comment
        issue["comments"] += 1
        return 201, {k: v for k, v in comment.items() if not k.startswith("_")}, {}

    def _issue_comment(self, m: re.Match[str]) -> dict[str, Any]:
        comment = self.issue_comments.get(int(m.group(1)))
        if comment is None:
            raise HttpError(404, "Not Found")
        return comment

    def _get_issue_comment(self, m: re.Match[str], q: Any, b: Any, u: str):
        c = self._issue_comment(m)
        return 200, {k: v for k, v in c.items() if not k.startswith("_")}, {}

    def _edit_issue_comment(self, m: re.Match[str], q: Any, body: Any, u: str):
        c = self._issue_comment(m)
        text = (body or {}).get("body", "")
        if len(text) > MAX_BODY:
            raise HttpError(422, "Validation Failed", [
                {"resource": "IssueComment", "code": "custom", "field": "body",
                 "message": "body is too long (maximum is 65536 characters)"}])
        c.update(body=text, updated_at=self._now())
        return 200, {k: v for k, v in c.items() if not k.startswith("_")}, {}

    def _delete_issue_comment(self, m: re.Match[str], q: Any, b: Any, u: str):
        c = self._issue_comment(m)
        del self.issue_comments[c["id"]]
        self.issues[c["_issue"]]["comments"] -= 1
        return 204, None, {}

    # issues and labels -----------------------------------------------------------------
    def _list_issues(self, m: re.Match[str], q: dict[str, list[str]], b: Any, u: str):
        state = q.get("state", ["open"])[0]
        wanted = [s.strip().lower() for s in q.get("labels", [""])[0].split(",") if s.strip()]
        creator = q.get("creator", [None])[0]
        since = q.get("since", [None])[0]
        items = []
        for issue in self.issues.values():
            if state != "all" and issue["state"] != state:
                continue
            names = {label["name"].lower() for label in issue["labels"]}
            if any(w not in names for w in wanted):
                continue
            if creator and issue["user"]["login"] != creator:
                continue
            if since and issue["updated_at"] < since:
                continue
            items.append(issue)
        sort = q.get("sort", ["created"])[0]
        key = {"created": "created_at", "updated": "updated_at", "comments": "comments"}[sort]
        reverse = q.get("direction", ["desc"])[0] == "desc"
        items.sort(key=lambda i: (i[key], i["number"]), reverse=reverse)
        return self._page(items, q, "/issues")

    def _create_issue(self, m: re.Match[str], q: Any, body: Any, login: str):
        body = body or {}
        if not body.get("title"):
            raise HttpError(422, "Validation Failed", [{"resource": "Issue",
                                                        "code": "missing_field", "field": "title"}])
        if len(body.get("body") or "") > MAX_BODY:
            raise HttpError(422, "Validation Failed", [
                {"resource": "Issue", "code": "custom", "field": "body",
                 "message": "body is too long (maximum is 65536 characters)"}])
        number = self._take_number()
        labels = [lb if isinstance(lb, str) else lb["name"] for lb in body.get("labels") or []]
        issue = self._issue_body(number, body["title"], body.get("body") or "", login, labels)
        self.issues[number] = issue
        return 201, issue, {}

    def _get_issue(self, m: re.Match[str], q: Any, b: Any, u: str):
        return 200, self._issue(int(m.group(1))), {}

    def _edit_issue(self, m: re.Match[str], q: Any, body: Any, login: str):
        issue = self._issue(int(m.group(1)))
        body = body or {}
        if len(body.get("body") or "") > MAX_BODY:
            raise HttpError(422, "Validation Failed", [
                {"resource": "Issue", "code": "custom", "field": "body",
                 "message": "body is too long (maximum is 65536 characters)"}])
        for key in ("title", "body"):
            if key in body:
                issue[key] = body[key]
        if "labels" in body:
            issue["labels"] = [self._ensure_label(lb if isinstance(lb, str) else lb["name"])
                               for lb in body["labels"]]
        if "state" in body:
            issue["state"] = body["state"]
            closed = body["state"] == "closed"
            issue["closed_at"] = self._now() if closed else None
            issue["state_reason"] = body.get("state_reason", "completed" if closed else "reopened")
            issue["closed_by"] = self._user(login) if closed else None
        issue["updated_at"] = self._now()
        return 200, issue, {}

    def _list_labels(self, m: re.Match[str], q: Any, b: Any, u: str):
        return self._page(sorted(self.labels.values(), key=lambda lb: lb["name"].lower()), q,
                          "/labels")

    def _create_label(self, m: re.Match[str], q: Any, body: Any, u: str):
        body = body or {}
        name = body.get("name")
        if not name:
            raise HttpError(422, "Validation Failed", [{"resource": "Label",
                                                        "code": "missing_field", "field": "name"}])
        if name.lower() in self.labels:
            raise HttpError(422, "Validation Failed", [{"resource": "Label",
                                                        "code": "already_exists", "field": "name"}])
        return 201, self._ensure_label(name, body.get("color", "ededed"),
                                       body.get("description")), {}

    def _get_label(self, m: re.Match[str], q: Any, b: Any, u: str):
        label = self.labels.get(unquote(m.group(1)).lower())
        if label is None:
            raise HttpError(404, "Not Found")
        return 200, label, {}

    # ------------------------------------------------------------------ maintainer commands
    # Collaborator permission, branches (git refs), contents writes and pulls created through
    # the API, for `/paperlist add` and `/paperlist update-venues`.
    def set_permission(self, login: str, permission: str) -> None:
        """``admin``, ``maintain``, ``write``, ``triage``, ``read`` or ``none``."""
        self.permissions[login] = permission

    def add_issue(self, title: str, body: str = "", *, user: str = "maintainer",
                  labels: list[str] | None = None) -> int:
        with self._lock:
            number = self._take_number()
            self.issues[number] = self._issue_body(number, title, body, user, labels or [])
            return number

    def open_pulls(self) -> list[Pull]:
        return [p for p in self.pulls.values() if p.state == "open"]

    def _command_routes(self) -> list[tuple[str, str, Callable[..., tuple[int, Any, dict]]]]:
        return [
            (r"/collaborators/([^/]+)/permission", "GET", self._get_permission),
            (r"/git/ref/(heads/.+)", "GET", self._get_ref),
            (r"/git/refs", "POST", self._create_ref),
            (r"/git/refs/(heads/.+)", "PATCH", self._update_ref),
            (r"/contents/(.+)", "PUT", self._put_contents),
            (r"/pulls", "GET", self._list_pulls),
            (r"/pulls", "POST", self._create_pull),
            (r"/pulls/(\d+)", "PATCH", self._edit_pull),
        ]

    def _get_permission(self, m: re.Match[str], q: Any, b: Any, u: str):
        login = unquote(m.group(1))
        permission = self.permissions.get(login)
        if permission is None:
            raise HttpError(404, f"{login} is not a user")
        # GitHub's legacy `permission` folds maintain into write and triage into read;
        # `role_name` keeps the role.
        legacy = {"maintain": "write", "triage": "read"}.get(permission, permission)
        return 200, {"permission": legacy, "role_name": permission,
                     "user": self._user(login)}, {}

    def _ref_json(self, ref: str) -> dict[str, Any]:
        sha = self.branches[ref.removeprefix("heads/")]
        return {"ref": f"refs/{ref}", "node_id": f"REF_{_sha(ref)[:12]}",
                "url": self._api(f"/git/refs/{ref}"),
                "object": {"sha": sha, "type": "commit", "url": self._api(f"/git/commits/{sha}")}}

    def _get_ref(self, m: re.Match[str], q: Any, b: Any, u: str):
        ref = m.group(1)
        if ref.removeprefix("heads/") not in self.branches:
            raise HttpError(404, "Not Found")
        return 200, self._ref_json(ref), {}

    def _move_branch(self, branch: str, sha: str) -> None:
        self.branches[branch] = sha
        for pull in self.pulls.values():
            if (pull.state == "open" and pull.head_ref == branch
                    and pull.head_repo == self.full_name and pull.head_sha != sha):
                pull.head_sha = sha
                pull.commits.append(sha)

    def _create_ref(self, m: re.Match[str], q: Any, body: Any, u: str):
        body = body or {}
        ref, sha = str(body.get("ref", "")), str(body.get("sha", ""))
        if not ref.startswith("refs/heads/") or ref.count("/") < 2:
            raise HttpError(422, "Reference name must start with 'refs/' and have two slashes")
        if sha not in self.trees:
            raise HttpError(422, "Object does not exist")
        branch = ref.removeprefix("refs/heads/")
        if branch in self.branches:
            raise HttpError(422, "Reference already exists")
        self._move_branch(branch, sha)
        return 201, self._ref_json(f"heads/{branch}"), {}

    def _update_ref(self, m: re.Match[str], q: Any, body: Any, u: str):
        branch = m.group(1).removeprefix("heads/")
        body = body or {}
        sha = str(body.get("sha", ""))
        if branch not in self.branches:
            raise HttpError(422, "Reference does not exist")
        if sha not in self.trees:
            raise HttpError(422, "Object does not exist")
        if not body.get("force") and not self._descends(sha, self.branches[branch]):
            raise HttpError(422, "Update is not a fast forward")
        self._move_branch(branch, sha)
        return 200, self._ref_json(f"heads/{branch}"), {}

    def _descends(self, sha: str, ancestor: str) -> bool:
        while sha:
            if sha == ancestor:
                return True
            sha = self.parents.get(sha, "")
        return False

    def _put_contents(self, m: re.Match[str], q: Any, body: Any, login: str):
        path = unquote(m.group(1))
        body = body or {}
        branch = body.get("branch") or self.default_branch
        if branch not in self.branches:
            raise HttpError(404, f"Branch {branch} not found")
        if not body.get("message"):
            raise HttpError(422, "Invalid request.", ['"message" wasn\'t supplied.'])
        try:
            text = base64.b64decode(body.get("content") or "", validate=True).decode("utf-8")
        except ValueError:
            raise HttpError(422, "content is not valid Base64") from None
        head = self.branches[branch]
        current = self.trees[head].get(path)
        if current is not None and body.get("sha") != _sha("blob", current):
            raise HttpError(409, f"{path} does not match {body.get('sha')}")
        if current is None and body.get("sha"):
            raise HttpError(404, "Not Found")
        sha = self._commit_on(head, {path: text}, branch)
        self.parents[sha] = head
        self._move_branch(branch, sha)
        commit = self._commit_json(sha)
        git_commit = dict(commit.get("commit") or {})
        git_commit.update(sha=sha, url=self._api(f"/git/commits/{sha}"),
                          message=body["message"], html_url=self._html(f"/commit/{sha}"),
                          parents=[{"sha": head, "url": self._api(f"/git/commits/{head}")}])
        return (201 if current is None else 200), {
            "content": self._contents_json(path, text, branch), "commit": git_commit}, {}

    def _list_pulls(self, m: re.Match[str], q: dict[str, list[str]], b: Any, u: str):
        state = q.get("state", ["open"])[0]
        head = q.get("head", [None])[0]
        items = []
        for pull in sorted(self.pulls.values(), key=lambda p: p.number, reverse=True):
            if state != "all" and pull.state != state:
                continue
            owner = (pull.head_repo or "").split("/")[0]
            if head and head != f"{owner}:{pull.head_ref}":
                continue
            items.append(self._pull_json(pull))
        return self._page(items, q, "/pulls")

    def _create_pull(self, m: re.Match[str], q: Any, body: Any, login: str):
        body = body or {}
        head, base = str(body.get("head", "")), str(body.get("base", self.default_branch))
        branch = head.split(":", 1)[-1]
        if not body.get("title") or branch not in self.branches or base not in self.branches:
            raise HttpError(422, "Validation Failed", [{"resource": "PullRequest",
                                                        "field": "head", "code": "invalid"}])
        if len(body.get("body") or "") > MAX_BODY:
            raise HttpError(422, "Validation Failed", ["body is too long"])
        if any(p.state == "open" and p.head_ref == branch for p in self.pulls.values()):
            raise HttpError(422, "Validation Failed", [{
                "resource": "PullRequest", "code": "custom",
                "message": f"A pull request already exists for {head}."}])
        if self.branches[branch] == self.branches[base]:
            raise HttpError(422, "Validation Failed", [{
                "resource": "PullRequest", "code": "custom",
                "message": f"No commits between {base} and {branch}"}])
        number = self._take_number()
        sha = self.branches[branch]
        pull = Pull(number, body["title"], login, branch, base, sha, self.branches[base],
                    self.full_name, commits=[sha])
        self.pulls[number] = pull
        self.reviews[number] = []
        self.issues[number] = self._issue_body(number, body["title"], body.get("body") or "",
                                               login, [], pull=True)
        return 201, self._pull_json(pull), {}

    def _edit_pull(self, m: re.Match[str], q: Any, body: Any, login: str):
        pull = self._pull(m)
        body = body or {}
        if len(body.get("body") or "") > MAX_BODY:
            raise HttpError(422, "Validation Failed", ["body is too long"])
        if "title" in body:
            pull.title = body["title"]
            self.issues[pull.number]["title"] = body["title"]
        if "body" in body:
            self.issues[pull.number]["body"] = body["body"]
        if "state" in body:
            pull.state = body["state"]
            self.issues[pull.number]["state"] = body["state"]
        return 200, self._pull_json(pull), {}


def _make_handler(fake: FakeGitHub) -> type[BaseHTTPRequestHandler]:
    static_headers = rate_limit_headers()

    class Handler(BaseHTTPRequestHandler):
        server_version = "github.com"

        def log_message(self, format: str, *args: Any) -> None:
            return

        def _serve(self) -> None:
            parts = urlsplit(self.path)
            query = parse_qs(parts.query, keep_blank_values=True)
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            try:
                body = json.loads(raw) if raw else None
            except ValueError:
                body = None
            auth = self.headers.get("Authorization") or ""
            token = auth.split(" ", 1)[1] if " " in auth else None
            status, payload, headers = fake.handle(self.command, parts.path, query, body, token)
            self.send_response(status)
            data = b""
            if payload is not None:
                text = json.dumps(payload).replace(API, fake.base_url)
                data = text.encode("utf-8")
                self.send_header("Content-Type", "application/json; charset=utf-8")
            for name, value in static_headers:
                self.send_header(name, value)
            for name, value in headers.items():
                self.send_header(name, value.replace(API, fake.base_url))
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if data:
                self.wfile.write(data)

        do_GET = do_POST = do_PATCH = do_DELETE = do_PUT = _serve

    return Handler


def iter_bodies(fake: FakeGitHub) -> Iterator[str]:
    """Every comment, review and issue body the stand-in holds (for 'no raw HTML' assertions)."""
    for c in fake.issue_comments.values():
        yield c["body"]
    for c in fake.review_comments.values():
        yield c["body"]
    for reviews in fake.reviews.values():
        for r in reviews:
            yield r["body"]
    for i in fake.issues.values():
        yield i["body"] or ""
