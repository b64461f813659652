"""The linter's command line: ``check``, ``links``, ``rules``, ``rule``.

The only place that reads list files, writes fixed files and prints. Everything it calls takes
and returns values. ``bot.cli`` adds ``review`` and ``digest`` to the parser built here.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import gc
import os
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path
from typing import Any, TextIO

from . import __version__
from .config import Config, find_config, load_config, read_regular_file
from .engine import REGISTRY, check_document, make_context, selected_rules
from .errors import InputError, OutputError, PaperlistError, UsageError
from .findings import Finding, Severity
from .model import Document
from .parse import parse
from .report import FORMATS, HUMAN_READABLE, ReportContext, renderer
from .report.base import FileReport
from .source import too_many_lines

# Far above any real list (the largest lists we know are under 1 MB), far below what a
# `check` can hold in memory comfortably.
MAX_LIST_BYTES = 20_000_000


class ExitCode(IntEnum):
    OK = 0  # no error-severity finding remains
    FINDINGS = 1  # error-severity findings remain
    ERROR = 2  # the command could not run


# --- reading and writing files (the I/O edge) -----------------------------------------------
def read_list(path: Path) -> str:
    try:
        data = read_regular_file(path, MAX_LIST_BYTES)
    except FileNotFoundError:
        raise InputError(str(path), "no such file") from None
    except IsADirectoryError:
        raise InputError(str(path), "is a directory, not a list file") from None
    except OSError as exc:
        if exc.errno in (errno.EINVAL, errno.EFBIG):  # our own refusals: not a file, too big
            raise InputError(str(path), f"{exc.strerror}, not a list file to check") from None
        raise InputError(str(path), f"cannot be read ({exc.strerror})") from None
    if b"\0" in data[:8192]:
        raise InputError(str(path), "is a binary file, not a markdown list")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(str(path), f"is not UTF-8 text (byte {exc.start})") from None
    refusal = too_many_lines(text, len(data))
    if refusal:
        raise InputError(str(path), refusal)
    return text


def write_atomically(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` all at once: readers see the old file or the new one.

    The temporary file gets a fresh unpredictable name, created exclusively (``mkstemp``), in
    the same directory so that the rename stays on one file system. A name chosen in advance
    could be planted in a checkout as a symlink, and writing through it would overwrite the
    link's target. ``path`` itself is replaced, never written through if it is a symlink.
    """
    import tempfile

    try:
        mode = os.stat(path).st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o644
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".paperlist-tmp",
                                   dir=path.parent or ".")
    except OSError as exc:
        raise OutputError(str(path), exc.strerror or str(exc)) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)  # mkstemp creates 0600; keep the list's own permissions
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):  # a full disk, a read-only directory: exit 2, one line
            raise OutputError(str(path), exc.strerror or str(exc)) from None
        raise


@dataclass
class Target:
    path: Path
    shown: str  # the path as the user gave it
    config: Config
    text: str


def resolve_targets(paths: Sequence[str], config_path: str | None, cwd: Path) -> list[Target]:
    explicit = load_config(config_path) if config_path else None
    if not paths:
        config = explicit
        if config is None:
            found = find_config(None, cwd)
            config = load_config(found) if found else Config()
        base = config.directory or cwd
        list_name = config.get("list", "README.md")
        paths = [str(base / list_name) if config.path else list_name]
    targets = []
    for shown in paths:
        path = Path(shown)
        config = explicit
        if config is None:
            found = find_config(path, cwd)
            config = load_config(found) if found else Config()
        targets.append(Target(path, _display(shown, cwd), config, read_list(path)))
    return targets


def _display(shown: str, cwd: Path) -> str:
    """The path as given, shortened to a relative one when it lies under ``cwd``."""
    path = Path(shown)
    if path.is_absolute() and path.is_relative_to(cwd):
        return str(path.relative_to(cwd))
    return shown


