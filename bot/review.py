"""``paperlist review``: lint a pull request's list files and report on the lines it changes.

The pipeline: the gateway reads the PR as data (changed files with their patches, the list files
at the head SHA, the config at the base) → ``lint_rules`` lints the head version → ``filter``
places each finding in the diff → the reporters build a review plan and a summary → the gateway
executes them. Nothing from the PR is executed, installed or imported; the config comes from the
base branch, so a PR cannot change the rules it is judged by.
"""

from __future__ import annotations

import argparse
import os
import posixpath
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, TextIO

from bot.actions_env import RunContext, load_run_context
from bot.diff import FileDiff, PatchError, file_diff
from bot.errors import BotError, GatewayError, NotUtf8, PermissionDenied
from bot.filter import InlinePolicy, blame_pr_member, filter_findings
from bot.markers import find_state, fingerprints
from bot.reporters import Item, annotations, local
from bot.reporters.inline import MAX_INLINE, ExistingComment, ReviewPlan, build_review_plan
from bot.reporters.summary import FileNote, SummaryPlan, build_summary
from lint_rules.cli import ExitCode
from lint_rules.config import CONFIG_NAMES, Config, parse_config_text
from lint_rules.engine import check_document, make_context, selected_rules
from lint_rules.errors import PaperlistError
from lint_rules.findings import Finding, Severity
from lint_rules.parse import parse
from lint_rules.source import SourceText, too_many_lines

if TYPE_CHECKING:
    from bot.github.gateway import Gateway, GatewaySettings

DEFAULT_LIST = "README.md"
# The bot's own finding for a PR file that is not UTF-8 (the linter only ever sees text).
INVALID_UTF8 = ("PL000", "invalid-encoding")
MAX_CONFIG_DIRS = 20  # directories of changed markdown files probed for a config of their own
LISTING_LIMIT = 1000  # the contents API lists at most this many entries of a directory


class ReviewGateway(Protocol):
    """What the pipeline needs from GitHub (``bot.github.gateway.Gateway`` in production)."""

    def pull(self, number: int) -> Any: ...
    def changed_files(self, number: int) -> Any: ...
    def read_file(self, path: str, ref: str) -> str | None: ...
    def list_dir(self, path: str, ref: str) -> set[str] | None: ...
    def review_comments(self, number: int) -> list[ExistingComment]: ...
    def summaries(self, number: int) -> Any: ...
    def post_review(self, number: int, plan: ReviewPlan) -> None: ...
    def delete_review_comment(self, number: int, comment_id: int) -> None: ...
    def upsert_summary(self, number: int, body: str) -> int: ...


@dataclass(frozen=True)
class ReviewOutcome:
    """What a run found and did; returned for tests and printed as one line for the log."""

    status: str  # "posted", "no-list-change", "dry-run", "annotations", "stale-head"
    items: tuple[Item, ...] = ()
    plan: ReviewPlan | None = None
    summary: SummaryPlan | None = None
    refused: tuple[str, ...] = ()  # list files not reviewed at all (see ChangedFiles.refused)

    @property
    def errors_in_diff(self) -> int:
        return sum(1 for i in self.items
                   if i.filtered.in_diff and i.filtered.finding.severity is Severity.ERROR)


def list_path(config: Config, directory: str) -> str:
    """The repository path of the list a config names (relative to the config's directory)."""
    name = str(config.get("list", DEFAULT_LIST)).removeprefix("./")
    return posixpath.normpath(posixpath.join(directory, name)) if directory else name


def read_config(gateway: ReviewGateway, directory: str, ref: str) -> Config | None:
    # One listing of the directory instead of a probe (and a 404) per config name.
    names = gateway.list_dir(directory, ref)
    for name in CONFIG_NAMES:
        path = posixpath.join(directory, name) if directory else name
        if names is not None and len(names) < LISTING_LIMIT and name not in names:
            continue
        text = gateway.read_file(path, ref)
        if text is not None:
            return parse_config_text(text, path)
    return None


