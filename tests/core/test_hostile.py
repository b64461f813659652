"""Hostile text (issue 12, "Time and memory"): each attack of `benchmarks/hostile/run.py`, small.

These tests hold what the scans must still get right on such text; the time, memory and output
bounds are measured by the benchmark, never timed here.
"""

from __future__ import annotations

import json
from dataclasses import replace

from lint_rules.config import Config
from lint_rules.engine import REGISTRY, Budget, check_document, check_text, make_context
from lint_rules.findings import Edit, Finding, Fix, Severity
from lint_rules.identifiers import doi, normalize_title, normalize_url
from lint_rules.inline import find_links, link_at, match_bracket
from lint_rules.parse import parse
from lint_rules.report.base import FileReport, ReportContext
from lint_rules.report.json import MAX_REPLACEMENT_LINES_CHARS, render
from lint_rules.rules.duplicates.similar_title import MAX_GROUP, _candidate_pairs, _numbers
from lint_rules.rules.format.insecure_link import serves_https
from lint_rules.styles.base import split_venue_year
from lint_rules.venues import parse_venue

ENTRY = "- [ ] [A paper title long enough to count]({url}). MICCAI 2020.\n"


# --- link scanning -----------------------------------------------------------------------------
def test_open_brackets_are_no_link_and_the_item_is_reported() -> None:
    text = "## 2020\n\n- " + "[" * 3000 + "\n"
    assert find_links(text) == []
    assert match_bracket(text, text.index("["), len(text)) == -1
    assert check_text(text) is not None  # runs through; the item is a candidate at most


def test_unclosed_links_are_no_links_but_a_closed_one_after_them_is() -> None:
    text = "- " + "[a](" * 3000 + " [b](https://b.org/y)\n"
    links = find_links(text)
    assert [(lk.label, lk.url) for lk in links] == [("b", "https://b.org/y")]


def test_destination_with_a_run_of_spaces_is_kept_leniently_and_titles_still_come_off() -> None:
    dest = "https://a.org/x" + " " * 5000 + "y"
    (link,) = find_links(f"- [T]({dest})")
    assert link.url == dest  # reported as malformed, not lost
    (titled,) = find_links('- [T](https://a.org/x' + " " * 5000 + '"A title")')
    assert titled.url == "https://a.org/x"
    (paren,) = find_links("- [T](https://a.org/x (note))")
    assert paren.url == "https://a.org/x"
    (kept,) = find_links("- [T](https://a.org/x_(y))")
    assert kept.url == "https://a.org/x_(y)"


def test_code_spans_hide_brackets_in_labels_whatever_their_number() -> None:
    text = "- [ ] [" + "`" * 4000 + "](https://a.org/x). MICCAI 2020."
    (link,) = find_links(text)  # one run, never closed: literal backticks, not a code span
    assert link.label == "`" * 4000 and link.url == "https://a.org/x"
    hidden = "- [" + "`" * 300 + "](https://a.org/x) " + "`" * 300 + " [b](https://b.org/y)"
    assert [lk.url for lk in find_links(hidden)] == ["https://b.org/y"]  # "]" inside a span
    (link,) = find_links("- [a `]` b](https://a.org/x)")
    assert link.label == "a `]` b"
    (unclosed,) = find_links("- [a ``x` ](https://a.org/x)")  # runs of unequal length: no span
    assert unclosed.url == "https://a.org/x"
    assert find_links("`[a](https://a.org/x)`") == []  # a link inside a code span is code
    assert link_at("- [b](u)", 2, 8) is not None


def test_escaped_brackets_open_nothing() -> None:
    assert find_links(r"- \[a](https://a.org/x)") == []
    (link,) = find_links(r"- [a \] b](https://a.org/x)")
    assert link.label == r"a \] b"


def test_destination_cannot_run_over_a_blank_line() -> None:
    assert find_links("- [a](https://a.org/x\n\nmore)") == []


def test_links_then_bare_urls_each_found_once() -> None:
    n = 2000
    text = "- " + "[a](https://a.org/x) " * n + "https://b.org/y " * n + "<https://c.org/z>\n"
    links = find_links(text)
    assert sum(not lk.bare for lk in links) == n
    assert sum(lk.bare and lk.url == "https://b.org/y" for lk in links) == n
    assert sum(lk.url == "https://c.org/z" for lk in links) == 1
    starts = [lk.start for lk in links]
    assert starts == sorted(set(starts))  # in order, none twice, none inside another


# --- identifiers, hosts, venues --------------------------------------------------------------
def test_doi_page_suffixes_come_off_however_many() -> None:
    assert doi("https://doi.org/10.1000/xyz" + "/abs" * 5000) == "10.1000/xyz"
    assert doi("https://doi.org/10.1000/XYZ.full.pdf/") == "10.1000/xyz"
    assert doi("https://www.biorxiv.org/content/10.1101/2020.01.01.123456v2.full.pdf") == \
        "10.1101/2020.01.01.123456"


