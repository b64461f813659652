"""The link checker is no request-forgery oracle: links to the runner's own network are refused.

Every attack of issue 12 is here: loopback in its numeric spellings, IPv6 loopback, private and
metadata addresses, a public-looking name that resolves to loopback, a redirect hop into the
metadata service, and a pull request whose added links point at the runner. Each must end as
``skipped`` with the reason, without a single request reaching the target.
"""

from __future__ import annotations

import argparse
import io
import ipaddress
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import urllib3

from lint_rules.cli import build_parser, run
from lint_rules.config import Config, parse_config_text
from lint_rules.errors import ConfigError
from lint_rules.links.guard import (
    AddressPolicy,
    BlockedAddressError,
    guarded_pool_classes,
    non_public,
    vetted_addresses,
)
from lint_rules.links.http import LinkChecker
from lint_rules.links.settings import Settings
from lint_rules.links.verdict import Policy, Verdict
from tests.links.servers import Host, Reply

pytestmark = pytest.mark.timeout(30)

# What a link may not reach unless the config allows it, and why.
NON_PUBLIC = {
    "127.0.0.1": "loopback",
    "127.255.0.9": "loopback",
    "::1": "loopback",
    "169.254.169.254": "cloud metadata",
    "fd00:ec2::254": "cloud metadata",
    "100.100.100.200": "cloud metadata",
    "169.254.1.1": "link-local",
    "fe80::1": "link-local",
    "10.1.2.3": "private",
    "172.16.5.5": "private",
    "192.168.0.1": "private",
    "fc00::1": "private",
    "0.0.0.0": "unspecified",
    "::": "unspecified",
    "224.0.0.1": "multicast",
    "ff02::1": "multicast",
    "100.64.0.1": "reserved",  # carrier-grade NAT
    "::ffff:127.0.0.1": "loopback",  # IPv4-mapped
    "64:ff9b::a9fe:a9fe": "cloud metadata",  # NAT64 of 169.254.169.254
    "2002:7f00:1::": "loopback",  # 6to4 of 127.0.0.1
}
PUBLIC = ["93.184.215.14", "151.101.1.69", "2606:4700::6810:84e5", "64:ff9b::5db8:d70e"]

FAST = Settings(
    timeout=0.5,
    connect_timeout=0.5,
    budget=20.0,
    per_host_interval=0.0,
    policy=Policy(backoff=0.05),
    cache_path=None,
    arxiv_api=False,
)


@pytest.fixture
def host() -> Iterator[Host]:
    h = Host({"/ok": Reply(200), "/secret": Reply(200, body=b"credentials")})
    yield h
    h.close()


