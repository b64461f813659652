"""The link report's markdown: sections by verdict, escaping of the list's text, size limit."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from html import unescape
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from lint_rules.cli import build_parser, run
from lint_rules.links.report_markdown import (
    MARKER,
    MAX_BODY,
    ReportRow,
    counts,
    issue_title,
    render_markdown,
    report_rows,
)
from lint_rules.links.verdict import LinkResult, Verdict
from lint_rules.parse import parse
from tests.links.servers import Host, Reply

LIST = """# Papers

## 2020
- [ ] [Alive Paper](https://a.example/ok). MICCAI 2020. [[Code](https://code.example/gone)]
- [ ] [Gone Paper](https://a.example/gone). MICCAI 2020.
- [ ] [Moved Paper](https://a.example/moved). MICCAI 2020.
- [ ] [Slow Paper](https://slow.example/x). MICCAI 2020.
- [ ] [Blocked Paper](https://publisher.example/y). MICCAI 2020.

See also https://a.example/gone for the old page.
"""
VERDICTS = {
    "https://a.example/ok": LinkResult("https://a.example/ok", Verdict.OK, 200),
    "https://code.example/gone": LinkResult("https://code.example/gone", Verdict.DEAD, 404,
                                            detail="not found"),
    "https://a.example/gone": LinkResult("https://a.example/gone", Verdict.DEAD, 410,
                                         detail="gone"),
    "https://a.example/moved": LinkResult("https://a.example/moved", Verdict.REDIRECT, 200,
                                          "https://b.example/new", "moved to b"),
    "https://slow.example/x": LinkResult("https://slow.example/x", Verdict.TIMEOUT,
                                         detail="timeout: read timed out"),
    "https://publisher.example/y": LinkResult("https://publisher.example/y",
                                              Verdict.UNVERIFIABLE, 403, detail="refuses bots"),
}
WHEN = datetime(2026, 12, 2, 6, 41, tzinfo=UTC)
_MD = MarkdownIt("commonmark").enable("table")


def _rows() -> list[ReportRow]:
    return report_rows(["README.md"], [parse(LIST)], VERDICTS)


def _section(body: str, heading: str) -> str:
    start = body.index(heading)
    nxt = [i for i in (body.find("\n####", start + 1), body.find("\n<details>", start + 1))
           if i > 0]
    return body[start : min(nxt, default=len(body))]


def test_rows_carry_file_line_and_entry_title() -> None:
    rows = _rows()
    by = {(r.url, r.line): r.entry for r in rows}
    assert by[("https://code.example/gone", 4)] == "Alive Paper"  # an extra link of the entry
    assert by[("https://a.example/gone", 5)] == "Gone Paper"
    assert by[("https://a.example/gone", 10)] == ""  # a bare URL outside entries
    assert counts(rows).dead == 3 and counts(rows).links == 6


def test_dead_moved_and_unverified_each_have_their_place() -> None:
    body = render_markdown(_rows(), checked_at=WHEN)
    assert body.split("\n", 1)[0] == MARKER
    assert "### 3 dead links" in body and "on 2026-12-02 06:41 UTC" in body
    assert "6 distinct links in <code>README.md</code>" in body
    dead = _section(body, "#### Dead links (3)")
    assert "| README.md:5 | Gone Paper | <code>https://a.example/gone</code> | 410 gone |" in dead
    assert "| README.md:4 | Alive Paper | <code>https://code.example/gone</code> | 404 not found" \
        in dead
    assert "| README.md:10 | — |" in dead
    moved = _section(body, "#### Moved permanently (1)")
    assert "<code>https://a.example/moved</code> | <code>https://b.example/new</code> |" in moved
    unsure = body[body.index("<details>") : body.index("</details>")]
    assert "Not verified (2)" in unsure and "not failures" in unsure
    assert "| timeout | timeout: read timed out |" in unsure
    assert "| unverifiable | 403 refuses bots |" in unsure
    assert "a.example/ok" not in body  # live links are not listed
    assert issue_title(counts(_rows())) == "Link report: 3 dead links"


def test_no_dead_links_says_so() -> None:
    alive = [r for r in _rows() if r.result.verdict is not Verdict.DEAD]
    body = render_markdown(alive)
    assert "### No dead links" in body and "#### Dead links" not in body
    assert issue_title(counts(alive)) == "Link report: no dead links"


def test_source_url_links_each_line() -> None:
    body = render_markdown(_rows(), source_url="https://github.com/o/r/blob/abc123/")
    assert "[README.md:5](https://github.com/o/r/blob/abc123/README.md#L5)" in body


def test_the_lists_text_renders_as_written_and_nothing_more() -> None:
    hostile = ("@octocat #1 o/r#2 GH-3 ![x](https://e.x/p.png) [click](https://e.x) "
               "<img src=x> | `tick` https://e.x www.e.x")
    url = "https://a.example/x|y`z<b>"
    row = ReportRow("README.md", 3, url, hostile,
                    LinkResult(url, Verdict.DEAD, 404, detail="@hubot <i>x</i> #4"))
    body = render_markdown([row])
    rendered = _MD.render(body)
    assert "<img" not in rendered and "<i>" not in rendered and "<b>" not in rendered
    assert re.findall(r"<a href", rendered) == []
    text = unescape(re.sub(r"<[^>]+>", "", rendered))
    assert not re.search(r"(?<![\w\u2060])@\w", text)
    assert not re.search(r"(?<![\w\u2060])#\d|\bGH-\d", text)
    prose = unescape(re.sub(r"<[^>]+>", "", re.sub(r"<code>.*?</code>", "", rendered)))
    assert not re.search(r"\b(?:https?://|www\.)", prose)  # GitHub autolinks outside code
    (table_row,) = [r for r in rendered.split("<tr>") if "README.md:3" in r]
    assert table_row.count("<td>") == 4  # the `|` in the title and URL split no cell
    assert hostile in text.replace("\u2060", "")


def test_body_stays_within_githubs_limit() -> None:
    many = [ReportRow("README.md", i, f"https://a.example/{i}/" + "x" * 150, "T" * 300,
                      LinkResult(f"u{i}", Verdict.DEAD, 404, detail="not found"))
            for i in range(3000)]
    body = render_markdown(many, checked_at=WHEN)
    assert len(body) <= MAX_BODY
    left = int(re.search(r"(\d+) more left out", body).group(1))
    assert 0 < left < 3000 and body.count("| README.md:") == 3000 - left


@pytest.fixture
def host() -> Iterator[Host]:
    h = Host({"/ok": Reply(200), "/moved": Reply(301, {"Location": "/new"}), "/new": Reply(200)})
    yield h
    h.close()


def test_links_command_prints_the_report(host: Host, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "README.md").write_text(
        "# Papers\n\n## 2020\n"
        f"- [ ] [Live Paper]({host.url('/ok')}). MICCAI 2020.\n"
        f"- [ ] [Lost Paper]({host.url('/gone')}). MICCAI 2020.\n"
        f"- [ ] [Moved Paper]({host.url('/moved')}). MICCAI 2020.\n"
    )
    (tmp_path / ".paperlist.yml").write_text(
        "links:\n  allow_private: true\n  arxiv_api: false\n  per_host_interval: 0\n"
        "  cache:\n    enabled: false\n"
    )
    parser, _ = build_parser()
    out = io.StringIO()
    path = "README.md"
    code = run(parser, ["links", path, "--output-format", "markdown"], out, io.StringIO())
    body = out.getvalue()
    assert code == 1 and body.startswith(MARKER + "\n### 1 dead link\n")
    assert f"| {path}:5 | Lost Paper |" in body
    assert f"<code>{host.url('/new')}</code>" in body
