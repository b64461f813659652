"""Trust on real lists, with no config: every error lands on a line a careful reader labelled as a
real defect (``tests/data/corpus/expectations.tsv``), most of those defects get an error, no
`not-an-error` line gets one, every list is read, and ``--fix`` keeps what readers see."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from lint_rules.engine import check_text
from lint_rules.findings import Severity
from lint_rules.parse import parse
from tests.conftest import DATA

CORPUS = DATA / "corpus"
LABELLED = sorted(p for p in CORPUS.glob("*.md") if p.name != "README.md")


def _labels() -> dict[str, dict[int, str]]:
    out: dict[str, dict[int, str]] = {}
    with (CORPUS / "expectations.tsv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            out.setdefault(row["list"], {})[int(row["line"])] = row["verdict"]
    return out


LABELS = _labels()


@pytest.fixture(scope="module", params=LABELLED, ids=lambda p: p.stem[:16])
def checked(request: pytest.FixtureRequest) -> tuple[Path, list, dict[int, str]]:
    path: Path = request.param
    return path, check_text(path.read_text("utf-8")), LABELS.get(path.stem, {})


def test_every_error_is_a_labelled_defect(checked: tuple[Path, list, dict[int, str]]) -> None:
    path, findings, labels = checked
    errors = {f.line: f.code for f in findings if f.severity is Severity.ERROR}
    false = {line: code for line, code in errors.items() if labels.get(line) != "error"}
    assert not false, f"{path.name}: errors on lines without a real defect: {false}"


def test_most_labelled_defects_get_an_error(checked: tuple[Path, list, dict[int, str]]) -> None:
    _, findings, labels = checked
    wanted = {line for line, verdict in labels.items() if verdict == "error"}
    errors = {f.line for f in findings if f.severity is Severity.ERROR}
    assert len(wanted & errors) >= 0.8 * len(wanted), sorted(wanted - errors)


def test_cross_listed_copies_are_info_naming_the_other_section() -> None:
    path = CORPUS / "diff-usion__Awesome-Diffusion-Models.md"
    findings = check_text(path.read_text("utf-8"))
    crosslisted = [line for line, verdict in LABELS[path.stem].items()
                   if verdict == "not-an-error" and line]
    infos = [f for f in findings if f.code in ("PL301", "PL302") and f.line in crosslisted]
    assert len(infos) >= 0.9 * len(crosslisted)
    assert all(f.severity is Severity.INFO and " under `" in f.message for f in infos)
    assert all(f.fix is None for f in findings if f.code.startswith("PL3"))


def test_every_list_is_read(checked: tuple[Path, list, dict[int, str]]) -> None:
    path, _, _ = checked
    doc = parse(path.read_text("utf-8"))
    assert len(doc.entries) >= 20
    assert len(doc.unread) + len(doc.candidates) <= 0.02 * len(doc.entries) + 1


def test_every_output_format_says_how_many_entries_were_read(tmp_path: Path) -> None:
    import io
    import json

    from lint_rules.cli import build_parser, run

    def main(argv: list[str], stdout: io.StringIO) -> int:
        return run(build_parser()[0], argv, stdout=stdout, stderr=io.StringIO())

    shapes = tmp_path / "README.md"
    shapes.write_text(
        "# A list\n## Segmentation\n" + "".join(
            f"{n}) Paper number {n} on contrastive segmentation, arXiv:2006.1051{n}.\n\n"
            for n in range(1, 5)), "utf-8")
    out = io.StringIO()
    # Unread items are a warning: no error, but never "All checks passed!" in silence.
    assert main(["check", str(shapes), "--output-format", "json"], stdout=out) == 0
    summary = json.loads(out.getvalue())["summary"]
    assert (summary["entries"], summary["unread"]) == ({str(shapes): 0}, {str(shapes): 4})
    finding = next(f for f in json.loads(out.getvalue())["findings"] if f["rule"] == "PL119")
    assert finding["line"] == 2 and "4 items" in finding["message"]
    text = io.StringIO()
    main(["check", str(shapes)], stdout=text)
    assert "Read 0 entries; 4 items that look like papers were not read" in text.getvalue()
    github = io.StringIO()
    main(["check", str(shapes), "--output-format", "github"], stdout=github)
    assert "::notice" in github.getvalue() and "Read 0 entries" in github.getvalue()
    sarif = io.StringIO()
    main(["check", str(shapes), "--output-format", "sarif"], stdout=sarif)
    props = json.loads(sarif.getvalue())["runs"][0]["properties"]["files"]
    assert props[str(shapes)] == {"entries": 0, "unread": 4}


def test_one_entry_and_one_unread_item_are_said_in_the_singular(tmp_path: Path) -> None:
    import io

    from lint_rules.cli import build_parser, run

    def main(argv: list[str]) -> str:
        out = io.StringIO()
        run(build_parser()[0], argv, stdout=out, stderr=io.StringIO())
        return out.getvalue()

    one = tmp_path / "README.md"
    one.write_text("# A list\n## Segmentation\n"
                   "- [Contrastive segmentation](https://arxiv.org/abs/2006.10511). 2020.\n\n"
                   "1) Paper on contrastive segmentation, arXiv:2006.10512.\n", "utf-8")
    assert "Read 1 entry; 1 item that looks like a paper was not read (see PL101, PL119)." \
        in main(["check", str(one)])
    assert "Read 1 entry; 1 item that looks like a paper was not read" \
        in main(["check", str(one), "--output-format", "github"])
    # PL119 words a lone unread item in the singular when it is the one it reports.
    from lint_rules.engine import check_text

    empty = "# A list\n## Segmentation\n1) Paper on contrastive segmentation, arXiv:2006.10512.\n"
    messages = [f.message for f in check_text(empty) if f.code == "PL119"]
    assert messages == ["1 item under `Segmentation` looks like a paper but fits no entry style "
                        "and was not checked (line 3)"]


def _rendered(text: str) -> tuple[str, int]:
    """What a reader sees, modulo what a safe fix may change (docs/severity.md): visible text
    with whitespace collapsed, case folded, ligatures and invisible characters normalised; and
    the number of hard breaks."""
    import html
    import re
    import unicodedata

    from markdown_it import MarkdownIt

    out = MarkdownIt("commonmark", {"html": True}).enable("table").render(text)
    breaks = len(re.findall(r"<br\s*/?>", out, re.IGNORECASE))
    visible = html.unescape(re.sub(r"<[^>]+>", " ", out))
    visible = re.sub(r"[\u00ad\u200b-\u200f\u2060\ufeff]", "",
                     unicodedata.normalize("NFKC", visible))
    return " ".join(visible.split()).casefold(), breaks


@pytest.mark.parametrize("path", [p for p in LABELLED if "diff-usion" not in p.name]
                         + [DATA.parent.parent / "examples" / "self-supervised-medical-imaging"
                            / "README.md"], ids=lambda p: p.stem[:16])
def test_safe_fixes_change_nothing_a_reader_sees(path: Path) -> None:
    from lint_rules.config import Config
    from lint_rules.engine import REGISTRY, check_document, make_context
    from lint_rules.fixer import fix_to_fixpoint

    text = path.read_text("utf-8")
    config = Config()
    ctx, rules = make_context(config), tuple(REGISTRY)

    def lint(t: str):
        doc = parse(t, config)
        return doc, check_document(doc, rules, ctx)

    result = fix_to_fixpoint(text, lint)
    assert result.applied > 0 and not result.refused
    assert _rendered(result.text) == _rendered(text)
    assert len(result.document.entries) == len(parse(text).entries)
