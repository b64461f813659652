"""Published since listed: the digest's section and ``/paperlist update-venues``.

The records come from :mod:`lint_rules.links.publications` (arXiv ``journal_ref``/DOI, Crossref
``container-title``/``published``, cached). Here they become *updates* (pure): the venue in the
list's spelling for each preprint entry a known venue has published, and — only where the list
files papers under their venue's year — the year section it moves to. ``apply_updates`` edits the
text one update at a time and keeps each only if ``paperlist check`` finds nothing new, so an
update can never break the list. The command side commits the result on the branch
``paperlist/update-venues`` and opens (or refreshes) one pull request.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.commands.add import Linter, finding_key, insert
from bot.commands.placement import (
    Decision,
    YearRule,
    files_by_year,
    section_parents,
    slots_of,
    topic_key,
)
from bot.digest.render import neutralise
from lint_rules.config import Config
from lint_rules.model import Document, Entry
from lint_rules.parse import parse
from lint_rules.publication import (
    Publication,
    PublishedRecord,
    VenueStyle,
    preprint_entries,
    publication_for,
    record_keys,
)
from lint_rules.venues import VenueTable, load_venue_table

if TYPE_CHECKING:  # the gateway imports PyGithub: only the command path needs it
    from bot.github.commands import CommandGateway

log = logging.getLogger("paperlist.published")
SECTION_TITLE = "Published since listed"
_IGNORED_WHEN_CHECKING = frozenset({"PL506", "PL203"})  # what an update is meant to remove


@dataclass(frozen=True, slots=True)
class Update:
    title: str
    line: int
    key: str  # record key, e.g. "arxiv:2006.10511"
    old_venue: str | None
    venue: str
    publication: Publication
    move_to: int | None  # the year section it belongs under by the list's rule, if another


def plan_updates(doc: Document, records: Mapping[str, PublishedRecord], table: VenueTable
                 ) -> list[Update]:
    style = VenueStyle.learn(doc, table)
    rule = YearRule.learn(doc, table)
    by_year = files_by_year(doc)
    updates = []
    for entry in preprint_entries(doc, table):
        key = next((k for k in record_keys(entry) if k in records), None)
        publication = publication_for(records[key], table) if key else None
        if key is None or publication is None:
            continue
        venue = style.render(publication) or publication.name
        here = doc.sections[entry.section].effective_year
        move = None
        if (by_year and rule.by == "venue" and publication.year and here
                and publication.year != here):
            move = publication.year
        updates.append(Update(entry.title, entry.line, key, entry.venue_text, venue,
                              publication, move))
    return updates


def render_section(updates: Sequence[Update]) -> str:
    """The digest issue's "Published since listed" section (empty when nothing to say)."""
    if not updates:
        return ""
    lines = [f"## {SECTION_TITLE}", "",
             "Preprints in the list that have since appeared in a venue. "
             "Comment `/paperlist update-venues` to get a pull request that updates them.", ""]
    for u in updates:
        old = f"`{neutralise(u.old_venue)}`" if u.old_venue else "no venue"
        move = f"; moves to the {u.move_to} section" if u.move_to else ""
        lines.append(f"- **{neutralise(u.title)}** (line {u.line}): {old} → "
                     f"`{neutralise(u.venue)}`, from {neutralise(u.publication.source)}{move}")
    return "\n".join(lines) + "\n"


def _find(doc: Document, update: Update) -> Entry | None:
    return next((e for e in doc.entries if e.title == update.title
                 and update.key in record_keys(e)), None)


def _move_decision(doc: Document, key: tuple[str, ...], year: int) -> Decision:
    slots = [s for s in slots_of(doc) if s.year == year]
    slot = next((s for s in reversed(slots) if s.key == key), None)
    new_topic = None
    if slot is None and slots:
        if any(s.topic for s in slots) and key:
            new_topic = key[-1]
        else:
            slot = slots[-1]
    return Decision(year, key, slot, not slots, new_topic, (), ())


def apply_updates(text: str, config: Config, updates: Sequence[Update],
                  table: VenueTable | None = None) -> tuple[str, list[Update], list[str]]:
    """The text with every update that keeps the list free of new findings; the updates
    applied, and why the others were not."""
    table = table or load_venue_table(config)
    linter = Linter(config, table)
    doc, baseline, findings = linter.keys(text)
    applied: list[Update] = []
    skipped: list[str] = []
    for update in updates:
        entry = _find(doc, update)
        if entry is None or entry.venue_span is None:
            skipped.append(f"{update.title}: no written venue to replace")
            continue
        # Problems the entry already had (trailing whitespace, say) come along with it: the
        # edit changes their wording, not their existence.
        carried = {f.code for f in findings if entry.line <= f.line <= entry.end_line}
        edited = (doc.text[:entry.venue_span.start] + update.venue
                  + doc.text[entry.venue_span.end:])
        if update.move_to is not None:
            edited = _moved(edited, config, update, topic_key(doc, entry,
                                                               section_parents(doc)))
        new_doc, keys, new_findings = linter.keys(edited)
        moved = _find(new_doc, update)
        lines = range(moved.line, moved.end_line + 1) if moved else range(0)
        added = {finding_key(f) for f in new_findings
                 if finding_key(f) in keys - baseline
                 and f.code not in _IGNORED_WHEN_CHECKING
                 and not (f.code in carried and f.line in lines)}
        if added:
            codes = ", ".join(sorted({k[0] for k in added}))
            skipped.append(f"{update.title}: the change would add findings ({codes})")
            continue
        doc, baseline, findings = new_doc, keys, new_findings
        applied.append(update)
    return doc.text, applied, skipped


