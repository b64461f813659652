"""The pure verdict state machine: every rule of lint_rules.links.verdict, no server."""

from __future__ import annotations

import email.utils

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lint_rules.links.verdict import (
    Answer,
    Failure,
    Hint,
    Policy,
    Probe,
    Verdict,
    is_challenge,
    retry_after,
    step,
)

URL = "https://example.org/paper"
NOW = 1_764_000_000.0
POLICY = Policy(retries=2, timeout_retries=1, backoff=0.5, max_redirects=3)


def answer(status: int, **headers: str) -> Answer:
    return Answer(status=status, headers={k.replace("_", "-"): v for k, v in headers.items()})


def run(probe: Probe, *answers: Answer, head_trusted: bool = True):
    """Feed answers in order; return the final step and the probes sent along the way."""
    sent = [probe]
    for a in answers:
        nxt = step(probe, a, now=NOW, policy=POLICY, head_trusted=head_trusted)
        if nxt.result is not None:
            return nxt, sent
        assert nxt.probe is not None
        probe = nxt.probe
        sent.append(probe)
    raise AssertionError(f"no verdict after {len(answers)} answers; next {probe}")


def test_200_is_ok_without_final_url() -> None:
    nxt, _ = run(Probe(URL, URL), answer(200))
    assert (nxt.result.verdict, nxt.result.status, nxt.result.final_url) == (Verdict.OK, 200, None)


@pytest.mark.parametrize("status", [404, 410])
def test_not_found_and_gone_are_dead(status: int) -> None:
    nxt, sent = run(Probe(URL, URL), answer(status))
    assert nxt.result.verdict is Verdict.DEAD and nxt.result.status == status
    assert len(sent) == 1


def test_head_404_is_confirmed_by_get_until_the_host_has_shown_its_head_is_truthful() -> None:
    nxt, sent = run(Probe(URL, URL), answer(404), answer(404), head_trusted=False)
    assert [p.method for p in sent] == ["HEAD", "GET"]
    assert nxt.result.verdict is Verdict.DEAD and nxt.hint is Hint.HEAD


def test_head_404_that_a_get_contradicts_is_alive_and_the_host_gets_get() -> None:
    nxt, _ = run(Probe(URL, URL), answer(404), answer(200), head_trusted=False)
    assert nxt.result.verdict is Verdict.OK and nxt.hint is Hint.GET


@pytest.mark.parametrize("code", [301, 308])
def test_permanent_redirect_reports_where_it_leads(code: int) -> None:
    nxt, sent = run(Probe(URL, URL), answer(code, location="/moved"), answer(200))
    assert nxt.result.verdict is Verdict.REDIRECT
    assert nxt.result.final_url == "https://example.org/moved"
    assert sent[1].target == "https://example.org/moved" and sent[1].method == "HEAD"


@pytest.mark.parametrize("code", [302, 303, 307])
def test_temporary_redirect_is_ok_and_never_rewritten(code: int) -> None:
    nxt, _ = run(Probe(URL, URL), answer(code, location="https://pub.example/x"), answer(200))
    assert nxt.result.verdict is Verdict.OK and nxt.result.final_url is None


def test_permanent_chain_stops_at_the_first_temporary_hop() -> None:
    nxt, _ = run(
        Probe(URL, URL),
        answer(301, location="https://example.org/a"),
        answer(308, location="https://example.org/b"),
        answer(302, location="https://example.org/today"),
        answer(200),
    )
    assert nxt.result.verdict is Verdict.REDIRECT
    assert nxt.result.final_url == "https://example.org/b"


def test_permanent_redirect_to_a_dead_page_is_dead() -> None:
    nxt, _ = run(Probe(URL, URL), answer(301, location="/gone"), answer(404))
    assert nxt.result.verdict is Verdict.DEAD and nxt.result.final_url is None
    assert "https://example.org/gone" in nxt.result.detail


def test_redirect_loop_is_dead() -> None:
    nxt, _ = run(Probe(URL, URL), answer(301, location="/a"), answer(301, location="/paper"))
    assert nxt.result.verdict is Verdict.DEAD and "loop" in nxt.result.detail