def list_configs(gateway: ReviewGateway, ref: str, changed: Sequence[str],
                 local_path: str | None) -> dict[str, Config]:
    """Which changed files are lists, each with its config, as SPEC finds them: a config next to
    the list, else the repository root's — always the base branch's, never the PR's.

    ``local_path`` (``--config``) is a file of the checked-out base, relative to the repository
    root; it replaces the lookup.
    """
    if local_path:
        from lint_rules.config import load_config

        config = load_config(local_path)
        directory = posixpath.dirname(local_path.replace(os.sep, "/").removeprefix("./"))
        if posixpath.isabs(directory) or directory.startswith(".."):
            directory = ""
        return {list_path(config, directory): config}
    found: dict[str, Config] = {}
    root = read_config(gateway, "", ref)
    markdown_dirs = sorted({posixpath.dirname(p) for p in changed if p.lower().endswith(".md")})
    for directory in [d for d in markdown_dirs if d][:MAX_CONFIG_DIRS]:
        config = read_config(gateway, directory, ref)
        if config is not None:
            found.setdefault(list_path(config, directory), config)
    root = root or Config({}, None)
    found.setdefault(list_path(root, ""), root)
    return found


def lint_file(path: str, text: str, diff: FileDiff | None, config: Config,
              link_verdicts: Mapping[str, Any] | None = None,
              extra: Sequence[Finding] = ()) -> list[Item]:
    """Lint the PR head's version of a list and place each finding by its entry in the diff.

    ``extra``: findings the bot made itself (the file is not valid UTF-8).
    """
    doc = parse(text, config)
    source = doc.source
    ctx = make_context(config, path=path, link_verdicts=link_verdicts)
    findings = [*extra, *check_document(doc, selected_rules(config), ctx)]
    entries = [(e.line, max(e.end_line, e.line)) for e in doc.entries]
    findings = blame_pr_member(findings, diff, entries, source)
    line_texts = {f.line: source.line_text(f.line) for f in findings
                  if 1 <= f.line <= source.line_count}
    fps = fingerprints(findings, line_texts)
    policy = InlinePolicy.of(config.get("review.inline"))
    placed = filter_findings(findings, diff, path, entries, policy)
    return [Item(ff, fp, source) for ff, fp in zip(placed, fps, strict=True)]


def invalid_utf8(path: str, exc: NotUtf8) -> tuple[str, Finding]:
    """The file's text with undecodable bytes replaced, and an error finding where the first
    one sits: the rest of the file is still checked."""
    text = exc.data.decode("utf-8", errors="replace")
    source = SourceText(text)
    line = exc.data.count(b"\n", 0, exc.offset) + 1
    line_start = exc.data.rfind(b"\n", 0, exc.offset) + 1
    column = len(exc.data[line_start:exc.offset].decode("utf-8", errors="replace")) + 1
    line = min(line, source.line_count)
    start = source.line_start(line) + column - 1
    finding = Finding(
        INVALID_UTF8[0], INVALID_UTF8[1], Severity.ERROR,
        f"The file is not valid UTF-8: byte 0x{exc.data[exc.offset]:02x} at line {line}, "
        f"column {column} cannot be read (save the file as UTF-8; the rest was checked with "
        "the bad bytes replaced by �)",
        line, column, line, column + 1, start, start + 1, subject=f"{path}:not-utf-8")
    return text, finding


def added_link_verdicts(texts: Mapping[str, str], diffs: Mapping[str, FileDiff],
                        config: Config) -> dict[str, Any]:
    """Live verdicts for the links on lines the PR adds; existing links are not re-checked."""
    from lint_rules.links.command import collect_verdicts
    from lint_rules.parse import parse

    docs = []
    for path, text in texts.items():
        diff = diffs.get(path)
        if diff is None:
            continue
        lines = text.split("\n")
        added = "\n".join(lines[n - 1] for n in sorted(diff.added_lines) if n <= len(lines))
        docs.append(parse(added + "\n", config))
    return dict(collect_verdicts(docs, config, False)) if docs else {}