# --- commands ---------------------------------------------------------------------------------
def _split_codes(values: Sequence[str] | None) -> list[str] | None:
    if not values:
        return None
    return [c.strip() for v in values for c in v.split(",") if c.strip()]


def _lint_closure(
    config: Config, rules: Sequence[Any], path: str, verdicts: Any, publications: Any = None
) -> Callable[[str], tuple[Document, list[Finding]]]:
    ctx = make_context(config, path=path, link_verdicts=verdicts, publications=publications)

    def lint(text: str) -> tuple[Document, list[Finding]]:
        doc = parse(text, config)
        return doc, check_document(doc, rules, ctx)

    return lint


def cmd_check(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    if args.fix and args.diff:
        raise UsageError("--fix and --diff cannot be combined: --diff writes nothing")
    targets = resolve_targets(args.paths, args.config, Path.cwd())
    select, ignore = _split_codes(args.select), _split_codes(args.ignore)
    reports: list[FileReport] = []
    diffs: list[str] = []
    for t in targets:
        rules = selected_rules(t.config, select, ignore, REGISTRY)
        verdicts = publications = None
        if args.links or t.config.get("links.enabled", False):
            verdicts = _link_verdicts([parse(t.text, t.config)], t.config, args, stderr)
            from .links.publications import for_check

            publications = for_check(parse(t.text, t.config), t.config, rules)
        lint = _lint_closure(t.config, rules, t.shown, verdicts, publications)
        fixed = 0
        if args.fix or args.diff:
            from .fixer import fix_to_fixpoint

            result = fix_to_fixpoint(t.text, lint, unsafe=args.unsafe_fixes)
            for reason in result.refused:
                print(f"{t.shown}: {reason}", file=stderr)
            if args.diff and result.text != t.text:
                diffs.append(unified_diff(t.text, result.text, t.shown))
            if args.fix and result.text != t.text:
                write_atomically(t.path, result.text)
            # The last pass already linted the fixed text: report that, do not lint it again.
            doc, findings = result.document, result.findings
            fixed = result.applied if args.fix else 0
        else:
            doc, findings = lint(t.text)
        reports.append(FileReport(t.shown, doc.source, findings, _style(doc),
                                  section_styles=_section_styles(doc), fixed=fixed,
                                  entries=len(doc.entries),
                                  unread=len(doc.candidates) + len(doc.unread),
                                  conventions=_conventions(doc, t.config, args)))
    fmt = args.output_format
    if args.diff:
        stdout.write("".join(diffs))
        if fmt in HUMAN_READABLE:
            fixes = len(diffs)
            print(f"Would fix {fixes} file{'s' if fixes != 1 else ''}." if fixes
                  else "No fixes available.", file=stderr)
    else:
        color = fmt == "text" and stdout.isatty() and "NO_COLOR" not in os.environ
        extra = {"show_style": True} if getattr(args, "show_style", False) else {}
        stdout.write(renderer(fmt)(ReportContext(reports, color=color, extra=extra)))
        if getattr(args, "show_style", False) and fmt in HUMAN_READABLE:
            for fr in reports:
                print(f"{fr.path}: style {fr.style or 'none detected'}", file=stdout)
                if len({style for _, _, style in fr.section_styles}) > 1:
                    for title, line, style in fr.section_styles:
                        print(f"  {fr.path}:{line}: {title or '(top)'}: {style}", file=stdout)
                for fact in fr.conventions:
                    print(f"{fr.path}: {fact}", file=stdout)
    errors = any(f.severity is Severity.ERROR for fr in reports for f in fr.findings)
    return ExitCode.FINDINGS if errors and not args.exit_zero else ExitCode.OK


def unified_diff(before: str, after: str, path: str) -> str:
    """A ``git apply``-able unified diff, marking a last line without a newline as git does."""
    import difflib

    lines = difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                 fromfile=f"a/{path}", tofile=f"b/{path}")
    return "".join(ln if ln.endswith("\n") else ln + "\n\\ No newline at end of file\n"
                   for ln in lines)


