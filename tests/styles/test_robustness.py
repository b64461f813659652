"""Whatever the text, no style raises and every part an entry reports is the text at its span."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lint_rules.config import Config
from lint_rules.model import Candidate
from lint_rules.parse import _MD, _Builder
from lint_rules.source import SourceText
from lint_rules.styles import STYLES, SectionContext
from tests.styles.test_synthetic import SAMPLES

PIECES = ["**", "*", "_", "[", "]", "(", ")", "[[", "]]", "|", "\n", "\n\n", "- ", "  - ", "1. ",
          "<br>", "\\", " ", "  ", "2020", "'20", ":", ".", ",", "https://arxiv.org/abs/2001.00001",
          "Title", "A. Author", "`", "[ ] ", "[x] ", "---", "# H\n", "## 2020\n",
          "| Title | Venue |\n|---|---|\n", "Paper: ", "[12th Sep., 2023]", "(2015), "]

texts = st.one_of(
    st.lists(st.sampled_from(PIECES), max_size=60).map("".join),
    st.tuples(st.sampled_from(list(SAMPLES.values())), st.integers(0, 2000),
              st.integers(0, 2000), st.sampled_from(PIECES))
    .map(lambda t: t[0][:t[1]] + t[3] + t[0][t[2]:]),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_styles_never_raise_and_spans_hold(text: str) -> None:
    source = SourceText(text)
    builder = _Builder(source, [_MD.parse(text)], Config())
    builder.scan()
    for section in builder._sections():
        blocks = [b for b in builder.blocks if section.line <= b.line <= section.end_line]
        for style in STYLES:
            for e in style.parse_section(blocks, SectionContext(source, section.index, ())):
                if isinstance(e, Candidate):
                    continue
                assert e.title_span is not None
                assert text[e.title_span.start:e.title_span.end] == e.title
                if e.url is not None:
                    assert e.url_span is not None
                    assert text[e.url_span.start:e.url_span.end] == e.url
                if e.venue_text is not None:
                    assert e.venue_span is not None
                    assert text[e.venue_span.start:e.venue_span.end] == e.venue_text