def test_too_many_redirects_is_dead() -> None:
    hops = [answer(302, location=f"/hop{i}") for i in range(5)]
    nxt, _ = run(Probe(URL, URL), *hops)
    assert nxt.result.verdict is Verdict.DEAD and "too many" in nxt.result.detail


def test_head_refused_is_asked_again_with_get_and_the_host_learns_it() -> None:
    first = step(Probe(URL, URL), answer(405), now=NOW, policy=POLICY)
    assert first.probe.method == "GET" and first.hint is Hint.GET
    nxt, _ = run(first.probe, answer(200))
    assert nxt.result.verdict is Verdict.OK


@pytest.mark.parametrize("status", [403, 418, 999])
def test_bot_block_gets_a_browser_like_attempt_that_shows_the_real_state(status: int) -> None:
    first = step(Probe(URL, URL), answer(status), now=NOW, policy=POLICY)
    assert first.probe.browser and first.probe.method == "GET" and first.hint is Hint.BROWSER
    assert step(first.probe, answer(200), now=NOW).result.verdict is Verdict.OK
    assert step(first.probe, answer(404), now=NOW).result.verdict is Verdict.DEAD


def test_bot_block_that_holds_for_a_browser_is_unverifiable_never_dead() -> None:
    nxt, sent = run(Probe(URL, URL), answer(403), answer(403))
    assert nxt.result.verdict is Verdict.UNVERIFIABLE and len(sent) == 2


def test_cloudflare_challenge_is_unverifiable() -> None:
    challenge = Answer(403, {"cf-mitigated": "challenge", "server": "cloudflare"}, b"Just a moment")
    assert is_challenge(challenge)
    nxt, _ = run(Probe(URL, URL), challenge, challenge)
    assert nxt.result.verdict is Verdict.UNVERIFIABLE and nxt.result.detail == "bot challenge"


def test_challenge_page_recognised_by_body_and_server() -> None:
    page = Answer(503, {"server": "cloudflare"}, b"<title>Just a moment...</title>")
    assert is_challenge(page)
    assert not is_challenge(Answer(503, {"server": "nginx"}, b"<title>Just a moment...</title>"))


def test_flaky_5xx_is_retried_with_backoff_and_alive() -> None:
    probe = Probe(URL, URL)
    first = step(probe, answer(502), now=NOW, policy=POLICY)
    second = step(first.probe, answer(500), now=NOW, policy=POLICY)
    assert (first.delay, second.delay) == (0.5, 1.0)
    assert step(second.probe, answer(200), now=NOW).result.verdict is Verdict.OK


def test_503_with_retry_after_pauses_the_host() -> None:
    nxt = step(Probe(URL, URL), answer(503, retry_after="4"), now=NOW, policy=POLICY)
    assert nxt.probe is not None and nxt.pause_host == 4.0 and nxt.delay == 4.0


def test_persistent_500_is_dead_after_retries() -> None:
    nxt, sent = run(Probe(URL, URL), answer(500), answer(500), answer(500))
    assert nxt.result.verdict is Verdict.DEAD and len(sent) == 3


def test_persistent_503_gets_a_browser_attempt_then_is_unverifiable() -> None:
    nxt, sent = run(Probe(URL, URL), *[answer(503)] * 4)
    assert nxt.result.verdict is Verdict.UNVERIFIABLE and sent[-1].browser


def test_429_pauses_the_host_for_retry_after_and_asks_again() -> None:
    first = step(Probe(URL, URL), answer(429, retry_after="2"), now=NOW, policy=POLICY)
    assert first.pause_host == 2.0 and first.probe.target == URL and first.result is None


def test_429_with_http_date_retry_after() -> None:
    when = email.utils.formatdate(NOW + 30, usegmt=True)
    first = step(Probe(URL, URL), answer(429, retry_after=when), now=NOW, policy=POLICY)
    assert first.pause_host == pytest.approx(30.0, abs=1.0)


def test_429_with_a_pause_longer_than_allowed_gives_up_as_unverifiable() -> None:
    nxt = step(Probe(URL, URL), answer(429, retry_after="3600"), now=NOW, policy=POLICY)
    assert nxt.result.verdict is Verdict.UNVERIFIABLE and nxt.pause_host == 3600


