"""Who, where and what this run is about, read once from GitHub Actions' environment.

The only module of the bot that reads ``os.environ`` or the event file. Flags override the
environment (``--repo``, ``--pr``, ``--token``, ``--api-url``, ``--event-path``). Supported events:
``pull_request`` and ``pull_request_target`` (the PR is in the payload) and ``workflow_run`` (the
PR comes from ``workflow_run.pull_requests``, empty for forks: then ``--pr`` must say it, and the
run's ``head_sha`` is kept so the review can refuse a PR whose head moved on).
"""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.errors import RunContextError

DEFAULT_API_URL = "https://api.github.com"
DEFAULT_SERVER_URL = "https://github.com"
DEFAULT_BOT_LOGIN = "github-actions[bot]"


@dataclass(frozen=True)
class RunContext:
    repo: str
    pr: int
    token: str | None
    api_url: str = DEFAULT_API_URL
    event_name: str | None = None
    # The head SHA the triggering event saw; None when run by hand.
    expected_head_sha: str | None = None
    dry_run: bool = False
    config_path: str | None = None
    links: bool = False
    in_actions: bool = False
    event: Mapping[str, Any] = field(default_factory=dict, repr=False)
    # Web pages of the repository (GITHUB_SERVER_URL), for links to lines in comments.
    server_url: str = DEFAULT_SERVER_URL
    # Who the token comments as when GitHub will not say (an installation token): Actions'
    # GITHUB_TOKEN is github-actions[bot]; an app's token is "<slug>[bot]" (PAPERLIST_BOT_LOGIN).
    bot_login: str = DEFAULT_BOT_LOGIN


def load_event(path: str | None) -> dict[str, Any]:
    if not path:
        return {}
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise RunContextError("event", f"cannot read the event payload {path}: {exc}") from None
    return data if isinstance(data, dict) else {}


def _pr_from_event(event_name: str | None, event: Mapping[str, Any]
                   ) -> tuple[int | None, str | None]:
    pull = event.get("pull_request")
    if isinstance(pull, Mapping) and "number" in pull:
        head = pull.get("head") or {}
        return int(pull["number"]), head.get("sha")
    run = event.get("workflow_run")
    if isinstance(run, Mapping):
        prs = run.get("pull_requests") or []
        number = int(prs[0]["number"]) if prs and "number" in prs[0] else None
        return number, run.get("head_sha")
    if event_name in ("pull_request", "pull_request_target") and "number" in event:
        return int(event["number"]), None
    return None, None


def load_run_context(args: argparse.Namespace,
                     environ: Mapping[str, str] | None = None) -> RunContext:
    env = os.environ if environ is None else environ
    event_path = getattr(args, "event_path", None) or env.get("GITHUB_EVENT_PATH")
    event_name = env.get("GITHUB_EVENT_NAME")
    event = load_event(event_path)
    repo = getattr(args, "repo", None) or env.get("GITHUB_REPOSITORY")
    if not repo:
        base = (event.get("repository") or {}) if isinstance(event, dict) else {}
        repo = base.get("full_name")
    if not repo or "/" not in repo:
        raise RunContextError("repository", "pass --repo OWNER/NAME or set GITHUB_REPOSITORY")
    event_pr, head_sha = _pr_from_event(event_name, event)
    pr = getattr(args, "pr", None) or event_pr
    if pr is None:
        hint = ("a workflow_run from a fork lists no pull request; pass --pr"
                if "workflow_run" in event else "pass --pr N or run on a pull_request event")
        raise RunContextError("pull request", hint)
    if getattr(args, "pr", None) and event_pr is not None and args.pr != event_pr:
        head_sha = None  # the event is about another PR: its head SHA says nothing of this one
    token = getattr(args, "token", None) or env.get("GITHUB_TOKEN") or env.get("GH_TOKEN")
    api_url = getattr(args, "api_url", None) or env.get("GITHUB_API_URL") or DEFAULT_API_URL
    return RunContext(
        repo=repo, pr=int(pr), token=token or None, api_url=api_url, event_name=event_name,
        expected_head_sha=head_sha if event_name == "workflow_run" else None,
        dry_run=bool(getattr(args, "dry_run", False)),
        config_path=getattr(args, "config", None), links=bool(getattr(args, "links", False)),
        in_actions=env.get("GITHUB_ACTIONS") == "true", event=event,
        server_url=env.get("GITHUB_SERVER_URL") or DEFAULT_SERVER_URL,
        bot_login=env.get("PAPERLIST_BOT_LOGIN") or DEFAULT_BOT_LOGIN,
    )