def _conventions(doc: Document, config: Config, args: argparse.Namespace) -> tuple[str, ...]:
    """What the rules learned of the list, for ``--show-style``."""
    if not getattr(args, "show_style", False):
        return ()
    from .learn import learn

    return tuple(learn(doc, config).describe(doc))


def _section_styles(doc: Document) -> tuple[tuple[str, int, str], ...]:
    return tuple((s.title, s.line, s.style) for s in doc.sections if s.style)


def _style(doc: Document) -> str:
    styles = [s for s in doc.styles if s]
    return max(set(styles), key=styles.count) if styles else ""


def _link_verdicts(docs: list[Document], config: Config, args: argparse.Namespace,
                   stderr: TextIO) -> Any:
    from .links.command import collect_verdicts

    progress = stderr.isatty() and args.output_format in HUMAN_READABLE and not os.environ.get("CI")
    return collect_verdicts(docs, config, progress)


def cmd_links(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from .links.command import links_main

    targets = resolve_targets(args.paths, args.config, Path.cwd())
    config = targets[0].config
    docs = [parse(t.text, t.config) for t in targets]
    progress = stderr.isatty() and args.output_format == "text" and not os.environ.get("CI")
    return links_main([t.shown for t in targets], docs, config, args.output_format, stdout,
                      progress)


def cmd_rules(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    import json

    rules = list(REGISTRY)
    if args.output_format == "json":
        stdout.write(json.dumps([
            {"code": r.code, "name": r.name, "severity": r.severity.value,
             "fix": r.fix_availability, "needs_links": r.needs_links} for r in rules
        ], indent=2) + "\n")
        return ExitCode.OK
    width = max(len(r.name) for r in rules)
    for r in rules:
        fix = {"none": "   ", "sometimes": "(*)", "always": "[*]"}[r.fix_availability]
        stdout.write(f"{r.code}  {r.name:<{width}}  {r.severity.value:<7}  {fix}\n")
    return ExitCode.OK


def cmd_rule(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from .docs import render_rule

    rule = REGISTRY.get(args.code)
    if rule is None:
        raise UsageError(f"unknown rule `{args.code}` (see `paperlist rules`)")
    stdout.write(render_rule(rule))
    return ExitCode.OK


# --- parser -------------------------------------------------------------------------------------
class _Parser(argparse.ArgumentParser):
    """argparse builds a help formatter for every ``add_argument`` (to validate metavars), and
    each one imports shutil (with bz2 and lzma) for the terminal width: about 3 ms of every
    start. The width is read here with ``os`` instead. Subparsers inherit the class."""

    def _get_formatter(self) -> argparse.HelpFormatter:
        return self.formatter_class(prog=self.prog, width=_help_width())  # type: ignore[call-arg]


def _help_width() -> int:
    """What ``shutil.get_terminal_size`` would say, minus the 2 columns argparse keeps free."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 80
    return max(columns - 2, 20)


def command_named(argv: Sequence[str] | None, names: Iterable[str]) -> str | None:
    """The command ``argv`` runs when its first word names one; else None (help, a typo)."""
    argv = sys.argv[1:] if argv is None else argv
    return argv[0] if argv and argv[0] in set(names) else None


def build_parser(only: str | None = None) -> tuple[argparse.ArgumentParser, Any]:
    """The parser and its subparsers action. With ``only``, the command about to run, no other
    command's parser is built: each costs argparse a few hundred microseconds of start-up,
    which a pre-commit hook pays on every commit. Without it (top-level help, an unknown
    command) all are, so help and the invalid-choice error list every command."""
    parser = _Parser(
        prog="paperlist",
        description="Lint curated lists of research papers, and review pull requests to them.",
    )
    parser.add_argument("--version", action="version", version=f"paperlist {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    add_commands(sub, LINT_COMMANDS, only)
    return parser, sub


def add_commands(sub: Any, commands: Mapping[str, Callable[[Any], None]],
                 only: str | None) -> None:
    """Add ``commands`` (name -> what adds its parser) to ``sub``: all, or only ``only``."""
    for name, add in commands.items():
        if only is None or only == name:
            add(sub)


def _add_check(sub: Any) -> None:
    check = sub.add_parser("check", help="lint a paper list")
    check.add_argument("paths", nargs="*", metavar="PATH",
                       help="list files (default: the config's `list`, else README.md)")
    check.add_argument("--config", metavar="FILE", help="config file (default: .paperlist.yml)")
    check.add_argument("--fix", action="store_true", help="apply every safe fix in place")
    check.add_argument("--diff", action="store_true",
                       help="print the fixes as a unified diff and write nothing")
    check.add_argument("--unsafe-fixes", action="store_true",
                       help="with --fix/--diff, apply unsafe fixes too")
    check.add_argument("--links", action="store_true", help="check links live too")
    check.add_argument("--output-format", choices=FORMATS, default="text")
    check.add_argument("--select", action="append", metavar="RULES",
                       help="comma-separated codes, prefixes or names to enable")
    check.add_argument("--ignore", action="append", metavar="RULES",
                       help="comma-separated codes, prefixes or names to disable")
    check.add_argument("--exit-zero", action="store_true",
                       help="exit 0 even when error findings remain (2 still means failure)")
    check.add_argument("--show-style", action="store_true",
                       help="say which entry style was detected")
    check.set_defaults(handler=cmd_check)


def _add_links(sub: Any) -> None:
    links = sub.add_parser("links", help="check every link of a list live")
    links.add_argument("paths", nargs="*", metavar="PATH")
    links.add_argument("--config", metavar="FILE")
    links.add_argument("--output-format", choices=["text", "json", "markdown"], default="text",
                       help="markdown: the link report, as `paperlist link-report` posts it")
    links.set_defaults(handler=cmd_links)


def _add_rules(sub: Any) -> None:
    rules = sub.add_parser("rules", help="list the rules")
    rules.add_argument("--output-format", choices=["text", "json"], default="text")
    rules.set_defaults(handler=cmd_rules)


def _add_rule(sub: Any) -> None:
    rule = sub.add_parser("rule", help="explain one rule")
    rule.add_argument("code", help="a rule code or name, e.g. PL103 or empty-link")
    rule.set_defaults(handler=cmd_rule)


LINT_COMMANDS: dict[str, Callable[[Any], None]] = {
    "check": _add_check, "links": _add_links, "rules": _add_rules, "rule": _add_rule,
}


def run(parser: argparse.ArgumentParser, argv: Sequence[str] | None,
        stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    # A list parses into many small objects and almost no cycles: the collector's frequent
    # passes over them cost a tenth of a check (10k entries) and free nothing. Collect rarely.
    gc.set_threshold(100_000, 50, 100)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse already printed the reason
        return ExitCode.OK if exc.code == 0 else ExitCode.ERROR
    if getattr(args, "handler", None) is None:
        parser.print_help(stderr)
        return ExitCode.ERROR
    try:
        return int(args.handler(args, stdout, stderr))
    except PaperlistError as exc:
        # One line per problem (a config may have several), each one a complete message.
        for line in str(exc).splitlines() or [type(exc).__name__]:
            print(f"paperlist: error: {line}", file=stderr)
        return ExitCode.ERROR
    except KeyboardInterrupt:
        print("paperlist: interrupted", file=stderr)
        return ExitCode.ERROR
    except BrokenPipeError:
        return ExitCode.OK


def main(argv: Sequence[str] | None = None) -> int:
    parser, _ = build_parser(command_named(argv, LINT_COMMANDS))
    return run(parser, argv)


if __name__ == "__main__":
    sys.exit(main())
