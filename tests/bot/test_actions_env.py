from __future__ import annotations

import argparse
import json

import pytest

from bot.actions_env import DEFAULT_API_URL, load_run_context
from bot.errors import RunContextError


def args(**kw):
    base = dict(repo=None, pr=None, dry_run=False, config=None, links=False, token=None,
                api_url=None, event_path=None)
    base.update(kw)
    return argparse.Namespace(**base)


def event_file(tmp_path, payload):
    path = tmp_path / "event.json"
    path.write_text(json.dumps(payload))
    return str(path)


def test_pull_request_event(tmp_path):
    env = {"GITHUB_REPOSITORY": "o/r", "GITHUB_TOKEN": "t", "GITHUB_EVENT_NAME": "pull_request",
           "GITHUB_EVENT_PATH": event_file(tmp_path, {"number": 7, "pull_request": {
               "number": 7, "head": {"sha": "a" * 40}}}), "GITHUB_ACTIONS": "true"}
    ctx = load_run_context(args(), env)
    assert (ctx.repo, ctx.pr, ctx.token, ctx.api_url) == ("o/r", 7, "t", DEFAULT_API_URL)
    assert ctx.in_actions and ctx.expected_head_sha is None


def test_flags_override_environment(tmp_path):
    env = {"GITHUB_REPOSITORY": "o/r", "GITHUB_TOKEN": "t", "GITHUB_API_URL": "http://x"}
    ctx = load_run_context(args(repo="a/b", pr=3, token="u", api_url="http://y", dry_run=True),
                           env)
    assert (ctx.repo, ctx.pr, ctx.token, ctx.api_url, ctx.dry_run) == ("a/b", 3, "u",
                                                                       "http://y", True)


def test_workflow_run_keeps_the_head_sha(tmp_path):
    path = event_file(tmp_path, {"workflow_run": {"head_sha": "b" * 40,
                                                  "pull_requests": [{"number": 9}]}})
    env = {"GITHUB_REPOSITORY": "o/r", "GITHUB_EVENT_NAME": "workflow_run",
           "GITHUB_EVENT_PATH": path}
    ctx = load_run_context(args(), env)
    assert ctx.pr == 9 and ctx.expected_head_sha == "b" * 40 and ctx.token is None


def test_workflow_run_from_a_fork_needs_pr(tmp_path):
    path = event_file(tmp_path, {"workflow_run": {"head_sha": "b" * 40, "pull_requests": []}})
    env = {"GITHUB_REPOSITORY": "o/r", "GITHUB_EVENT_NAME": "workflow_run",
           "GITHUB_EVENT_PATH": path}
    with pytest.raises(RunContextError, match="fork"):
        load_run_context(args(), env)
    assert load_run_context(args(pr=4), env).pr == 4


def test_missing_repository_or_unreadable_event(tmp_path):
    with pytest.raises(RunContextError, match="repository"):
        load_run_context(args(pr=1), {})
    with pytest.raises(RunContextError, match="event"):
        load_run_context(args(), {"GITHUB_REPOSITORY": "o/r",
                                  "GITHUB_EVENT_PATH": str(tmp_path / "missing.json")})


def test_bot_login_and_server_url():
    ctx = load_run_context(args(pr=3), {"GITHUB_REPOSITORY": "o/r"})
    assert (ctx.bot_login, ctx.server_url) == ("github-actions[bot]", "https://github.com")
    ctx = load_run_context(args(pr=3), {"GITHUB_REPOSITORY": "o/r",
                                        "PAPERLIST_BOT_LOGIN": "paper-app[bot]",
                                        "GITHUB_SERVER_URL": "https://ghe.example"})
    assert (ctx.bot_login, ctx.server_url) == ("paper-app[bot]", "https://ghe.example")
