"""Gateway behaviour that the end-to-end tests do not pin down: retries, errors, duplicates."""

from __future__ import annotations

import pytest

from bot.errors import GatewayError, PermissionDenied, RateLimited
from bot.github.gateway import Gateway, GatewaySettings, make_retry
from bot.markers import SUMMARY_MARKER
from bot.reporters.inline import PlannedComment, ReviewPlan
from tests.standins.github import FakeGitHub

FAST = GatewaySettings(seconds_between_requests=None, seconds_between_writes=None, retries=2,
                       backoff_factor=0)
TEXT = "".join(f"line {i}\n" for i in range(1, 30))


@pytest.fixture
def fake():
    with FakeGitHub() as gh:
        gh.set_files({"README.md": TEXT})
        yield gh


def gateway(fake: FakeGitHub, token: str | None = None, settings=FAST) -> Gateway:
    return Gateway(fake.base_url, token or fake.token, fake.full_name, settings)


def plan(fake: FakeGitHub, number: int, line: int = 5) -> ReviewPlan:
    body = "x\n<!-- paperlist:fp=PL999:0123456789abcdef -->"
    return ReviewPlan(fake.pulls[number].head_sha, "review",
                      (PlannedComment("README.md", line, None, body, "PL999:0123456789abcdef"),),
                      frozenset(), (), ())


def test_retry_never_covers_post():
    retry = make_retry(FAST)
    assert retry is not None and "POST" not in retry.allowed_methods
    assert {"GET", "PATCH", "DELETE"} <= set(retry.allowed_methods)
    assert make_retry(GatewaySettings(retries=0)) is None


def test_get_answering_502_is_retried_transparently(fake):
    number = fake.add_pull({"README.md": TEXT.replace("line 5\n", "line five\n")}).number
    fake.fail_next("GET", r"/pulls/\d+/files$", 502)
    files = gateway(fake).changed_files(number)
    assert [f.path for f in files] == ["README.md"] and "+line five" in files[0].patch
    assert [r.status for r in fake.requests_to("GET", r"/pulls/\d+/files$")] == [502, 200]


def test_read_file_missing_is_none(fake):
    gw = gateway(fake)
    assert gw.read_file("README.md", "main") == TEXT
    assert gw.read_file(".paperlist.yml", "main") is None


def test_review_anchor_refused_is_a_gateway_error_not_a_retry(fake):
    number = fake.add_pull({"README.md": TEXT.replace("line 5\n", "line five\n")}).number
    with pytest.raises(GatewayError) as err:
        gateway(fake).post_review(number, plan(fake, number, line=20))
    assert err.value.status == 422 and "part of the diff" in str(err.value)
    assert len(fake.requests_to("POST", r"/reviews$")) == 1


def test_persistent_5xx_on_post_gives_up_after_bounded_attempts(fake):
    number = fake.add_pull({"README.md": TEXT.replace("line 5\n", "line five\n")}).number
    fake.fail_next("POST", r"/issues/\d+/comments$", 503, times=10)
    with pytest.raises(GatewayError) as err:
        gateway(fake).upsert_summary(number, f"{SUMMARY_MARKER}\nhello")
    assert err.value.status == 503
    assert len(fake.requests_to("POST", r"/issues/\d+/comments$")) == FAST.post_attempts


def test_read_only_token_is_permission_denied(fake):
    number = fake.add_pull({"README.md": TEXT.replace("line 5\n", "line five\n")}).number
    with pytest.raises(PermissionDenied):
        gateway(fake, fake.read_only_token).upsert_summary(number, f"{SUMMARY_MARKER}\nx")


SECONDARY = ("You have exceeded a secondary rate limit. Please wait a few minutes before you "
             "try again.")


def test_secondary_rate_limit_on_post_waits_then_creates_once(fake):
    number = fake.add_pull({"README.md": TEXT.replace("line 5\n", "line five\n")}).number
    fake.fail_next("POST", r"/issues/\d+/comments$", 403, message=SECONDARY,
                   headers={"Retry-After": "0"})
    gateway(fake).upsert_summary(number, f"{SUMMARY_MARKER}\nx")
    assert len(fake.issue_comments_on(number)) == 1
    assert [r.status for r in fake.requests_to("POST", r"/comments$")] == [403, 201]


def test_rate_limit_longer_than_allowed_is_raised_not_slept(fake):
    number = fake.add_pull({"README.md": TEXT.replace("line 5\n", "line five\n")}).number
    fake.fail_next("POST", r"/issues/\d+/comments$", 403, message=SECONDARY,
                   headers={"Retry-After": "3600"})
    with pytest.raises(RateLimited) as err:
        gateway(fake).upsert_summary(number, f"{SUMMARY_MARKER}\nx")
    assert err.value.retry_after == 3600 and not isinstance(err.value, PermissionDenied)


def test_markers_written_by_people_are_ignored(fake):
    from github import Auth, Github

    number = fake.add_pull({"README.md": TEXT.replace("line 5\n", "line five\n")}).number
    person = fake.add_token("ghp_person", "mallory")
    raw = Github(base_url=fake.base_url, auth=Auth.Token(person), retry=None,
                 seconds_between_requests=None, seconds_between_writes=None)
    raw.get_repo(fake.full_name).get_issue(number).create_comment(
        f"{SUMMARY_MARKER}\nI am the summary now")
    gw = gateway(fake)
    assert gw.summaries(number) == []
    ours = gw.upsert_summary(number, f"{SUMMARY_MARKER}\nreal")
    bodies = {c["id"]: c["body"] for c in fake.issue_comments_on(number)}
    assert bodies[ours] == f"{SUMMARY_MARKER}\nreal" and len(bodies) == 2  # theirs untouched
    # Actions' token cannot read /user: the bot is github-actions[bot], by exact login
    assert gw.own_login() == "github-actions[bot]"


