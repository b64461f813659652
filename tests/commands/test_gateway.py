"""The commands' GitHub gateway (real PyGithub) against the stand-in: GitHub's refusals are
reproduced, and content-creating POSTs are never blindly repeated."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.errors import GatewayError
from bot.github.commands import CommandGateway, GatewayOptions
from tests.standins.github import FakeGitHub

LIST = "# L\n\n## 2021\n- [ ] [A](https://arxiv.org/abs/2101.00001). arXiv.\n"


@pytest.fixture
def gh() -> Iterator[FakeGitHub]:
    with FakeGitHub() as fake:
        fake.set_files({"README.md": LIST})
        yield fake


@pytest.fixture
def gateway(gh: FakeGitHub) -> Iterator[CommandGateway]:
    gw = CommandGateway(gh.base_url, gh.token, gh.full_name, GatewayOptions(pause=False))
    yield gw
    gw.close()


@pytest.mark.parametrize(("role", "seen"), [("admin", "admin"), ("maintain", "maintain"),
                                            ("write", "write"), ("triage", "triage"),
                                            ("read", "read")])
def test_permission_reads_the_role_not_the_legacy_field(gh, gateway, role, seen):
    gh.set_permission("someone", role)
    assert gateway.permission("someone") == seen


def test_a_stranger_has_no_permission(gateway):
    assert gateway.permission("stranger") == "none"


def test_branch_commit_and_pull_request(gh, gateway):
    head = gateway.branch_sha("main")
    gateway.reset_branch("paperlist/issue-1", head)
    blob = gateway.read("README.md", "main").sha
    gateway.write("README.md", LIST + "- [ ] [B](https://arxiv.org/abs/2101.00002). arXiv.\n",
                  blob, "paperlist/issue-1", "Add B")
    pull, action = gateway.upsert_pull("paperlist/issue-1", "main", "Add B", "body")
    assert action == "created" and gh.contents_at("main", "README.md") == LIST
    assert "2101.00002" in gh.contents_at("paperlist/issue-1", "README.md")
    assert gateway.upsert_pull("paperlist/issue-1", "main", "Add B", "body")[1] == "unchanged"
    assert gateway.upsert_pull("paperlist/issue-1", "main", "Add B", "new body")[1] == "updated"
    assert gh.issues[pull.number]["body"] == "new body"


def test_a_stale_blob_sha_is_refused(gh, gateway):
    gateway.reset_branch("b", gateway.branch_sha("main"))
    with pytest.raises(GatewayError) as caught:
        gateway.write("README.md", "x\n", "0" * 40, "b", "m")
    assert caught.value.status == 409


def test_a_502_that_created_the_pull_request_does_not_make_a_second(gh, gateway):
    gateway.reset_branch("b", gateway.branch_sha("main"))
    gateway.write("README.md", LIST + "more\n", gateway.read("README.md", "main").sha, "b", "m")
    gh.fail_next("POST", r"/pulls$", 502, after=True)
    pull, _ = gateway.upsert_pull("b", "main", "T", "body")
    assert len(gh.open_pulls()) == 1 and pull.number == gh.open_pulls()[0].number
    assert len(gh.requests_to("POST", r"/pulls$")) == 1


def test_reply_is_not_repeated(gh, gateway):
    issue = gh.add_issue("I")
    assert gateway.reply(issue, "<!-- m -->\nhello\n", "<!-- m -->") == "created"
    assert gateway.reply(issue, "<!-- m -->\nhello\n", "<!-- m -->") == "unchanged"
    assert gateway.reply(issue, "<!-- m -->\nbye\n", "<!-- m -->") == "created"
    assert len(gh.issue_comments_on(issue)) == 2
