"""Composition root and console-script entry: the linter's commands plus ``review``, ``digest``
and ``command``.

PyGithub and the bot's modules are imported only when a bot command runs, so ``paperlist check``
starts fast and needs no GitHub at all.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TextIO

from lint_rules.cli import LINT_COMMANDS, add_commands, build_parser, command_named, run


def _review(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from bot.review import review_main

    return review_main(args)


def _digest(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from bot.digest.run import digest_main

    return digest_main(args)


def _command(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from bot.commands.run import command_main

    return command_main(args)


def _link_report(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from bot.github.link_report import link_report_main

    return link_report_main(args, out=stdout)


def _add_review(sub: argparse._SubParsersAction) -> None:
    review = sub.add_parser("review", help="review a pull request to the list (GitHub Actions)")
    review.add_argument("--repo", metavar="OWNER/NAME", help="default: $GITHUB_REPOSITORY")
    review.add_argument("--pr", type=int, metavar="N", help="default: from $GITHUB_EVENT_PATH")
    review.add_argument("--dry-run", action="store_true", help="print the review, post nothing")
    review.add_argument("--config", metavar="FILE", help="a local config instead of the base's")
    review.add_argument("--links", action="store_true", help="check the links the PR adds")
    review.add_argument("--token", help=argparse.SUPPRESS)
    review.add_argument("--api-url", help="default: $GITHUB_API_URL or https://api.github.com")
    review.add_argument("--event-path", help="default: $GITHUB_EVENT_PATH")
    review.set_defaults(handler=_review)


def _add_digest(sub: argparse._SubParsersAction) -> None:
    digest = sub.add_parser("digest", help="open this week's issue of new arXiv papers")
    digest.add_argument("--repo", metavar="OWNER/NAME", help="default: $GITHUB_REPOSITORY")
    digest.add_argument("--since", metavar="DATE", help="start of the window (YYYY-MM-DD)")
    digest.add_argument("--until", metavar="DATE", help="end of the window (default: now, UTC)")
    digest.add_argument("--top", type=int, metavar="N", help="at most N suggestions")
    digest.add_argument("--dry-run", action="store_true", help="print the issue, post nothing")
    digest.add_argument("--config", metavar="FILE")
    digest.add_argument("--token", help=argparse.SUPPRESS)
    digest.add_argument("--api-url", help="default: $GITHUB_API_URL or https://api.github.com")
    digest.set_defaults(handler=_digest)


def _add_command(sub: argparse._SubParsersAction) -> None:
    command = sub.add_parser(
        "command", help="obey a maintainer's /paperlist comment (issue_comment event)")
    command.add_argument("--repo", metavar="OWNER/NAME", help="default: $GITHUB_REPOSITORY")
    command.add_argument("--event-path", help="default: $GITHUB_EVENT_PATH")
    command.add_argument("--event-name", help="default: $GITHUB_EVENT_NAME")
    command.add_argument("--config", metavar="FILE", help="a local config instead of the repo's")
    command.add_argument("--dry-run", action="store_true", help="print the plan, change nothing")
    command.add_argument("--token", help=argparse.SUPPRESS)
    command.add_argument("--api-url", help="default: $GITHUB_API_URL or https://api.github.com")
    command.add_argument("--update-venues", action="store_true",
                         help="open the update-venues pull request without a comment")
    command.add_argument("--no-pause", action="store_true", help=argparse.SUPPRESS)
    command.set_defaults(handler=_command)


def _add_link_report(sub: argparse._SubParsersAction) -> None:
    report = sub.add_parser(
        "link-report", help="keep one issue listing the list's dead links (weekly workflow)")
    report.add_argument("paths", nargs="*", metavar="PATH")
    report.add_argument("--config", metavar="FILE")
    report.add_argument("--repo", metavar="OWNER/NAME", help="default: $GITHUB_REPOSITORY")
    report.add_argument("--label",
                        help="default: the config's links.issue_label, else broken-links")
    report.add_argument("--bot-login", metavar="LOGIN",
                        help="the token's login when it cannot ask /user (a GitHub App's "
                             "<app>[bot]; default: /user, else github-actions[bot])")
    report.add_argument("--dry-run", action="store_true", help="print the issue, post nothing")
    report.add_argument("--token", help=argparse.SUPPRESS)
    report.add_argument("--api-url", help="default: $GITHUB_API_URL or https://api.github.com")
    report.set_defaults(handler=_link_report)


BOT_COMMANDS = {"review": _add_review, "digest": _add_digest, "command": _add_command,
                "link-report": _add_link_report}


def add_bot_commands(sub: argparse._SubParsersAction, only: str | None = None) -> None:
    add_commands(sub, BOT_COMMANDS, only)


def main(argv: Sequence[str] | None = None) -> int:
    only = command_named(argv, [*LINT_COMMANDS, *BOT_COMMANDS])
    parser, sub = build_parser(only)
    add_bot_commands(sub, only)
    return run(parser, argv)


if __name__ == "__main__":
    sys.exit(main())
