"""GitHub repository links checked through the REST API when a ``GITHUB_TOKEN`` is at hand. Pure.

github.com rate-limits anonymous page requests hard; the API allows 5000 an hour with a token
and names a renamed or transferred repository's new home (``full_name``), which is exactly
where github.com's own 301 would lead. The token is only ever sent to the API host. Whatever
the API cannot settle (its own errors, a spent rate limit) goes back to the ordinary page check.
"""

from __future__ import annotations

import json
import re

from .verdict import LinkResult, Verdict

_REPO = re.compile(
    r"^https?://(?:www\.)?github\.com/(?P<owner>[A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))/"
    r"(?P<repo>[A-Za-z0-9._-]+?)(?:\.git)?/?$",
    re.IGNORECASE,
)
# github.com paths that are not owner/repo pairs.
_RESERVED = frozenset(
    {
        "orgs",
        "settings",
        "marketplace",
        "topics",
        "collections",
        "features",
        "sponsors",
        "about",
        "pricing",
        "site",
        "search",
        "explore",
        "login",
        "join",
        "apps",
        "users",
        "notifications",
    }
)


def repo_of(url: str) -> tuple[str, str] | None:
    """``(owner, repo)`` for a link to a repository's front page, else ``None``."""
    m = _REPO.match(url.strip())
    if m is None or m.group("owner").lower() in _RESERVED:
        return None
    return m.group("owner"), m.group("repo")


def api_url(base: str, owner: str, repo: str) -> str:
    return f"{base.rstrip('/')}/repos/{owner}/{repo}"


def api_headers(token: str, user_agent: str) -> dict[str, str]:
    return {
        "Authorization": f"Bearer {token}",
        "Accept": "application/vnd.github+json",
        "X-GitHub-Api-Version": "2022-11-28",
        "User-Agent": user_agent,
    }


def result_from_api(
    url: str, owner: str, repo: str, status: int, body: bytes, now: float
) -> LinkResult | None:
    """The verdict from the API's answer, or ``None`` when only the page can tell."""
    if status in (404, 410, 451):
        detail = "repository not found" if status != 451 else "repository blocked (HTTP 451)"
        return LinkResult(
            url, Verdict.DEAD, 404 if status == 410 else status, None, detail, checked_at=now
        )
    if status != 200:
        return None
    try:
        data = json.loads(body)
        full_name = str(data["full_name"])
        html_url = str(data["html_url"])
    except (ValueError, KeyError, TypeError):
        return None
    if full_name.lower() == f"{owner}/{repo}".lower():
        return LinkResult(url, Verdict.OK, 200, None, "GitHub API", checked_at=now)
    return LinkResult(
        url, Verdict.REDIRECT, 200, html_url, f"repository moved to {full_name}", checked_at=now
    )