def test_host_suffix_lookup_on_a_host_of_thousands_of_labels() -> None:
    assert not serves_https("a." * 20_000 + "a")
    assert serves_https("a." * 20_000 + "github.io")
    assert serves_https("pubmed.ncbi.nlm.nih.gov")


def test_venue_and_year_with_long_runs_of_spaces() -> None:
    venue = "Venue" + " " * 20_000 + "x 2020"
    assert parse_venue(venue).year == 2020
    assert parse_venue(venue).name == "Venue x"
    assert parse_venue("CVPR" + " " * 20_000 + "(Oral)").note == "(Oral)"
    assert parse_venue("MICCAI" + " " * 20_000 + "'20").year == 2020
    assert split_venue_year("Venue" + " " * 20_000 + "x 2020.") == ("Venue" + " " * 20_000 + "x",
                                                                    2020)


def test_heading_with_a_long_run_of_spaces_and_closing_hashes() -> None:
    spaced = "# T" + " " * 20_000 + "x\n"
    assert not [f for f in check_text(spaced) if f.code == "PL115"]
    closed = "# Title" + " " * 20_000 + "##  \n"
    (finding,) = [f for f in check_text(closed) if f.code == "PL115"]
    assert finding.fix is not None
    (edit,) = finding.fix.edits
    assert (edit.start, edit.end) == (len("# Title"), len(closed) - 3)


def test_bold_year_items_with_long_runs_of_spaces() -> None:
    text = "".join("- **T** (Jan" + " " * 5000 + "\n" for _ in range(20))
    text += "- **Deep Learning** (Jan  2015), Y. LeCun et al. [[pdf]](https://a.org/x)\n"
    doc = parse(text)
    assert [(e.title, e.year, e.authors) for e in doc.entries] == [
        ("Deep Learning", 2015, "Y. LeCun et al")]


# --- near titles --------------------------------------------------------------------------------
def test_titles_that_differ_only_by_a_number_are_never_paired() -> None:
    titles = [normalize_title(f"Contrastive learning of global and local features for medical "
                              f"image segmentation {i}") for i in range(3000)]
    assert _candidate_pairs(titles, [_numbers(t) for t in titles]) == []


def test_common_word_titles_give_linear_work_and_keep_a_typo_pair() -> None:
    letters = "abcdefghijklmnopqrstuvwxyz"
    base = "contrastive learning of global and local features for medical image segmentation"
    titles = [f"{base} {letters[i % 26]}{letters[i // 26 % 26]}q" for i in range(600)]
    typo = "contrastive learning of global and local featurse for medical image segmentation"
    titles += [f"{typo} zzq", f"{base} zzq"]
    pairs = _candidate_pairs(titles, [frozenset()] * len(titles))
    assert len(titles) > MAX_GROUP
    assert (600, 601) in {(i, j) for i, j, _ in pairs}
    # Each title meets at most a few neighbours per key: far fewer than all pairs.
    assert len(pairs) < 40 * len(titles)


# --- output and budget --------------------------------------------------------------------------
def _json(text: str, findings: list[Finding]) -> dict:
    doc = parse(text)
    return json.loads(render(ReportContext([FileReport("list.md", doc.source, findings)])))


def test_json_fix_carries_edits_and_drops_the_replacement_of_long_lines() -> None:
    n = 600
    text = "- " + "[T](https://a.org/x). < " * n + "\n"
    findings = check_text(text)
    fixed = [f for f in findings if f.fix]
    assert len(fixed) >= n
    assert len(text) > MAX_REPLACEMENT_LINES_CHARS
    body = _json(text, findings)
    fixes = [f["fix"] for f in body["findings"] if f["fix"]]
    assert all("replacement" not in fix and fix["edits"] for fix in fixes)
    # Output grows with the findings, not with findings x line length.
    assert len(json.dumps(body)) < 2_000 * len(findings)
    # The edits say exactly what changes: applying them gives the fix's own result.
    f = fixed[0]
    (edit,) = [e for e in f.fix.edits]
    (out,) = [x for x in body["findings"] if x["fix"] and x["column"] == f.column][:1]
    (e,) = out["fix"]["edits"]
    assert (e["line"], e["column"]) == doc_position(text, edit.start)
    assert e["text"] == edit.content


def doc_position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def test_json_short_lines_keep_the_replacement_beside_the_edits() -> None:
    text = "## 2020\n\n" + ENTRY.format(url="http://proceedings.mlr.press/v126/hu20a.html")
    body = _json(text, check_text(text))
    (fix,) = [f["fix"] for f in body["findings"] if f["rule"] == "PL113" and f["fix"]]
    assert "https://proceedings.mlr.press" in fix["replacement"]
    assert fix["edits"][0]["text"].startswith("https://")