def _moved(text: str, config: Config, update: Update, key: tuple[str, ...]) -> str:
    doc = parse(text, config)
    entry = _find(doc, update)
    if entry is None or update.move_to is None:
        return text
    start = doc.source.line_start(entry.line)
    end = (doc.source.line_starts[entry.end_line] if entry.end_line < len(doc.source.line_starts)
           else len(text))
    block = text[start:end].rstrip("\n")
    rest = parse(text[:start] + text[end:], config)
    new_text, _ = insert(rest, _move_decision(rest, key, update.move_to), block, config)
    return new_text


# --- the command ------------------------------------------------------------------------------
def venues_pr_body(applied: Sequence[Update], skipped: Sequence[str], list_path: str,
                   issue: int | None) -> str:
    asked = (f"requested with `/paperlist update-venues` in #{issue}" if issue is not None
             else "found by the scheduled run (`published.update_pr`)")
    lines = ["<!-- paperlist-venues -->", "",
             f"Preprints in `{list_path}` that have since been published, {asked}.", ""]
    for u in applied:
        old = f"`{neutralise(u.old_venue)}`" if u.old_venue else "no venue"
        move = f", moved to the {u.move_to} section (the list files papers by venue year)" \
            if u.move_to else ""
        lines.append(f"- **{neutralise(u.title)}**: {old} → `{neutralise(u.venue)}` "
                     f"(from {neutralise(u.publication.source)}){move}")
    if skipped:
        lines += ["", "Left alone:"] + [f"- {neutralise(s)}" for s in skipped]
    lines += ["", "`paperlist check` on the result: no new finding."]
    return "\n".join(lines) + "\n"


def update_venues_command(args: argparse.Namespace, env: Mapping[str, str],
                          gateway: CommandGateway, issue: int | None) -> int:
    """``/paperlist update-venues`` on issue ``issue`` (the commenter is already trusted), or
    the scheduled run (``issue`` None: nobody to reply to, the pull request says it all)."""
    from bot.commands.run import load_repo_config
    from lint_rules.cli import ExitCode
    from lint_rules.errors import InputError
    from lint_rules.links.publications import PublishedSettings, collect

    base = gateway.default_branch
    config = load_repo_config(args, gateway, base)
    list_path = str(config.get("list") or "README.md")
    listed = gateway.read(list_path, base)
    if listed is None:
        raise InputError(list_path, f"not found on {base} in {gateway.repo_name}")
    table = load_venue_table(config)
    doc = parse(listed.text, config)
    settings = PublishedSettings.from_config(config, dict(os.environ) | dict(env))
    records = collect(doc, table, settings)
    updates = plan_updates(doc, records, table)
    text, applied, skipped = apply_updates(listed.text, config, updates, table)
    marker = f"<!-- paperlist-venues-reply issue={issue} -->"
    if not applied:
        body = marker + "\nNo listed preprint has a newly known venue."
        if skipped:
            body += "\n\nLeft alone:\n" + "\n".join(f"- {neutralise(s)}" for s in skipped)
        if not args.dry_run and issue is not None:
            gateway.reply(issue, body + "\n", marker)
        print("paperlist command: update-venues: nothing to update", file=sys.stderr)
        return ExitCode.OK
    branch = str(config.get("commands.venues_branch") or "paperlist/update-venues")
    title = f"Update the venues of {len(applied)} published preprint" + (
        "s" if len(applied) != 1 else "")
    pr_text = venues_pr_body(applied, skipped, list_path, issue)
    if args.dry_run:
        sys.stdout.write(f"{title}\n\n{pr_text}")
        return ExitCode.OK
    on_branch = gateway.read(list_path, branch) if gateway.branch_sha(branch) else None
    if on_branch is None or on_branch.text != text:
        head = gateway.branch_sha(base)
        if head is None:
            raise InputError(base, "the default branch has no head commit")
        gateway.reset_branch(branch, head)
        gateway.write(list_path, text, listed.sha, branch, title)
    pull, action = gateway.upsert_pull(branch, base, title, pr_text)
    if issue is not None:
        gateway.reply(issue, f"{marker}\n{pull.url} updates {len(applied)} venue"
                      f"{'s' if len(applied) != 1 else ''}.\n", marker)
    print(f"paperlist command: update-venues: pull request #{pull.number} {action}",
          file=sys.stderr)
    return ExitCode.OK
