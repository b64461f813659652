"""`paperlist links`, `check --links` and the verdict cache, end to end on 127.0.0.1."""

from __future__ import annotations

import io
import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from lint_rules.cli import build_parser, run
from lint_rules.config import Config
from lint_rules.errors import ConfigError
from lint_rules.links.cache import VerdictCache
from lint_rules.links.command import collect_verdicts, links_main
from lint_rules.links.settings import DEFAULT_TTL, Settings, duration
from lint_rules.links.verdict import Hint, LinkResult, Verdict
from lint_rules.parse import parse
from tests.links.servers import Host, Reply, blocks_bots

pytestmark = pytest.mark.timeout(30)


@pytest.fixture
def host() -> Iterator[Host]:
    h = Host(
        {
            "/ok": Reply(200),
            "/missing": Reply(404),
            "/old": Reply(301, {"Location": "/new"}),
            "/new": Reply(200),
            "/pub": blocks_bots(Reply(200)),
        }
    )
    yield h
    h.close()


def config(tmp_path: Path, **links: object) -> Config:
    base = {
        "timeout": 1,
        "per_host_interval": 0,
        "backoff": 0.05,
        "arxiv_api": False,
        "cache": {"path": str(tmp_path / "cache.json")},
        "allow_private": True,  # the hosts are on loopback
    }
    return Config({"links": {**base, **links}})


def list_text(host: Host) -> str:
    return (
        "# Papers\n\n## 2021\n\n"
        f"- [ ] [Big Self-Supervised Models]({host.url('/ok')}). arXiv.\n"
        f"- [ ] [MoCo-CXR: MoCo Pretraining]({host.url('/missing')}). arXiv.\n"
        f"- [ ] [Representation Learning for Ultrasound]({host.url('/old')}). ISBI 2020.\n"
        f"- [ ] [Patch2Self: Denoising Diffusion MRI]({host.url('/pub')}). NeurIPS 2020. "
        f"[[Code]({host.url('/ok#readme')})]\n"
    )


def test_links_json_reports_every_link_and_exits_1_on_dead(host: Host, tmp_path: Path) -> None:
    out = io.StringIO()
    doc = parse(list_text(host))
    code = links_main(["README.md"], [doc], config(tmp_path), "json", out, progress=False)
    rows = json.loads(out.getvalue())["links"]
    assert code == 1
    assert [(r["line"], r["verdict"], r["status"]) for r in rows] == [
        (5, "ok", 200),
        (6, "dead", 404),
        (7, "redirect", 200),
        (8, "ok", 200),
        (8, "ok", 200),
    ]
    assert rows[2]["final_url"] == host.url("/new")
    assert set(rows[0]) >= {"url", "line", "verdict", "status", "final_url", "detail"}
    # `/ok` and `/ok#readme` are one URL: asked once.
    assert len(host.requests_to("/ok")) == 1


def test_links_text_lines(host: Host, tmp_path: Path) -> None:
    out = io.StringIO()
    doc = parse(list_text(host))
    links_main(["README.md"], [doc], config(tmp_path), "text", out, progress=True)
    lines = out.getvalue().splitlines()
    assert lines[1] == f"README.md:6: dead 404 {host.url('/missing')}"
    assert lines[2] == f"README.md:7: redirect 200 {host.url('/old')} -> {host.url('/new')}"


def test_exit_0_when_nothing_is_dead(host: Host, tmp_path: Path) -> None:
    text = f"# Papers\n\n- [ ] [A paper]({host.url('/ok')}). arXiv.\n"
    code = links_main(["x.md"], [parse(text)], config(tmp_path), "json", io.StringIO(), False)
    assert code == 0


def test_second_run_uses_the_cache_and_rechecks_only_dead_links(host: Host, tmp_path: Path) -> None:
    doc = parse(list_text(host))
    cfg = config(tmp_path)
    first = collect_verdicts([doc], cfg, progress=False)
    sent_first = len(host.seen)
    second = collect_verdicts([doc], cfg, progress=False)
    resent = host.seen[sent_first:]
    assert [s.path for s in resent] == ["/missing"]
    assert {u: r.verdict for u, r in first.items()} == {u: r.verdict for u, r in second.items()}
    assert "cached" in second[host.url("/ok")].detail
    saved = json.loads((tmp_path / "cache.json").read_text())
    assert "browser" in saved["hosts"][host.netloc]["hints"]


def test_expired_entries_are_checked_again(host: Host, tmp_path: Path) -> None:
    doc = parse(f"# Papers\n\n- [ ] [A paper]({host.url('/ok')}). arXiv.\n")
    cfg = config(tmp_path, cache={"path": str(tmp_path / "cache.json"), "ttl": {"ok": "1s"}})
    collect_verdicts([doc], cfg, progress=False)
    collect_verdicts([doc], cfg, progress=False)
    assert len(host.seen) == 1
    time.sleep(1.1)
    collect_verdicts([doc], cfg, progress=False)
    assert len(host.seen) == 2