def test_rate_limit_headers_pause_the_host_even_on_success() -> None:
    ok = answer(200, x_ratelimit_remaining="0", x_ratelimit_reset=str(int(NOW + 20)))
    nxt = step(Probe(URL, URL), ok, now=NOW, policy=POLICY)
    assert nxt.result.verdict is Verdict.OK and nxt.pause_host == pytest.approx(20.0)


def test_retry_after_reads_delta_reset_headers() -> None:
    assert retry_after({"ratelimit-remaining": "0", "ratelimit-reset": "7"}, NOW) == 7.0
    assert retry_after({"ratelimit-remaining": "3", "ratelimit-reset": "7"}, NOW) is None
    assert retry_after({"retry-after": "soon"}, NOW) is None


def test_refused_connection_is_dead_after_one_retry() -> None:
    refused = Answer(failure=Failure.REFUSED, error="Connection refused")
    nxt, sent = run(Probe(URL, URL), refused, refused)
    assert nxt.result.verdict is Verdict.DEAD and len(sent) == 2
    assert nxt.result.detail.startswith("refused")


def test_timeout_is_retried_then_reported_as_timeout() -> None:
    hang = Answer(failure=Failure.TIMEOUT, error="read timed out")
    nxt, sent = run(Probe(URL, URL), hang, hang)
    assert nxt.result.verdict is Verdict.TIMEOUT and len(sent) == 2


def test_reset_connections_are_retried_then_unverifiable() -> None:
    reset = Answer(failure=Failure.CONNECTION, error="reset")
    nxt, sent = run(Probe(URL, URL), reset, reset, reset)
    assert nxt.result.verdict is Verdict.UNVERIFIABLE and len(sent) == 3


def test_accepted_status_on_a_host_counts_as_alive() -> None:
    nxt = step(Probe(URL, URL), answer(403), now=NOW, policy=POLICY, accepted=frozenset({403}))
    assert nxt.result.verdict is Verdict.OK


def test_other_4xx_gets_a_browser_attempt_before_dead() -> None:
    nxt, sent = run(Probe(URL, URL), answer(400), answer(400), answer(400))
    assert [p.method for p in sent] == ["HEAD", "GET", "GET"] and sent[-1].browser
    assert nxt.result.verdict is Verdict.DEAD


ANSWERS = st.one_of(
    st.sampled_from(
        [200, 204, 400, 401, 403, 404, 405, 410, 418, 429, 451, 500, 502, 503, 504, 999]
    ).map(lambda s: answer(s)),
    st.tuples(
        st.sampled_from([301, 302, 303, 307, 308]),
        st.sampled_from(["/a", "/b", "/paper", "https://other.org/x", "mailto:x@y.z", ""]),
    ).map(lambda t: answer(t[0], location=t[1])),
    st.sampled_from(list(Failure)).map(lambda f: Answer(failure=f, error="x")),
    st.just(answer(429, retry_after="1")),
)


@settings(max_examples=100, deadline=None)
@given(st.lists(ANSWERS, min_size=80, max_size=80))
def test_every_answer_sequence_ends_in_a_consistent_verdict(answers: list[Answer]) -> None:
    """Whatever servers say, a link gets a verdict within a bounded number of requests, and
    only a permanent first hop ever yields a final URL."""
    probe = Probe(URL, URL)
    for a in answers:
        nxt = step(probe, a, now=NOW, policy=POLICY, head_trusted=False)
        if nxt.result is not None:
            break
        assert nxt.delay >= 0 and (nxt.pause_host is None or nxt.pause_host >= 0)
        probe = nxt.probe
    else:
        raise AssertionError(f"no verdict after {len(answers)} answers")
    result = nxt.result
    assert (result.final_url is not None) == (result.verdict is Verdict.REDIRECT)
    if result.verdict is Verdict.REDIRECT:
        assert probe.hops[0][0] in (301, 308)
    if result.verdict is Verdict.DEAD and result.status is not None:
        assert result.status not in (401, 403, 418, 429, 999)