def test_budget_caps_findings_per_rule_and_says_so() -> None:
    text = "## 2020\n\n" + "".join(ENTRY.format(url=f"http://proceedings.mlr.press/v1/{i}.html")
                                   for i in range(30))
    doc = parse(text)
    rules = REGISTRY.select(["PL113"])
    ctx = make_context(Config())
    full = check_document(doc, rules, ctx)
    capped = check_document(doc, rules, ctx, Budget(max_rule_findings=5))
    assert len([f for f in full if f.code == "PL113"]) == 30
    assert len([f for f in capped if f.code == "PL113"]) == 5
    (note,) = [f for f in capped if f.code == "PL001"]
    assert "PL113" in note.message and note.severity is Severity.WARNING


def test_budget_out_of_time_skips_rules_with_an_error_naming_them() -> None:
    text = "## 2020\n\n" + ENTRY.format(url="https://arxiv.org/abs/2001.00001")
    doc = parse(text)
    findings = check_document(doc, REGISTRY.select(["PL1"]), make_context(Config()),
                              Budget(seconds=-1.0, seconds_per_mb=0.0))
    (note,) = findings
    assert note.code == "PL001" and note.severity is Severity.ERROR
    assert "PL101" in note.message and "not fully checked" in note.message


def test_long_messages_are_clipped() -> None:
    url = "https://a.org/" + "x" * 5000
    text = "## 2020\n\n- [ ] [A paper title long enough](" + url + "). NeurIPS 2020. [Code](" + \
        url + ")\n"
    findings = check_text(text)
    assert findings and all(len(f.message) <= Budget().max_message for f in findings)


# --- the model derives identities once ----------------------------------------------------------
def test_link_and_entry_identities_are_derived_once_and_agree_with_identifiers() -> None:
    text = ("## 2020\n\n- [ ] [Rubik’s Cube: A Paper](https://export.arxiv.org/abs/2001.00001v2)."
            " MICCAI 2020. [[Code](https://www.github.com/a/b/?utm_source=x)]\n")
    (entry,) = parse(text).entries
    primary, code = entry.links
    assert primary.identity is primary.identity
    assert (primary.identity.arxiv_id, primary.identity.arxiv_version) == ("2001.00001", 2)
    assert primary.identity.url_key == normalize_url(primary.url) == "arxiv.org/abs/2001.00001"
    assert code.identity.url_key == normalize_url(code.url) == "github.com/a/b"
    assert entry.arxiv_id == "2001.00001" and entry.url_key == "arxiv.org/abs/2001.00001"
    assert entry.title_key == normalize_title(entry.title) == "rubiks cube a paper"
    renamed = replace(entry, title="Another Title")
    assert renamed.title_key == "another title"  # derived again, never stale


def test_identities_do_not_enter_equality() -> None:
    text = "## 2020\n\n" + ENTRY.format(url="https://arxiv.org/abs/2001.00001")
    (a,) = parse(text).entries
    (b,) = parse(text).entries
    _ = a.title_key, a.url_key, a.links[0].identity
    assert a == b and hash(a.links[0]) == hash(b.links[0])


def test_fix_with_edits_on_one_long_line_stays_small() -> None:
    # A fix's edits are what the JSON carries: a one-character edit on a 60,000-char line.
    text = "- [T](https://a.org/x)" + "a" * 60_000 + " \n"
    finding = Finding("PL109", "trailing-whitespace", Severity.INFO, "m", 1, len(text) - 1, 1,
                      len(text), len(text) - 2, len(text) - 1,
                      Fix.safe("Remove", Edit.delete(len(text) - 2, len(text) - 1)))
    body = _json(text, [finding])
    assert len(json.dumps(body)) < 2_000


def test_sarif_fixes_are_edit_level_on_a_long_line() -> None:
    from lint_rules.report.sarif import render as render_sarif

    text = "- " + "[T](https://a.org/x). < " * 600 + "\n"
    findings = check_text(text)
    doc = parse(text)
    log = json.loads(render_sarif(ReportContext([FileReport("list.md", doc.source, findings)])))
    fixes = [r["fixes"][0] for r in log["runs"][0]["results"] if r.get("fixes")]
    assert fixes
    for fix in fixes:
        for replacement in fix["artifactChanges"][0]["replacements"]:
            assert len(replacement["insertedContent"]["text"]) < 100
    assert len(json.dumps(log)) < 3_000 * len(findings)


def test_hundreds_of_thousands_of_tiny_lines_are_refused_with_one_line(tmp_path):
    import io

    from lint_rules.cli import build_parser, run
    from lint_rules.source import max_lines

    tiny = tmp_path / "README.md"
    tiny.write_text("- [a](b)\n" * 60_000, "utf-8")
    err = io.StringIO()
    assert run(build_parser()[0], ["check", str(tiny)], stdout=io.StringIO(), stderr=err) == 2
    assert "60,000 lines" in err.getvalue() and len(err.getvalue().splitlines()) == 1
    # A real list's size buys it lines: 3,000 entries of 45 bytes a line are far below.
    assert max_lines(730_000) == 40_000 and max_lines(8_000_000) == 200_000