def test_duplicate_summaries_are_collapsed_to_the_oldest(fake):
    from github import Auth, Github

    number = fake.add_pull({"README.md": TEXT.replace("line 5\n", "line five\n")}).number
    gw = gateway(fake)
    first = gw.upsert_summary(number, f"{SUMMARY_MARKER}\none")
    # what an earlier, blindly retrying client would have left behind
    raw = Github(base_url=fake.base_url, auth=Auth.Token(fake.token), retry=None,
                 seconds_between_requests=None, seconds_between_writes=None)
    raw.get_repo(fake.full_name).get_issue(number).create_comment(f"{SUMMARY_MARKER}\none")
    assert len(fake.issue_comments_on(number)) == 2
    kept = gw.upsert_summary(number, f"{SUMMARY_MARKER}\ntwo")
    assert kept == first
    assert [(c["id"], c["body"]) for c in fake.issue_comments_on(number)] == [
        (first, f"{SUMMARY_MARKER}\ntwo")]


def test_deleting_an_already_deleted_comment_is_fine(fake):
    number = fake.add_pull({"README.md": TEXT.replace("line 5\n", "line five\n")}).number
    gateway(fake).delete_review_comment(number, 424242)
    assert fake.requests_to("DELETE", r"/pulls/comments/424242$")[0].status == 404


def test_deleted_fork_pull_is_read(fake):
    number = fake.add_pull({"README.md": TEXT + "x\n"}, head_repo=None).number
    info = gateway(fake).pull(number)
    assert info.head_repo is None and info.head_sha == fake.pulls[number].head_sha


def test_another_apps_bot_comments_are_not_ours(fake):
    from github import Auth, Github

    number = fake.add_pull({"README.md": TEXT.replace("line 5\n", "line five\n")}).number
    other = Github(base_url=fake.base_url, auth=Auth.Token(
        fake.add_token("ghs_other", "other-app[bot]")), retry=None,
        seconds_between_requests=None, seconds_between_writes=None)
    other.get_repo(fake.full_name).get_issue(number).create_comment(f"{SUMMARY_MARKER}\nmine")
    gw = gateway(fake)
    assert gw.summaries(number) == []
    gw.post_review(number, plan(fake, number))
    ours = gw.review_comments(number)
    assert [c.fingerprint for c in ours] == ["PL999:0123456789abcdef"]
    # An installation token is never sent to /user (GitHub would refuse it: a needless 403).
    assert not fake.requests_to("GET", r"^/user$")
    # A personal token is its user: the app's login no longer counts as ours.
    person = fake.add_token("ghp_person", "maintainer")
    assert gateway(fake, person).own_login() == "maintainer"
    assert gateway(fake, person).review_comments(number)[0].fingerprint is None


def test_a_streamed_answer_over_the_cap_is_cut_off():
    """No Content-Length (chunked): the cap holds while reading, not after buffering it all."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from bot.errors import ResponseTooLarge

    sent: list[int] = []

    class Chunked(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            return

        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            chunk = b"[" + b"1," * 4000 + b"1]"
            try:
                for _ in range(200):  # 1.6 MB if read to the end
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                    sent.append(len(chunk))
                self.wfile.write(b"0\r\n\r\n")
            except OSError:
                pass  # the client hung up: what the cap should make it do

    server = ThreadingHTTPServer(("127.0.0.1", 0), Chunked)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        settings = GatewaySettings(seconds_between_requests=None, seconds_between_writes=None,
                                   retries=0, max_response_bytes=50_000)
        gw = Gateway(f"http://{host}:{port}", "ghs_x", "o/r", settings)
        with pytest.raises(ResponseTooLarge, match="over 50000 bytes"):
            gw.review_comments(1)
        gw.close()
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_github_not_answering_is_a_gateway_error_and_exit_2():
    """A silent server: the read times out, and the review says so in one line."""
    import argparse
    import io
    import socket

    from bot.review import review_main

    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)  # connections queue, nobody answers
        host, port = silent.getsockname()[:2]
        settings = GatewaySettings(seconds_between_requests=None, seconds_between_writes=None,
                                   retries=0, timeout=1)
        args = argparse.Namespace(repo="o/r", pr=1, dry_run=False, config=None, links=False,
                                  token="ghs_x", api_url=f"http://{host}:{port}",
                                  event_path=None)
        err = io.StringIO()
        assert review_main(args, settings=settings, environ={}, out=io.StringIO(),
                           err=err) == 2
        assert err.getvalue().count("\n") == 1 and "no answer" in err.getvalue()


def test_list_dir_names_a_directorys_entries(fake):
    fake.set_files({"lists/a.md": "x\n", "lists/deep/b.md": "y\n", ".paperlist.yml": "{}\n"})
    gw = gateway(fake)
    assert {"README.md", ".paperlist.yml", "lists"} <= gw.list_dir("", "main")
    assert gw.list_dir("lists", "main") == {"a.md", "deep"}
    assert gw.list_dir("nowhere", "main") is None
    assert gw.list_dir("README.md", "main") is None  # a file, not a directory
