"""Published since listed: venue reading (pure), the PL506 rule (pure), and the arXiv + Crossref
lookups with their cache against the loopback stand-ins, up to `check --links`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.cli import main
from lint_rules.config import Config, parse_config_text
from lint_rules.engine import check_document, check_text, make_context, selected_rules
from lint_rules.links.publications import PublishedSettings, collect
from lint_rules.parse import parse
from lint_rules.publication import PublishedRecord, VenueStyle, find_venue
from lint_rules.venues import load_venue_table
from tests.standins.arxiv import ArxivStandin, Paper
from tests.standins.crossref import CrossrefStandin, Work

LIST = """\
# Segmentation papers

## 2020
- [ ] [Contrastive global and local features](https://arxiv.org/abs/2006.10511). arXiv.
- [ ] [Rubik cube pretraining for volumes](https://arxiv.org/abs/2005.00001). MICCAI 2020.
- [ ] [Inpainting supervoxels for self-supervision](https://arxiv.org/abs/2005.00002). MICCAI 2020.
- [ ] [Cell painting](https://www.biorxiv.org/content/10.1101/2020.01.01.123456v2). bioRxiv.
- [ ] [Still only a preprint](https://arxiv.org/abs/2007.00003). arXiv.
- [ ] [Retinal features from two modalities](https://arxiv.org/abs/2007.11067). arXiv.
"""
CONFIG = "venues:\n  prefer: [TMI]\n"
WHEN = datetime(2020, 6, 1, tzinfo=UTC)
PAPERS = [
    Paper("2006.10511", "Contrastive learning of global and local features", "x", WHEN,
          journal_ref="Advances in Neural Information Processing Systems 33 (NeurIPS 2020)"),
    Paper("2005.00001", "Rubik", "x", WHEN),
    Paper("2005.00002", "Inpainting", "x", WHEN),
    Paper("2007.00003", "Still only a preprint", "x", WHEN, comment="10 pages"),
    Paper("2007.11067", "Retinal features", "x", WHEN, doi="10.1109/TMI.2020.3008871"),
]
WORKS = [
    Work("10.1109/TMI.2020.3008871", "Retinal features", ("IEEE Transactions on Medical Imaging",),
         2020, short_container=("IEEE Trans. Med. Imaging",)),
    Work("10.1101/2020.01.01.123456", "Cell painting", (), 2020, type="posted-content",
         preprint_of="10.1038/s41592-021-01234-5"),
    Work("10.1038/s41592-021-01234-5", "Cell painting", ("Nature Medicine",), 2021),
]


def table():
    return load_venue_table(parse_config_text(CONFIG))


@pytest.mark.parametrize(("reference", "expected"), [
    ("Medical Image Analysis 71 (2021) 102062", ("Medical Image Analysis", 2021)),
    ("Accepted at MICCAI 2021", ("MICCAI", 2021)),
    ("IEEE Transactions on Medical Imaging, vol. 40, no. 10, 2021", ("TMI", 2021)),
    ("Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern Recognition "
     "(CVPR), 2021, pp. 1-10", ("CVPR", 2021)),
    ("Medical Image Computing and Computer Assisted Intervention – MICCAI 2020", ("MICCAI", 2020)),
    ("MICCAI 2021 Workshop on Domain Adaptation", ("MICCAI Workshop", 2021)),
    ("10 pages, 3 figures", None),
    ("Lecture Notes in Computer Science", None),
    ("arXiv preprint arXiv:2101.00001", None),
    ("Submitted to MICCAI 2021", None),
    ("Under review at IEEE Transactions on Medical Imaging", None),
    ("Extended version of our MICCAI 2020 paper", None),
])
def test_find_venue_reads_known_venues_only(reference, expected):
    found = find_venue(reference, table())
    assert (None if found is None else (found.name, found.year)) == expected


def test_venue_style_follows_the_list():
    doc = parse(LIST + "- [ ] [J](https://x.org/1). TMI.\n- [ ] [K](https://x.org/2). TMI.\n",
                parse_config_text(CONFIG))
    style = VenueStyle.learn(doc, table())
    assert style.render(find_venue("MICCAI 2021", table())) == "MICCAI 2021"
    assert style.render(find_venue("IEEE Transactions on Medical Imaging 2021", table())) == "TMI"
    assert style.render(None, 2021) == "arXiv"


def records() -> dict[str, PublishedRecord]:
    return {
        "arxiv:2006.10511": PublishedRecord("arxiv:2006.10511", PAPERS[0].journal_ref),
        "arxiv:2007.11067": PublishedRecord("arxiv:2007.11067", None, "10.1109/tmi.2020.3008871",
                                            ("IEEE Transactions on Medical Imaging",), 2020),
        "arxiv:2007.00003": PublishedRecord("arxiv:2007.00003"),
    }


def test_rule_offers_the_venue_in_the_lists_spelling_as_an_unsafe_fix():
    config = parse_config_text(CONFIG)
    rules = selected_rules(config, ["PL506"])
    ctx = make_context(config, link_verdicts={}, publications=records())
    found = check_document(parse(LIST, config), rules, ctx)
    fixes = [(f.line, f.fix.edits[0].content) for f in found]
    assert fixes == [(4, "NeurIPS 2020"), (9, "TMI 2020")]
    assert all(f.fix.applicability.value == "unsafe" and f.severity.value == "warning"
               for f in found)
    assert "has since been published in `NeurIPS 2020`" in found[0].message
    assert check_text(LIST, config=config, select=["PL506"], link_verdicts={}) == []


@pytest.fixture
def standins() -> Iterator[tuple[ArxivStandin, CrossrefStandin]]:
    with ArxivStandin(papers=PAPERS) as arxiv, CrossrefStandin(works=WORKS) as crossref:
        yield arxiv, crossref


def settings(arxiv: ArxivStandin, crossref: CrossrefStandin, tmp_path: Path,
             **extra: object) -> PublishedSettings:
    base = dict(arxiv_api_url=arxiv.url, crossref_api_url=crossref.url, mailto="lists@example.org",
                arxiv_delay=0.0, crossref_delay=0.0, backoff=0.0,
                cache_path=str(tmp_path / "published.json"))
    return PublishedSettings(**{**base, **extra})  # type: ignore[arg-type]


def test_collect_asks_arxiv_in_batches_then_crossref_politely(standins, tmp_path):
    arxiv, crossref = standins
    crossref.push(503, retry_after="0")
    doc = parse(LIST, parse_config_text(CONFIG))
    got = collect(doc, table(), settings(arxiv, crossref, tmp_path))
    assert got["arxiv:2006.10511"].journal_ref == PAPERS[0].journal_ref
    assert got["arxiv:2007.11067"].container[0] == "IEEE Transactions on Medical Imaging"
    assert got["doi:10.1101/2020.01.01.123456"].container == ("Nature Medicine",)
    assert got["doi:10.1101/2020.01.01.123456"].year == 2021
    assert "arxiv:2005.00001" not in got  # listed under a venue: not a preprint entry
    assert len(arxiv.requests) == 1  # one id_list batch for the four preprints
    assert arxiv.requests[0].params["id_list"].count(",") == 2
    assert all(r.query.get("mailto") == "lists@example.org" for r in crossref.requests)
    assert all("mailto:lists@example.org" in r.user_agent for r in crossref.requests)
    assert crossref.requests[0].status == 503  # retried, not given up


def test_cache_asks_only_what_is_new_or_due(standins, tmp_path):
    arxiv, crossref = standins
    doc = parse(LIST, parse_config_text(CONFIG))
    s = settings(arxiv, crossref, tmp_path, recheck_days=7.0)
    now = datetime(2026, 1, 5, tzinfo=UTC).timestamp()
    collect(doc, table(), s, now=now)
    asked = (len(arxiv.requests), len(crossref.requests))
    collect(doc, table(), s, now=now + 86400)
    assert (len(arxiv.requests), len(crossref.requests)) == asked
    collect(doc, table(), s, now=now + 8 * 86400)  # the unpublished one is due again
    assert len(arxiv.requests) == asked[0] + 1
    assert arxiv.requests[-1].params["id_list"] == "2007.00003"


def test_arxiv_requests_are_paced(standins, tmp_path):
    arxiv, crossref = standins
    doc = parse(LIST, parse_config_text(CONFIG))
    collect(doc, table(), settings(arxiv, crossref, tmp_path, batch_size=1, arxiv_delay=0.2))
    assert len(arxiv.requests) == 3
    assert min(arxiv.gaps()) >= 0.19


def test_check_links_reports_published_preprints(standins, tmp_path, capsys):
    arxiv, crossref = standins
    (tmp_path / "README.md").write_text(LIST, "utf-8")
    (tmp_path / ".paperlist.yml").write_text(
        CONFIG + f"digest:\n  arxiv_api_url: {arxiv.url}\n"
        f"links:\n  arxiv_delay: 0\n  skip: ['biorxiv']\n"
        f"published:\n  crossref_api_url: {crossref.url}\n  mailto: lists@example.org\n"
        "  delay_seconds: 0\n  crossref_delay_seconds: 0\n", "utf-8")
    code = main(["check", str(tmp_path / "README.md"), "--links", "--select", "PL506",
                 "--output-format", "json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert [(f["line"], f["rule"]) for f in out["findings"]] == [
        (4, "PL506"), (7, "PL506"), (9, "PL506")]
    assert "Nature Medicine 2021" in out["findings"][1]["message"]
    assert (tmp_path / ".paperlist-cache" / "published.json").is_file()


def test_nothing_is_asked_when_the_rule_is_not_selected(standins, tmp_path):
    from lint_rules.links.publications import for_check

    doc = parse(LIST, Config())
    assert for_check(doc, Config(), []) is None


def test_an_unreachable_api_is_given_up_for_the_run(tmp_path):
    import socket

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there: connections are refused
    s = PublishedSettings(arxiv_api_url=f"http://127.0.0.1:{port}/api/query",
                          crossref_api_url=f"http://127.0.0.1:{port}", arxiv_delay=0.0,
                          crossref_delay=0.0, backoff=0.0, batch_size=1, cache_path=None)
    doc = parse(LIST, parse_config_text(CONFIG))
    from lint_rules.links.publications import PublicationFinder

    with PublicationFinder(s) as finder:
        assert collect(doc, table(), s, finder) == {}
        assert finder.arxiv.unreachable
        assert finder.arxiv.requests_made == s.retries + 1  # one batch's attempts, not four
