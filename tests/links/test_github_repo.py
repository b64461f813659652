"""GitHub repository links through the REST API with a token, against a loopback stand-in."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from lint_rules.links.github_repo import repo_of, result_from_api
from lint_rules.links.http import LinkChecker
from lint_rules.links.settings import Settings
from lint_rules.links.verdict import Policy, Verdict
from tests.links.servers import LOOPBACK_ALLOWED, Host, Reply

pytestmark = pytest.mark.timeout(30)


def repo(full_name: str) -> Reply:
    body = {"full_name": full_name, "html_url": f"https://github.com/{full_name}"}
    return Reply(200, {"Content-Type": "application/json"}, json.dumps(body).encode())


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://github.com/ShreyasFadnavis/patch2self", ("ShreyasFadnavis", "patch2self")),
        (
            "https://github.com/krishnabits001/domain_specific_cl/",
            ("krishnabits001", "domain_specific_cl"),
        ),
        ("http://www.github.com/a-b/c.d.git", ("a-b", "c.d")),
        ("https://github.com/owner/repo/tree/main/src", None),
        ("https://github.com/orgs/dipy", None),
        ("https://gitlab.com/owner/repo", None),
    ],
)
def test_repo_of(url: str, expected: tuple[str, str] | None) -> None:
    assert repo_of(url) == expected


def test_result_from_api() -> None:
    url = "https://github.com/old/repo"
    body = json.dumps({"full_name": "new/repo", "html_url": "https://github.com/new/repo"})
    moved = result_from_api(url, "old", "repo", 200, body.encode(), 0.0)
    assert (moved.verdict, moved.final_url) == (Verdict.REDIRECT, "https://github.com/new/repo")
    same = json.dumps({"full_name": "Old/Repo", "html_url": "https://github.com/Old/Repo"})
    assert result_from_api(url, "old", "repo", 200, same.encode(), 0.0).verdict is Verdict.OK
    assert result_from_api(url, "old", "repo", 404, b"", 0.0).verdict is Verdict.DEAD
    assert result_from_api(url, "old", "repo", 200, b"<html>", 0.0) is None
    assert result_from_api(url, "old", "repo", 401, b"", 0.0) is None


@pytest.fixture
def api() -> Iterator[Host]:
    h = Host()
    yield h
    h.close()


def test_api_checks_with_the_token_and_follows_renames(api: Host) -> None:
    api.routes["/repos/ShreyasFadnavis/patch2self"] = Reply(
        301, {"Location": api.url("/repositories/42")}
    )
    api.routes["/repositories/42"] = repo("dipy/patch2self")
    api.routes["/repos/krishnabits001/domain_specific_cl"] = repo(
        "krishnabits001/domain_specific_cl"
    )
    links = {
        "https://github.com/ShreyasFadnavis/patch2self": ("ShreyasFadnavis", "patch2self"),
        "https://github.com/krishnabits001/domain_specific_cl": (
            "krishnabits001",
            "domain_specific_cl",
        ),
    }
    settings = Settings(
        github_token="secret",
        github_api_url=api.url(""),
        cache_path=None,
        per_host_interval=0.0,
        policy=Policy(backoff=0.05),
        addresses=LOOPBACK_ALLOWED,
    )
    results = LinkChecker(settings).check(list(links), github=links)
    moved = results["https://github.com/ShreyasFadnavis/patch2self"]
    assert (moved.verdict, moved.final_url) == (
        Verdict.REDIRECT,
        "https://github.com/dipy/patch2self",
    )
    assert results["https://github.com/krishnabits001/domain_specific_cl"].verdict is Verdict.OK
    assert {s.headers.get("Authorization") for s in api.seen} == {"Bearer secret"}


def test_spent_rate_limit_falls_back_to_the_page_without_the_token(api: Host) -> None:
    api.routes["/repos/owner/repo"] = Reply(
        403, {"x-ratelimit-remaining": "0", "x-ratelimit-reset": "9999999999"}
    )
    page = Host({"/owner/repo": Reply(200)})
    try:
        url = page.url("/owner/repo")
        settings = Settings(
            github_token="secret",
            github_api_url=api.url(""),
            cache_path=None,
            per_host_interval=0.0,
            addresses=LOOPBACK_ALLOWED,
        )
        results = LinkChecker(settings).check([url], github={url: ("owner", "repo")})
        assert results[url].verdict is Verdict.OK
        assert len(api.seen) == 1 and "Authorization" not in page.seen[0].headers
    finally:
        page.close()


def test_without_a_token_the_api_is_not_used(api: Host) -> None:
    page = Host({"/owner/repo": Reply(200)})
    try:
        url = page.url("/owner/repo")
        settings = Settings(github_token=None, github_api_url=api.url(""), cache_path=None,
                            addresses=LOOPBACK_ALLOWED)
        results = LinkChecker(settings).check([url], github={url: ("owner", "repo")})
        assert results[url].verdict is Verdict.OK and api.seen == []
    finally:
        page.close()