@dataclass
class ChangedFiles:
    """What the review reads of the changed list files at the PR head."""

    texts: dict[str, str] = field(default_factory=dict)
    diffs: dict[str, FileDiff] = field(default_factory=dict)
    # A finding for each file that is not valid UTF-8 (read with the bad bytes replaced, so
    # the review goes on).
    undecodable: dict[str, Finding] = field(default_factory=dict)
    # Why a file is not reviewed at all: no paper list has its shape, and reading it would
    # cost the run minutes (hundreds of thousands of tiny lines).
    refused: dict[str, str] = field(default_factory=dict)


def read_changed(gateway: ReviewGateway, changed: Sequence[Any], pull: Any) -> ChangedFiles:
    """The changed list files at the PR head and their diffs."""
    found = ChangedFiles()
    texts, diffs, undecodable = found.texts, found.diffs, found.undecodable
    for f in changed:
        try:
            text = gateway.read_file(f.path, pull.head_sha)
        except NotUtf8 as exc:
            text, undecodable[f.path] = invalid_utf8(f.path, exc)
        if text is None:
            continue
        refusal = too_many_lines(text, len(text.encode("utf-8", errors="replace")))
        if refusal:
            found.refused[f.path] = refusal
            undecodable.pop(f.path, None)
            continue
        texts[f.path] = text
        try:
            diff = file_diff(f.path, f.patch, status=f.status, previous_path=f.previous_path)
        except PatchError:
            diff = file_diff(f.path, None, status=f.status)
        if not diff.has_patch:
            # GitHub left the patch out (huge diff): tell changed lines from the two versions.
            try:
                old = "" if f.status == "added" else gateway.read_file(
                    f.previous_path or f.path, pull.base_sha)
            except NotUtf8 as exc:
                old = exc.data.decode("utf-8", errors="replace")
            diff = file_diff(f.path, None, status=f.status, fallback=(old or "", text))
        diffs[f.path] = diff
    return found


