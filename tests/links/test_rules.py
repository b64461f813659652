"""PL501-PL505 turn live verdicts into findings; without verdicts they say nothing."""

from __future__ import annotations

from lint_rules.config import Config
from lint_rules.engine import REGISTRY, check_document, check_text, make_context
from lint_rules.findings import Applicability
from lint_rules.fixer import fix_to_fixpoint
from lint_rules.links.verdict import LinkResult, Verdict
from lint_rules.parse import parse

PAPER = "https://arxiv.org/abs/2011.01355"
CODE = "https://github.com/ShreyasFadnavis/patch2self"
TEXT = (
    "# Self-Supervised Learning in Medical Imaging\n\n## 2020\n\n"
    f"- [ ] [Patch2Self: Denoising Diffusion MRI with Self-Supervised Learning]({PAPER}). "
    f"NeurIPS 2020. [[Code]({CODE})]\n"
)
LINKS = ["PL501", "PL502", "PL503", "PL504", "PL505"]


def lint(verdicts: dict[str, LinkResult] | None, text: str = TEXT) -> list:
    return [
        f
        for f in check_text(text, select=LINKS, link_verdicts=verdicts)
        if f.code.startswith("PL5")
    ]


def ok(url: str, **kw) -> LinkResult:
    return LinkResult(url, Verdict.OK, 200, **kw)


def test_no_verdicts_no_findings() -> None:
    assert lint(None) == []


def test_all_live_no_findings() -> None:
    assert lint({PAPER: ok(PAPER), CODE: ok(CODE)}) == []


def test_dead_link_is_an_error_on_the_url() -> None:
    findings = lint(
        {PAPER: ok(PAPER), CODE: LinkResult(CODE, Verdict.DEAD, 404, detail="not found")}
    )
    assert [(f.code, f.severity.value) for f in findings] == [("PL501", "error")]
    assert CODE in findings[0].message and "HTTP 404" in findings[0].message
    assert TEXT[findings[0].start : findings[0].end] == CODE


def test_timeout_is_a_warning() -> None:
    findings = lint({PAPER: ok(PAPER), CODE: LinkResult(CODE, Verdict.TIMEOUT)})
    assert [(f.code, f.severity.value) for f in findings] == [("PL502", "warning")]


def test_unverifiable_is_info() -> None:
    blocked = LinkResult(CODE, Verdict.UNVERIFIABLE, 403, detail="refuses bots")
    findings = lint({PAPER: ok(PAPER), CODE: blocked})
    assert [(f.code, f.severity.value) for f in findings] == [("PL504", "info")]
    assert "refuses bots" in findings[0].message


def test_permanent_redirect_has_a_safe_fix_to_the_final_url() -> None:
    moved = "https://github.com/dipy/patch2self"
    verdicts = {PAPER: ok(PAPER), CODE: LinkResult(CODE, Verdict.REDIRECT, 200, moved)}
    [finding] = lint(verdicts)
    assert finding.code == "PL503" and finding.fix.applicability is Applicability.SAFE
    assert finding.fix.title == f"Replace with `{moved}`"
    rules = REGISTRY.select(["PL503"])
    ctx = make_context(Config(), link_verdicts=verdicts)
    fixed = fix_to_fixpoint(TEXT, lambda t: (parse(t), check_document(parse(t), rules, ctx)))
    assert fixed.text == TEXT.replace(CODE, moved)


def test_redirect_to_a_front_page_is_only_an_unsafe_fix() -> None:
    verdicts = {
        PAPER: ok(PAPER),
        CODE: LinkResult(CODE, Verdict.REDIRECT, 200, "https://github.com/"),
    }
    [finding] = lint(verdicts)
    assert finding.fix.applicability is Applicability.UNSAFE


def test_redirect_fix_keeps_the_fragment() -> None:
    url = CODE + "#readme"
    text = TEXT.replace(CODE, url)
    verdicts = {PAPER: ok(PAPER), url: LinkResult(url, Verdict.REDIRECT, 200, "https://x.org/a")}
    [finding] = lint(verdicts, text)
    assert finding.fix.edits[0].content == "https://x.org/a#readme"


def test_arxiv_title_mismatch() -> None:
    other = "Learning to Denoise Microscopy Images Without Clean Data"
    verdicts = {PAPER: ok(PAPER, arxiv_id="2011.01355", arxiv_title=other), CODE: ok(CODE)}
    [finding] = lint(verdicts)
    assert finding.code == "PL505" and other in finding.message
    assert TEXT[finding.start : finding.end] == PAPER


def test_arxiv_title_that_matches_loosely_is_fine() -> None:
    title = "Patch2Self: Denoising Diffusion MRI with Self-Supervised Learning."
    verdicts = {PAPER: ok(PAPER, arxiv_id="2011.01355", arxiv_title=title.upper()), CODE: ok(CODE)}
    assert lint(verdicts) == []


def test_arxiv_title_of_a_code_link_is_not_compared() -> None:
    verdicts = {PAPER: ok(PAPER), CODE: ok(CODE, arxiv_id="x", arxiv_title="Something Else")}
    assert lint(verdicts) == []