def test_cache_ttl_per_verdict(tmp_path: Path) -> None:
    ttl = {**DEFAULT_TTL, Verdict.OK: 100.0, Verdict.DEAD: 0.0}
    cache = VerdictCache(str(tmp_path / "c.json"), ttl)
    cache.store(
        [
            LinkResult("https://a.org", Verdict.OK, 200, checked_at=1000.0),
            LinkResult("https://b.org", Verdict.DEAD, 404, checked_at=1000.0),
            LinkResult("https://c.org", Verdict.SKIPPED, checked_at=1000.0),
        ]
    )
    cache.store_host_hints({"a.org": {Hint.GET}}, 1000.0)
    cache.save()
    loaded = VerdictCache.load(str(tmp_path / "c.json"), ttl, host_hint_ttl=50.0)
    assert loaded.fresh("https://a.org", 1099.0).status == 200
    assert loaded.fresh("https://a.org", 1100.0) is None
    assert loaded.fresh("https://b.org", 1000.5) is None
    assert loaded.fresh("https://c.org", 1000.5) is None
    assert loaded.host_hints(1049.0) == {"a.org": frozenset({Hint.GET})}
    assert loaded.host_hints(1051.0) == {}


def test_unreadable_cache_is_an_empty_cache(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    path.write_text("{not json")
    assert VerdictCache.load(str(path), DEFAULT_TTL).fresh("https://a.org", 0.0) is None


def test_check_urls_checks_only_the_urls_given(host: Host, tmp_path: Path) -> None:
    from lint_rules.links.command import check_urls

    verdicts = check_urls([host.url("/missing")], config(tmp_path), progress=False)
    assert list(verdicts) == [host.url("/missing")]
    assert verdicts[host.url("/missing")].verdict is Verdict.DEAD
    assert {s.path for s in host.seen} == {"/missing"}


def test_skip_patterns_send_nothing(host: Host, tmp_path: Path) -> None:
    doc = parse(f"# Papers\n\n- [ ] [A paper]({host.url('/ok')}). arXiv.\n")
    verdicts = collect_verdicts([doc], config(tmp_path, skip=["/ok$"]), progress=False)
    assert verdicts[host.url("/ok")].verdict is Verdict.SKIPPED and host.seen == []


def test_settings_from_config_and_environment() -> None:
    cfg = Config(
        {
            "links": {
                "timeout": "30s",
                "budget": "5m",
                "cache": {"ttl": {"ok": "2d"}},
                "hosts": {"*.sciencedirect.com": {"accept": [403], "interval": 1}},
            }
        }
    )
    s = Settings.from_config(
        cfg, {"PAPERLIST_ARXIV_URL": "http://127.0.0.1:1/q", "GITHUB_TOKEN": "t"}
    )
    assert (s.timeout, s.budget, s.ttl[Verdict.OK]) == (30.0, 300.0, 172800.0)
    assert s.arxiv_api_url == "http://127.0.0.1:1/q" and s.github_token == "t"
    rule = s.host_rule("www.sciencedirect.com", "www.sciencedirect.com")
    assert rule is not None and rule.accept == {403} and rule.interval == 1.0
    assert s.host_rule("example.org", "example.org") is None
    assert duration("7d", 0) == 604800.0 and duration(None, 3.0) == 3.0


def test_malformed_urls_get_a_verdict_not_a_crash(tmp_path: Path) -> None:
    doc = parse("# Papers\n\n- [ ] [A paper](http://127.0.0.1:notaport/x). arXiv.\n")
    verdicts = collect_verdicts([doc], config(tmp_path), progress=False)
    assert verdicts["http://127.0.0.1:notaport/x"].verdict is Verdict.DEAD


def test_unusable_pattern_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="links"):
        Settings.from_config(Config({"links": {"skip": ["(unclosed"]}}), {})


@pytest.mark.parametrize("value", ["99999d", "366d", "8761h", "31536001"])
def test_a_duration_past_a_year_is_a_config_error(value: str) -> None:
    # A number is bounded by the schema; a string with a unit only here, where it is read.
    assert duration("365d", 0) == 31536000.0
    with pytest.raises(ConfigError, match=f"duration '{value}' is not between 0 and a year"):
        Settings.from_config(Config({"links": {"hosts": {"*.org": {"interval": value}}}}), {})
    with pytest.raises(ConfigError, match="links"):
        Settings.from_config(Config({"links": {"timeout": value}}), {})


def test_progress_bar_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    from lint_rules.links import command

    screen = Terminal()
    monkeypatch.setattr(command.sys, "stderr", screen)
    monkeypatch.delenv("CI", raising=False)
    assert command._interactive()
    bar = command._Progress(2)
    bar.advance(LinkResult("https://a.org", Verdict.OK))
    bar.advance(LinkResult("https://b.org", Verdict.DEAD))
    bar.close()
    assert screen.getvalue().rstrip().endswith("2/2 links, 1 dead")
    monkeypatch.setenv("CI", "true")
    assert not command._interactive()


def test_check_links_turns_verdicts_into_findings(host: Host, tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text(list_text(host))
    (tmp_path / ".paperlist.yml").write_text(
        "links:\n  timeout: 1\n  per_host_interval: 0\n  arxiv_api: false\n"
        "  allow_private: true\n"
        f"  cache:\n    path: {tmp_path / 'cache.json'}\n"
    )
    parser, _ = build_parser()
    out = io.StringIO()
    code = run(
        parser,
        [
            "check",
            "--links",
            "--select",
            "PL5",
            "--output-format",
            "json",
            str(tmp_path / "README.md"),
        ],
        out,
        io.StringIO(),
    )
    findings = json.loads(out.getvalue())["findings"]
    assert code == 1
    assert sorted((f["rule"], f["line"]) for f in findings) == [("PL501", 6), ("PL503", 7)]