@pytest.fixture
def connects(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every address a socket connects to during the test."""
    seen: list[Any] = []
    real = socket.socket.connect

    def connect(self: socket.socket, address: Any) -> None:
        seen.append(address)
        return real(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    return seen


@pytest.mark.parametrize(("address", "kind"), sorted(NON_PUBLIC.items()))
def test_non_public_addresses_are_named(address: str, kind: str) -> None:
    reason = non_public(ipaddress.ip_address(address))
    assert reason is not None and kind in reason
    assert AddressPolicy().refusal(ipaddress.ip_address(address)) == reason


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses_pass(address: str) -> None:
    assert non_public(ipaddress.ip_address(address)) is None


def test_the_opt_in_allows_everything_or_the_networks_named() -> None:
    loopback, metadata = ipaddress.ip_address("127.0.0.1"), ipaddress.ip_address("169.254.169.254")
    assert AddressPolicy.from_setting(True).refusal(metadata) is None
    some = AddressPolicy.from_setting(["127.0.0.0/8", "10.1.0.0/16"])
    assert some.refusal(loopback) is None
    assert some.refusal(ipaddress.ip_address("10.1.9.9")) is None
    assert some.refusal(metadata) is not None and some.refusal(ipaddress.ip_address("10.2.0.1"))
    assert AddressPolicy.from_setting(None) == AddressPolicy.from_setting(False) == AddressPolicy()


def test_a_name_with_any_private_address_is_refused_whole() -> None:
    def resolve(name: str, port: int, *_: object) -> list[tuple[Any, ...]]:
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", port)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port)),
        ]

    with pytest.raises(BlockedAddressError) as caught:
        vetted_addresses("rebind.example", 80, AddressPolicy(), resolve)
    assert str(caught.value) == "rebind.example (127.0.0.1) is a loopback address"


def test_the_connection_goes_to_the_address_vetted_and_resolves_once(
    host: Host, monkeypatch: pytest.MonkeyPatch, connects: list[Any]
) -> None:
    """No second lookup between the check and the connection: DNS rebinding has no window."""
    lookups: list[str] = []

    def resolve(name: str, port: int, *_: object) -> list[tuple[Any, ...]]:
        lookups.append(name)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]

    def no_second_resolution(*_: object, **__: object) -> None:
        raise AssertionError("urllib3 resolved the name itself")

    monkeypatch.setattr(urllib3.util.connection, "create_connection", no_second_resolution)
    pool = urllib3.PoolManager(retries=False)
    allowed = AddressPolicy.from_setting(["127.0.0.1/32"])
    pool.pool_classes_by_scheme = guarded_pool_classes(allowed, resolve)
    port = host.netloc.rsplit(":", 1)[1]
    response = pool.request("GET", f"http://papers.example:{port}/ok")
    assert response.status == 200 and lookups == ["papers.example"]
    assert [a[0] for a in connects] == ["127.0.0.1"]
    assert host.seen[0].headers["Host"] == f"papers.example:{port}"


def test_loopback_in_every_spelling_is_skipped_without_a_request(
    host: Host, connects: list[Any]
) -> None:
    port = host.netloc.rsplit(":", 1)[1]
    urls = [
        f"http://127.0.0.1:{port}/secret",
        f"http://127.1:{port}/secret",
        f"http://0x7f.1:{port}/secret",
        f"http://2130706433:{port}/secret",
        f"http://localhost:{port}/secret",
        f"http://[::1]:{port}/secret",
        f"http://[::ffff:127.0.0.1]:{port}/secret",
        f"https://127.0.0.1:{port}/secret",
        "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
        "http://10.0.0.1/admin",
        "http://192.168.1.1/",
        "http://0.0.0.0:{port}/".replace("{port}", port),
    ]
    results = LinkChecker(FAST).check(urls)
    for url in urls:
        result = results[url]
        assert result.verdict is Verdict.SKIPPED, (url, result)
        assert result.detail.startswith("not fetched: ") and " address" in result.detail, result
        assert result.status is None
    assert host.seen == [] and connects == []
    assert "loopback address" in results[f"http://0x7f.1:{port}/secret"].detail
    assert "cloud metadata" in results[urls[8]].detail
    assert "private address" in results["http://10.0.0.1/admin"].detail


def test_a_redirect_hop_into_the_metadata_service_is_not_followed(
    host: Host, connects: list[Any]
) -> None:
    metadata = "http://169.254.169.254/latest/meta-data/"
    host.routes["/moved"] = Reply(301, {"Location": metadata})
    host.routes["/bounce"] = Reply(302, {"Location": "http://[::1]/secret"})
    allowed = Settings(**{**_fields(FAST), "addresses": AddressPolicy.from_setting(["127.0.0.1"])})
    results = LinkChecker(allowed).check([host.url("/moved"), host.url("/bounce")])
    moved, bounce = results[host.url("/moved")], results[host.url("/bounce")]
    assert moved.verdict is Verdict.SKIPPED and moved.final_url is None
    assert moved.detail == (
        f"redirects to {metadata}; not fetched: 169.254.169.254 is a cloud metadata address"
    )
    assert bounce.verdict is Verdict.SKIPPED and "::1 is a loopback address" in bounce.detail
    assert {a[0] for a in connects} == {"127.0.0.1"}
    assert sorted(s.path for s in host.seen) == ["/bounce", "/moved"]


def test_allow_private_lets_the_checker_reach_loopback(host: Host) -> None:
    allowed = Settings(**{**_fields(FAST), "addresses": AddressPolicy(allow_private=True)})
    results = LinkChecker(allowed).check([host.url("/ok")])
    assert results[host.url("/ok")].verdict is Verdict.OK and len(host.seen) == 1


def test_allow_private_in_the_config() -> None:
    assert Settings.from_config(Config({}), {}).addresses == AddressPolicy()
    cfg = parse_config_text("links:\n  allow_private: [10.1.0.0/16]\n", ".paperlist.yml")
    assert Settings.from_config(cfg, {}).addresses.allowed == (
        ipaddress.ip_network("10.1.0.0/16"),
    )
    cfg = parse_config_text("links:\n  allow_private: true\n", ".paperlist.yml")
    assert Settings.from_config(cfg, {}).addresses.allow_private
    with pytest.raises(ConfigError, match="links"):
        Settings.from_config(Config({"links": {"allow_private": ["intranet"]}}), {})
    with pytest.raises(ConfigError, match="allow_private"):
        parse_config_text("links:\n  allow_private: yes please\n", ".paperlist.yml")


def test_links_command_reports_why_and_exits_0(host: Host, tmp_path: Path) -> None:
    port = host.netloc.rsplit(":", 1)[1]
    (tmp_path / "README.md").write_text(
        "# Papers\n\n## 2020\n"
        f"- [ ] [A Paper on the Runner](http://0x7f.1:{port}/secret). MICCAI 2020.\n"
    )
    (tmp_path / ".paperlist.yml").write_text(
        f"links:\n  arxiv_api: false\n  cache:\n    path: {tmp_path / 'cache.json'}\n"
    )
    parser, _ = build_parser()
    out = io.StringIO()
    code = run(parser, ["links", str(tmp_path / "README.md"), "--output-format", "json"], out,
               io.StringIO())
    assert code == 0 and host.seen == []
    import json

    (row,) = json.loads(out.getvalue())["links"]
    assert row["verdict"] == "skipped" and "loopback address" in row["detail"]


def test_review_links_does_not_probe_the_runner(host: Host, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """The attack as reported: a PR adds links to the runner and reads the review."""
    from bot.github.gateway import GatewaySettings
    from bot.review import review_main
    from tests.standins.github import FakeGitHub, iter_bodies

    port = host.netloc.rsplit(":", 1)[1]
    host.routes["/moved"] = Reply(301, {"Location": "http://169.254.169.254/latest/"})
    targets = [f"http://127.1:{port}/secret", f"http://0x7f.1:{port}/ok",
               f"http://127.0.0.1:{port}/gone"]
    monkeypatch.chdir(tmp_path)
    with FakeGitHub("octo-lab/papers") as fake:
        base = "# Papers\n\n## 2020\n- [ ] [An Old Paper](https://arxiv.org/abs/2001.00001). " \
               "MICCAI 2020.\n"
        fake.set_files({"README.md": base})
        added = "".join(f"- [ ] [Probe {i} of Self-Supervised Learning]({url}). MICCAI 2020.\n"
                        for i, url in enumerate(targets))
        number = fake.add_pull({"README.md": base + added}).number
        args = argparse.Namespace(repo=fake.full_name, pr=number, dry_run=False, config=None,
                                  links=True, token=fake.token, api_url=fake.base_url,
                                  event_path=None)
        settings = GatewaySettings(seconds_between_requests=None, seconds_between_writes=None)
        review_main(args, settings=settings, environ={}, out=io.StringIO(), err=io.StringIO())
        bodies = "\n".join(iter_bodies(fake))
    assert host.seen == []
    assert "PL501" not in bodies and "credentials" not in bodies


def _fields(settings: Settings) -> dict[str, Any]:
    return {name: getattr(settings, name) for name in Settings.__dataclass_fields__}


def test_the_configured_apis_are_trusted_the_links_they_fall_back_to_are_not(host: Host) -> None:
    """arXiv's and GitHub's API URLs come from the config or environment, not from the list:
    a loopback stand-in for them is reached; a list link it cannot vouch for is vetted."""
    from tests.links.test_arxiv_batch import PAPERS, api

    host.routes["/api/query"] = api(PAPERS)
    known, unknown = host.url("/abs/2101.05224"), host.url("/abs/2101.99999")
    settings = Settings(**{**_fields(FAST), "arxiv_api": True,
                           "arxiv_api_url": host.url("/api/query"), "arxiv_delay": 0.0})
    results = LinkChecker(settings).check([known, unknown],
                                          {known: "2101.05224", unknown: "2101.99999"})
    assert results[known].verdict is Verdict.OK
    assert results[known].arxiv_title == PAPERS["2101.05224"].title
    assert results[unknown].verdict is Verdict.SKIPPED  # its page is on loopback: not fetched
    assert [s.path.split("?")[0] for s in host.seen] == ["/api/query"]
