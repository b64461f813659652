"""The Atom parser against the real responses recorded in tests/data/arxiv/."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from lint_rules.arxiv_atom import ArxivError, ArxivFeedError, parse_feed
from tests.conftest import DATA

FIXTURES = DATA / "arxiv"


def _read(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def test_first_page_header_and_rich_entry():
    feed = parse_feed(_read("query_all_testing_start0_max10.xml"))
    assert (feed.total_results, feed.start_index, feed.items_per_page) == (214881, 0, 10)
    assert len(feed.entries) == 10
    first = feed.entries[0]
    assert first.id == "2202.12139" and first.version == 1
    assert first.title.startswith("Testing Deep Learning Models: A First Comparative Study")
    assert first.doi == "10.1109/icstw55395.2022.00035"
    assert first.primary_category == "cs.SE"
    assert first.categories == ("cs.SE", "cs.LG")
    assert first.authors == ("Mohit Kumar Ahuja", "Arnaud Gotlieb", "Helge Spieker")
    assert first.journal_ref is not None and "ICSTW" in first.journal_ref
    assert first.comment is not None and first.comment.startswith("Artificial Intelligence")
    assert first.abs_url == "https://arxiv.org/abs/2202.12139"
    assert first.pdf_url == "https://arxiv.org/pdf/2202.12139v1"
    assert first.published == datetime(2022, 2, 24, 15, 5, 19, tzinfo=UTC)


def test_second_page_keeps_versions_apart_from_ids():
    feed = parse_feed(_read("query_all_testing_start10_max10.xml"))
    assert feed.start_index == 10
    v2 = next(e for e in feed.entries if e.id == "2403.16981")
    assert v2.version == 2 and v2.versioned_id == "2403.16981v2"
    assert v2.published != v2.updated


def test_empty_result_is_an_empty_feed_not_an_error():
    feed = parse_feed(_read("idlist_0000.0000_empty.xml").decode("utf-8"))
    assert feed.total_results == 0 and feed.entries == []


def test_error_feed_raises_with_the_api_message():
    with pytest.raises(ArxivError) as info:
        parse_feed(_read("idlist_abc_error_http400.xml"))
    assert info.value.message == "incorrect id format for abc"
    assert info.value.error_id.endswith("#incorrect_id_format_for_abc")


def test_legacy_2016_format_per_element_namespaces_and_wrapped_text():
    feed = parse_feed(_read("legacy2016_query_au_del_maestro.xml"))
    assert (feed.total_results, feed.items_per_page) == (31, 10)
    old = next(e for e in feed.entries if e.id == "cond-mat/0412498")
    assert old.doi == "10.1103/physrevb.71.184511"
    assert old.pdf_url is not None and old.pdf_url.startswith("https://")
    for entry in feed.entries:
        assert "\n" not in entry.title and "  " not in entry.summary
        assert entry.summary == entry.summary.strip()


def test_element_order_does_not_matter():
    xml = """<feed xmlns="http://www.w3.org/2005/Atom">
      <entry>
        <arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="eess.IV"/>
        <author><name>A. Person</name></author>
        <link title="doi" href="https://doi.org/10.1007/978-3-030-1" rel="related"/>
        <summary>x</summary>
        <title>Late
          title</title>
        <id>http://arxiv.org/abs/2101.00001v3</id>
      </entry>
    </feed>"""
    (entry,) = parse_feed(xml).entries
    assert entry.id == "2101.00001" and entry.version == 3
    assert entry.title == "Late title"
    assert entry.doi == "10.1007/978-3-030-1"
    assert entry.primary_category == "eess.IV"


def test_html_answer_is_a_feed_error():
    with pytest.raises(ArxivFeedError):
        parse_feed(b"<html><body>Service Unavailable</body></html>")
    with pytest.raises(ArxivFeedError):
        parse_feed(b"<feed")


@pytest.mark.parametrize("encoding", ["x-klingon", "utf-1000"])
def test_unknown_xml_encoding_is_a_feed_error_not_a_lookup_error(encoding: str):
    from lint_rules.arxiv_atom import ArxivEncodingError

    data = f'<?xml version="1.0" encoding="{encoding}"?><feed/>'.encode()
    with pytest.raises(ArxivEncodingError, match=f"cannot be read.*{encoding}"):
        parse_feed(data)


def test_a_feed_over_the_size_cap_is_refused_unparsed():
    from lint_rules.arxiv_atom import MAX_FEED_BYTES

    with pytest.raises(ArxivFeedError, match="cap"):
        parse_feed(b" " * (MAX_FEED_BYTES + 1))
