from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from bot import escape

HOSTILE = "Thanks @octocat <img src=x onerror=alert(1)> [click](https://evil) **bold** | a"
RAW_MENTION = re.compile(r"(?<![\w`])@[A-Za-z0-9]")


def test_plain_neutralises_mentions_html_and_markdown():
    out = escape.plain(HOSTILE)
    assert not RAW_MENTION.search(out)
    assert "<img" not in out and "&lt;img" in out
    assert "[click](" not in out and r"\[click\]\(" in out
    assert r"\*\*bold\*\*" in out and r"\|" in out


def test_code_keeps_text_visible_but_inert():
    out = escape.code("@team/x <b>hi</b> `tick` |")
    assert out.startswith("<code>") and out.endswith("</code>")
    assert "<b>" not in out and "&lt;b&gt;" in out and "|" not in out[6:-7]
    assert not RAW_MENTION.search(out)


def test_inline_turns_code_spans_into_code_elements():
    out = escape.inline("Raw HTML `<img src=x onerror=alert(1)>` in an entry by @octocat")
    assert out == ("Raw HTML <code>&lt;img src=x onerror=alert(1)&gt;</code> in an entry by "
                   "@&#8203;octocat")


def test_email_like_text_is_left_alone_enough():
    assert "a@&#8203;b" in escape.plain("a@b")  # harmless either way, never a ping


@given(st.text(alphabet=st.sampled_from(list("`a\n ")), max_size=40))
def test_fence_is_longer_than_any_backtick_run(content):
    block = escape.fence(content, "suggestion")
    bar = block.split("suggestion", 1)[0]
    assert set(bar) == {"`"} and len(bar) >= 3
    longest = max((len(r) for r in re.findall(r"`+", content)), default=0)
    assert len(bar) > longest
    assert block.endswith("\n" + bar) and block[len(bar) + len("suggestion") + 1:-len(bar) - 1] \
        == content


def test_fence_without_content_deletes():
    assert escape.fence(None, "suggestion") == "```suggestion\n```"
    assert escape.fence("", "suggestion") == "```suggestion\n\n```"
    assert escape.fence("a ```` b", "suggestion").startswith("`````suggestion\n")


def test_truncate():
    assert escape.truncate("abcdef", 4) == "abc…" and escape.truncate("ab", 4) == "ab"


@given(st.text(alphabet=st.sampled_from(list("`@<>!-[]()*_|&#;\\ \nab")), max_size=60))
def test_inline_never_lets_markup_or_mentions_through(text):
    out = escape.inline(text)
    tags = re.findall(r"<[^>]*>", out)
    assert set(tags) <= {"<code>", "</code>"}
    assert out.count("<code>") == out.count("</code>")
    assert not re.search(r"@[A-Za-z0-9]", out)
    assert "\n" not in out and "<!--" not in out


def test_url_path_encodes_what_a_url_cannot_hold():
    from bot.escape import url_path

    assert url_path("lists/ssl.md") == "lists/ssl.md"
    assert url_path("my list/(new) #1.md") == "my%20list/%28new%29%20%231.md"
    assert url_path("é.md") == "%C3%A9.md"
