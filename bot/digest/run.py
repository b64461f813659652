"""``paperlist digest``: query arXiv, drop what is known, rank, and open or update the week's issue.

The orchestration only: the window and settings come from flags, ``digest:`` in the config and the
environment; arXiv is read through :mod:`bot.arxiv.client` and GitHub through
:mod:`bot.github.digest_issues`; everything between is pure.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from bot.arxiv.client import DEFAULT_URL, ArxivClient
from bot.arxiv.query import QuerySpec, as_utc, build_search_query
from bot.digest.dedupe import ListIndex, dedupe, suggested_before
from bot.digest.rank import Ranker, placement
from bot.digest.render import DigestSummary, Suggestion, iso_week, render_body
from bot.errors import RunContextError
from lint_rules.cli import ExitCode
from lint_rules.config import Config, find_config, load_config
from lint_rules.errors import ConfigError, InputError, PaperlistError, UsageError
from lint_rules.model import Document
from lint_rules.parse import parse

log = logging.getLogger("paperlist.digest")

DEFAULTS: dict[str, Any] = {
    "top": 15,
    "label": "arxiv-digest",
    "lookback_days": 7,
    "overlap_days": 1,
    "max_results": 1000,
    "delay_seconds": 3.0,
    "page_size": 100,
}


@dataclass(frozen=True, slots=True)
class Window:
    since: datetime
    until: datetime

    @property
    def week(self) -> str:
        return iso_week(self.until.date())


def parse_moment(text: str, *, end_of_day: bool) -> datetime:
    """``YYYY-MM-DD`` (start or end of that day, UTC) or an ISO 8601 date-time."""
    try:
        if len(text.strip()) == 10:
            day = date.fromisoformat(text.strip())
            return datetime.combine(day, time.max if end_of_day else time.min, UTC)
        return as_utc(datetime.fromisoformat(text.strip()))
    except ValueError:
        raise UsageError(f"not a date: {text!r} (use YYYY-MM-DD)") from None


def window(
    since: str | None, until: str | None, cfg: dict[str, Any], now: datetime | None = None
) -> Window:
    end = parse_moment(until, end_of_day=True) if until else as_utc(now or datetime.now(UTC))
    if since:
        start = parse_moment(since, end_of_day=False)
    else:
        days = int(cfg["lookback_days"]) + int(cfg["overlap_days"])
        # Whole days: the window starts at midnight UTC, `days` before the end's day.
        start = datetime.combine(end.date() - timedelta(days=days), time.min, UTC)
    if start > end:
        raise UsageError(f"--since {start:%Y-%m-%d} is after --until {end:%Y-%m-%d}")
    # arXiv dates have minute precision; drop seconds so the query is stable within a minute.
    return Window(start.replace(second=0, microsecond=0), end.replace(second=0, microsecond=0))


def _settings(config: Config) -> dict[str, Any]:
    raw = config.get("digest", {}) or {}
    return {**DEFAULTS, **raw}


def _load(args: argparse.Namespace) -> tuple[Config, Path]:
    config_path = Path(args.config) if args.config else find_config(None, Path.cwd())
    config = load_config(config_path) if config_path else Config({}, None)
    base = config.directory or Path.cwd()
    list_path = base / (config.get("list") or "README.md")
    return config, list_path


def _read_list(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(str(path), "list file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot be read: {exc}") from None


def _published_section(doc: Document, config: Config, cfg: dict[str, Any]) -> str:
    """The "Published since listed" section, or "" (not configured, switched off, nothing
    found, or the lookups failed: the digest itself must not depend on them). It is on when the
    config has a ``published:`` block (Crossref's polite pool wants a ``mailto`` there)."""
    block = config.get("published")
    if not isinstance(block, dict) or not block.get("digest", True) or not block.get(
            "enabled", True):
        return ""
    from bot.published import plan_updates, render_section
    from lint_rules.links.publications import PublishedSettings, collect
    from lint_rules.venues import load_venue_table

    env = dict(os.environ)
    if cfg.get("arxiv_api_url"):
        env.setdefault("PAPERLIST_ARXIV_URL", str(cfg["arxiv_api_url"]))
    try:
        table = load_venue_table(config)
        records = collect(doc, table, PublishedSettings.from_config(config, env))
        return render_section(plan_updates(doc, records, table))
    except (PaperlistError, OSError) as exc:
        log.warning("published-since-listed lookups failed: %s", exc)
        return ""


def with_section(body: str, section: str) -> str:
    """``section`` placed before the body's closing line (the "Opened by" note)."""
    if not section:
        return body
    closing = "\n<sub>Opened by"
    at = body.rfind(closing)
    if at == -1:
        return body.rstrip("\n") + "\n\n" + section
    return body[:at] + "\n" + section + body[at:]


def digest_main(args: argparse.Namespace) -> int:
    config, list_path = _load(args)
    cfg = _settings(config)
    spec = QuerySpec.from_config(cfg)
    if spec.is_empty:
        raise ConfigError(
            config.path or ".paperlist.yml", "digest", config.line_of("digest"),
            "set digest.keywords (and optionally required, categories) to tell arXiv what to find",
        )  # fmt: skip
    doc = parse(_read_list(list_path), config)
    win = window(args.since, args.until, cfg)
    top = args.top if args.top is not None else int(cfg["top"])
    if top < 1:
        raise UsageError("--top must be at least 1")

    token = args.token or os.environ.get("GITHUB_TOKEN")
    repo_name = args.repo or os.environ.get("GITHUB_REPOSITORY")
    api_url = args.api_url or os.environ.get("GITHUB_API_URL") or "https://api.github.com"
    if not args.dry_run and not (token and repo_name):
        missing = "repository" if not repo_name else "token"
        raise RunContextError(missing, "pass --repo and set GITHUB_TOKEN, or use --dry-run")

    issues = None
    earlier = []
    if token and repo_name:
        from bot.github.digest_issues import DigestIssues, connect, guarded

        repo = guarded(f"open {repo_name}", lambda: connect(token, api_url, repo_name))
        issues = DigestIssues(repo, str(cfg["label"]))
        earlier = guarded("list the digest issues", issues.list_digest_issues)
    else:
        log.info("no GitHub token or repository: not checking earlier digest issues")

    arxiv_url = cfg.get("arxiv_api_url") or os.environ.get("PAPERLIST_ARXIV_URL") or DEFAULT_URL
    query = build_search_query(spec, win.since, win.until)
    log.info("querying arXiv %s for %s", arxiv_url, query)
    with ArxivClient(
        arxiv_url, delay_seconds=float(cfg["delay_seconds"]), page_size=int(cfg["page_size"])
    ) as client:
        result = client.search(query, max_results=int(cfg["max_results"]))

    before = suggested_before((i.body for i in earlier), except_week=win.week)
    deduped = dedupe(result.entries, ListIndex.from_entries(doc.entries), before)
    ranked = Ranker.from_document(doc, spec).rank(deduped.kept)[:top]
    suggestions = [
        Suggestion(r, placement(r, doc, r.paper.published.year if r.paper.published else None))
        for r in ranked
    ]
    published = _published_section(doc, config, cfg)
    listed = sum(1 for d in deduped.dropped if d.entry is not None)
    seen_before = sum(1 for d in deduped.dropped if d.reason.startswith("suggested"))
    found = len(result.entries)
    counts = f"{found} found, {listed} already listed, {seen_before} suggested before"
    warnings = list(result.warnings)
    if result.total_results > found:
        warnings.append(
            f"arXiv has {result.total_results} matches in this window; only the newest {found} "
            "were looked at (raise digest.max_results or narrow the window)"
        )
        log.warning("%s", warnings[-1])
    if not suggestions and not published:
        print(f"digest: nothing new for {win.week} ({counts}); no issue opened", file=sys.stderr)
        return ExitCode.OK

    summary = DigestSummary(
        week=win.week, since=win.since, until=win.until, found=len(result.entries),
        already_listed=listed, suggested_before=seen_before, warnings=tuple(warnings),
    )  # fmt: skip
    body = with_section(render_body(summary, suggestions), published)
    if args.dry_run or issues is None:
        sys.stdout.write(body)
        print(f"digest: dry run, {len(suggestions)} suggestions ({counts})", file=sys.stderr)
        return ExitCode.OK
    issue, action = guarded("save the issue", lambda: issues.upsert(win.week, body, known=earlier))
    print(f"digest: {action} issue #{issue.number} {issue.url} ({counts})", file=sys.stderr)
    return ExitCode.OK
