"""``paperlist command``: obey a maintainer's ``/paperlist`` comment. The orchestration only.

Runs on ``issue_comment`` (see ``.github/workflows/commands.yml``). In order, each step able to
end the run with one log line saying why:

1. the event is a new comment on an issue (a comment on a pull request is ignored), by a person
   (not a bot), holding a ``/paperlist`` command;
2. GitHub says the commenter has write, maintain or admin permission on the repository
   (``author_association`` is not enough: an organisation member may only read);
3. the list and config are read from the default branch through the API, the papers from arXiv;
4. the new list text is built and checked (:mod:`bot.commands.add`), then committed on the
   issue's branch ``paperlist/issue-N`` (one commit on the default branch's head), and the one
   pull request from it is opened or updated; the bot replies on the issue.

The comment is data throughout: its ids are validated and nothing from it reaches a shell.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.actions_env import load_event
from bot.arxiv.client import DEFAULT_URL, ArxivClient, ArxivUnavailableError
from bot.commands.add import Adder, AddResult
from bot.commands.parse import Command, parse_command, ticked_ids
from bot.commands.render import parse_pr_marker, pr_body, pr_title, reply_body, reply_marker
from bot.digest.render import neutralise
from bot.errors import RunContextError
from bot.github.commands import WRITE_ROLES, CommandGateway, GatewayOptions
from lint_rules.arxiv_atom import ArxivEntry, ArxivError
from lint_rules.cli import ExitCode
from lint_rules.config import Config, load_config, parse_config_text
from lint_rules.errors import InputError
from lint_rules.links.arxiv_batch import batches

log = logging.getLogger("paperlist.command")
BATCH = 50
# Runs with no comment: the weekly schedule (only with `published.update_pr: true`) and a
# maintainer's manual dispatch (always).
UNATTENDED = frozenset({"schedule", "workflow_dispatch"})
_LOGIN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})")


@dataclass(frozen=True, slots=True)
class Trigger:
    """What the event asks, once screened: the issue, the commenter and the command."""

    issue: int
    commenter: str
    command: Command


def screen(event_name: str | None, event: Mapping[str, Any]) -> Trigger | str:
    """The trigger, or the reason the event is ignored."""
    if event_name not in (None, "issue_comment"):
        return f"event {event_name} is not an issue comment"
    if event.get("action", "created") != "created":
        return f"comment {event.get('action')}, not created"
    issue = event.get("issue") or {}
    comment = event.get("comment") or {}
    if not isinstance(issue, Mapping) or not isinstance(comment, Mapping) or "number" not in issue:
        return "the event holds no issue comment"
    if issue.get("pull_request"):
        return f"#{issue['number']} is a pull request: commands are taken on issues only"
    user = comment.get("user") or {}
    login = str(user.get("login") or "")
    if not login:
        return "the comment has no author"
    if user.get("type") == "Bot" or login.endswith("[bot]"):
        return f"the comment is by a bot ({login[:60]})"
    if not _LOGIN.fullmatch(login):
        return "the comment's author is not a GitHub login"
    command = parse_command(str(comment.get("body") or ""))
    if command is None:
        return "no /paperlist command in the comment"
    return Trigger(int(issue["number"]), login, command)


class ArxivIds(ArxivClient):
    """The arXiv client, asked for papers by id in batches (``id_list``)."""

    def by_ids(self, ids: Sequence[str]) -> dict[str, ArxivEntry]:
        found: dict[str, ArxivEntry] = {}
        for batch in batches(ids, BATCH):
            try:
                feed = self._get({"id_list": ",".join(batch), "max_results": str(len(batch))})
            except ArxivUnavailableError:
                raise  # arXiv is down: no id is "unknown" because of it
            except ArxivError as exc:
                if len(batch) == 1:
                    log.warning("arXiv does not know %s: %s", batch[0], exc)
                    continue
                # One bad id spoils the batch: ask for each on its own.
                for identifier in batch:
                    found.update(self.by_ids([identifier]))
                continue
            wanted = {i.lower() for i in batch}
            found.update({e.id: e for e in feed.entries if e.id.lower() in wanted})
        return found


def load_repo_config(args: argparse.Namespace, gateway: CommandGateway, ref: str) -> Config:
    if args.config:
        return load_config(args.config)
    for name in (".paperlist.yml", ".paperlist.yaml"):
        found = gateway.read(name, ref)
        if found is not None:
            return parse_config_text(found.text, name)
    return Config()


def command_main(args: argparse.Namespace, environ: Mapping[str, str] | None = None) -> int:
    env = os.environ if environ is None else environ
    event_name = args.event_name or env.get("GITHUB_EVENT_NAME")
    if getattr(args, "update_venues", False) or event_name in UNATTENDED:
        return _scheduled_update(args, env, event_name)
    event = load_event(args.event_path or env.get("GITHUB_EVENT_PATH"))
    trigger = screen(event_name, event)
    if isinstance(trigger, str):
        print(f"paperlist command: ignored: {trigger}", file=sys.stderr)
        return ExitCode.OK
    gateway = _connect(args, env, event)
    try:
        return _obey(args, env, gateway, trigger)
    finally:
        gateway.close()


def _connect(args: argparse.Namespace, env: Mapping[str, str],
             event: Mapping[str, Any]) -> CommandGateway:
    repo = args.repo or env.get("GITHUB_REPOSITORY") or (event.get("repository") or {}).get(
        "full_name")
    token = args.token or env.get("GITHUB_TOKEN")
    api_url = args.api_url or env.get("GITHUB_API_URL") or "https://api.github.com"
    if not repo or not token:
        raise RunContextError("repository" if not repo else "token",
                              "pass --repo and set GITHUB_TOKEN")
    return CommandGateway(api_url, token, repo, GatewayOptions(pause=not args.no_pause))


def _scheduled_update(args: argparse.Namespace, env: Mapping[str, str],
                      event_name: str | None) -> int:
    """The update-venues run with no comment and so no reply: weekly where the list asked for
    it (``published.update_pr: true``), or whenever a maintainer dispatches it or passes
    ``--update-venues``."""
    from bot.published import update_venues_command

    gateway = _connect(args, env, {})
    try:
        config = load_repo_config(args, gateway, gateway.default_branch)
        if event_name == "schedule" and not config.get("published.update_pr", False):
            print("paperlist command: scheduled update-venues is off "
                  "(set published.update_pr: true to turn it on)", file=sys.stderr)
            return ExitCode.OK
        return update_venues_command(args, env, gateway, None)
    finally:
        gateway.close()


def _obey(args: argparse.Namespace, env: Mapping[str, str], gateway: CommandGateway,
          trigger: Trigger) -> int:
    role = gateway.permission(trigger.commenter)
    if role not in WRITE_ROLES:
        print(f"paperlist command: ignored: {trigger.commenter} has {role} access to "
              f"{gateway.repo_name}; commands need write, maintain or admin", file=sys.stderr)
        return ExitCode.OK
    issue = gateway.issue(trigger.issue)
    if issue.is_pull:  # the payload said issue; the API has the last word
        print(f"paperlist command: ignored: #{issue.number} is a pull request", file=sys.stderr)
        return ExitCode.OK
    command = trigger.command
    if command.name == "update-venues":
        from bot.published import update_venues_command

        return update_venues_command(args, env, gateway, trigger.issue)
    if command.name != "add":
        print(f"paperlist command: ignored: unknown command {command.name!r}", file=sys.stderr)
        return ExitCode.OK

    base = gateway.default_branch
    config = load_repo_config(args, gateway, base)
    list_path = str(config.get("list") or "README.md")
    listed = gateway.read(list_path, base)
    if listed is None:
        raise InputError(list_path, f"not found on {base} in {gateway.repo_name}")
    branch = f"{config.get('commands.branch_prefix') or 'paperlist/issue-'}{trigger.issue}"
    existing = gateway.open_pull(branch)
    earlier = parse_pr_marker(existing.body) if existing else None
    requested = list(command.ids) or ticked_ids(issue.body)
    ids = list(dict.fromkeys([*(earlier.ids if earlier else ()), *requested]))
    note = "" if requested else ("No ids given and no ticked suggestion in this issue: write "
                                 "`/paperlist add 2510.13768 …` or tick boxes first.")
    try:
        papers = _fetch(config, env, ids) if ids else {}
    except ArxivError as exc:
        # Say so where the maintainer looks, then fail the run: nothing was changed.
        body = (f"{reply_marker(trigger.issue)}\narXiv could not be asked about the papers "
                f"({neutralise(str(exc))}); nothing was changed. Comment again later.\n")
        if not args.dry_run:
            gateway.reply(trigger.issue, body, reply_marker(trigger.issue))
        print(f"paperlist command: {exc}", file=sys.stderr)
        return ExitCode.ERROR
    if command.truncated:
        note = (note + " " if note else "") + (
            f"Only the first {len(command.ids)} ids were taken; add the rest in another comment.")
    result = Adder(listed.text, config).add(ids, papers) if ids else AddResult(listed.text)
    pull_url = existing.url if existing else None
    if result.changed:
        pull_url = _publish(gateway, args, config, branch, base, list_path, listed.sha,
                            trigger.issue, ids, result)
    body = reply_body(trigger.issue, result, pull_url, command.invalid, note)
    if args.dry_run:
        sys.stdout.write(body)
        return ExitCode.OK
    action = gateway.reply(trigger.issue, body, reply_marker(trigger.issue))
    print(f"paperlist command: {len(result.added)} added, {len(result.listed)} already listed, "
          f"{len(result.unknown)} unknown; reply {action}", file=sys.stderr)
    return ExitCode.OK


def _fetch(config: Config, env: Mapping[str, str], ids: Sequence[str]) -> dict[str, ArxivEntry]:
    url = config.get("digest.arxiv_api_url") or env.get("PAPERLIST_ARXIV_URL") or DEFAULT_URL
    delay = float(config.get("digest.delay_seconds", 3.0))
    with ArxivIds(url, delay_seconds=delay) as client:
        return client.by_ids(ids)


def _publish(gateway: CommandGateway, args: argparse.Namespace, config: Config, branch: str,
             base: str, list_path: str, blob_sha: str, issue: int, ids: Sequence[str],
             result: AddResult) -> str | None:
    title = pr_title(issue, result)
    body = pr_body(issue, ids, result, list_path)
    if args.dry_run:
        sys.stdout.write(f"{title}\n\n{body}\n")
        return None
    on_branch = gateway.read(list_path, branch) if gateway.branch_sha(branch) else None
    if on_branch is None or on_branch.text != result.text:
        # One commit on the default branch's head: rebuilt, not stacked, so the branch never
        # falls behind or conflicts, and the same request gives the same commit content.
        head = gateway.branch_sha(base)
        if head is None:
            raise InputError(base, "the default branch has no head commit")
        gateway.reset_branch(branch, head)
        gateway.write(list_path, result.text, blob_sha, branch, title)
    pull, action = gateway.upsert_pull(branch, base, title, body)
    log.info("pull request #%d %s", pull.number, action)
    return pull.url
