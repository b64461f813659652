"""Response shapes recorded from api.github.com, loaded as data (never executed).

The files under ``replaydata/`` are unmodified copies of PyGithub's ``tests/ReplayData`` (LGPL-3.0,
commit 5cdf6ab, "Release 2.10.0"); see /work/shared/fixtures/github/README.md for the format.
Each template below is one real response body; the stand-in deep-copies it and overrides the fields
a scenario controls, so every key GitHub sends (and PyGithub parses) is present.
"""

from __future__ import annotations

import ast
import copy
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

REPLAY_DIR = Path(__file__).with_name("replaydata")
RECORDED_REPO = "PyGithub/PyGithub"


@dataclass(frozen=True)
class Record:
    method: str
    path: str
    status: int
    headers: tuple[tuple[str, str], ...]
    body: str


def load_records(name: str) -> list[Record]:
    lines = (REPLAY_DIR / name).read_text(encoding="utf-8").split("\n")
    records = []
    for i in range(0, len(lines) - 9, 11):
        chunk = lines[i : i + 10]
        headers = ast.literal_eval(chunk[8])
        records.append(
            Record(
                method=chunk[1],
                path=chunk[4],
                status=int(chunk[7]),
                headers=tuple((str(k), str(v)) for k, v in headers),
                body=chunk[9],
            )
        )
    return records


def _body(name: str, index: int) -> Any:
    return json.loads(load_records(name)[index].body)


@cache
def _templates() -> dict[str, Any]:
    completable = "CompletableGithubObjectWithPaginatedProperty.testPullCommitsGetFilesDefault.txt"
    commit = _body(completable, 1)
    return {
        "repo": _body(completable, 2),
        "pull": _body(completable, 3),
        "commit": commit,
        "file": commit["files"][0],
        "issue": _body("IssueComment.setUp.txt", 1),
        "issue_comment": _body("IssueComment.setUp.txt", 2),
        "review": _body("PullRequestReview.setUp.txt", 0),
        "review_comment": _body("PullRequest.testGetReviewComments.txt", 0)[0],
        "contents": _body("Repository.testGetContentsWithRef.txt", 1),
        "label": _body("Repository.testCreateLabel.txt", 0),
        "validation_error": _body("Exceptions.testInvalidInput.txt", 0),
        "user": _body("IssueComment.setUp.txt", 1)["user"],
    }


def template(kind: str, full_name: str) -> Any:
    """A fresh copy of the recorded ``kind`` body, moved from PyGithub/PyGithub to ``full_name``."""
    text = json.dumps(_templates()[kind]).replace(RECORDED_REPO, full_name)
    return copy.deepcopy(json.loads(text))


def rate_limit_headers() -> list[tuple[str, str]]:
    """The modern rate-limit headers of the 2026 recording, served with every response."""
    keep = {"x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset", "x-ratelimit-used",
            "x-ratelimit-resource", "x-github-api-version-selected", "x-github-media-type"}
    name = "CompletableGithubObjectWithPaginatedProperty.testPullCommitsGetFilesDefault.txt"
    return [(k, v) for k, v in load_records(name)[2].headers if k.lower() in keep]