def run_review(ctx: RunContext, gateway: ReviewGateway,
               out: TextIO | None = None) -> ReviewOutcome:
    out = out or sys.stdout
    pull = gateway.pull(ctx.pr)
    if ctx.expected_head_sha and pull.head_sha != ctx.expected_head_sha:
        # workflow_run: the PR moved on (or the artifact lies); a newer run will review it.
        print(f"paperlist: PR #{ctx.pr} head is {pull.head_sha[:7]}, this run was for "
              f"{ctx.expected_head_sha[:7]}; nothing to do", file=out)
        return ReviewOutcome("stale-head")
    files = [f for f in gateway.changed_files(ctx.pr) if f.status != "removed"]
    configs = list_configs(gateway, pull.base_ref, [f.path for f in files], ctx.config_path)
    changed = [f for f in files if f.path in configs]
    if not changed:
        print(f"paperlist: PR #{ctx.pr} changes no list file ({', '.join(sorted(configs))}); "
              "no review", file=out)
        return ReviewOutcome("no-list-change")

    read = read_changed(gateway, changed, pull)
    texts, diffs, undecodable = read.texts, read.diffs, read.undecodable
    items: list[Item] = []
    for path, text in texts.items():
        config = configs[path]
        verdicts = added_link_verdicts({path: text}, diffs, config) if ctx.links else None
        extra = [undecodable[path]] if path in undecodable else []
        items += lint_file(path, text, diffs.get(path), config, verdicts, extra)

    existing = gateway.review_comments(ctx.pr)
    previous = gateway.summaries(ctx.pr)
    previous_state = find_state(previous[0].body) if previous else {}
    limit = min((int(configs[p].get("review.max_comments", MAX_INLINE)) for p in texts),
                default=MAX_INLINE)
    plan = build_review_plan(items, pull.head_sha, existing, limit=limit)
    unpatched = sorted(p for p, d in diffs.items() if not d.has_patch)
    notes = [FileNote(p, "not valid UTF-8; checked with the unreadable bytes replaced")
             for p in sorted(undecodable)]
    notes += [FileNote(p, f"not reviewed: it {reason}")
              for p, reason in sorted(read.refused.items())]
    # GitHub resolves an abbreviated commit in a blob URL; 12 digits keep it unambiguous and
    # leave the summary's 8,000 characters to the findings.
    link_base = f"{ctx.server_url.rstrip('/')}/{ctx.repo}/blob/{pull.head_sha[:12]}"
    summary = build_summary(items, plan, previous_state, head_sha=pull.head_sha,
                            files=sorted(texts), config_ref=pull.base_ref, unpatched=unpatched,
                            notes=notes, link_base=link_base)
    if ctx.dry_run:
        out.write(local.render(plan, summary, pr=ctx.pr, in_actions=ctx.in_actions))
        return ReviewOutcome("dry-run", tuple(items), plan, summary, tuple(read.refused))
    try:
        for comment_id in plan.delete:
            gateway.delete_review_comment(ctx.pr, comment_id)
        try:
            gateway.post_review(ctx.pr, plan)
        except GatewayError as exc:
            if exc.status != 422 or isinstance(exc, PermissionDenied):
                raise
            # An anchor GitHub does not accept (the PR moved since we read it, or its diff
            # differs from ours): keep every finding for the summary rather than lose the run.
            print(f"paperlist: {exc}; listing the findings in the summary instead", file=out)
            plan = build_review_plan(items, pull.head_sha, existing, limit=0)
            summary = build_summary(items, plan, previous_state, head_sha=pull.head_sha,
                                    files=sorted(texts), config_ref=pull.base_ref,
                                    unpatched=unpatched, inline_refused=True, notes=notes,
                                    link_base=link_base)
        gateway.upsert_summary(ctx.pr, summary.body)
    except PermissionDenied as exc:
        out.write(annotations.render(items))
        note = (f"paperlist cannot comment on this pull request ({exc}); its findings are "
                "shown as annotations instead")
        print(f"::notice::{annotations.escape_data(note)}", file=out)
        return ReviewOutcome("annotations", tuple(items), plan, summary, tuple(read.refused))
    print(f"paperlist: reviewed PR #{ctx.pr} at {pull.head_sha[:7]}: {len(plan.comments)} new "
          f"inline comment(s), {len(plan.delete)} removed, summary updated", file=out)
    return ReviewOutcome("posted", tuple(items), plan, summary, tuple(read.refused))


def make_gateway(ctx: RunContext, settings: GatewaySettings | None = None) -> Gateway:
    from bot.github.gateway import Gateway

    # Only comments by exactly this login (or a PAT's own user) are ever the bot's.
    return Gateway(ctx.api_url, ctx.token, ctx.repo, settings, bot_login=ctx.bot_login)


def review_main(args: argparse.Namespace, *, settings: GatewaySettings | None = None,
                environ: Mapping[str, str] | None = None, out: TextIO | None = None,
                err: TextIO | None = None) -> int:
    """Exit 0 when no error-severity finding sits on the PR's lines (or when the token cannot
    write: annotations instead, exit 0), 1 when one does, 2 when the review could not run."""
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        ctx = load_run_context(args, environ)
        gateway = make_gateway(ctx, settings)
        try:
            outcome = run_review(ctx, gateway, out)
        finally:
            gateway.close()
    except (BotError, PaperlistError) as exc:
        print(f"paperlist review: {exc}", file=err)
        return ExitCode.ERROR
    if outcome.status == "annotations":
        return ExitCode.OK
    # A list file the bot could not review fails the check as an error would: it is no list.
    return ExitCode.FINDINGS if outcome.errors_in_diff or outcome.refused else ExitCode.OK


__all__ = ["ReviewOutcome", "review_main", "run_review"]
