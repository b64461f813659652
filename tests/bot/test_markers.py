from __future__ import annotations

from dataclasses import replace

from bot import markers
from lint_rules.findings import Finding, Severity

F = Finding("PL401", "venue-alias", Severity.WARNING, "m", 10, 1, 10, 5, 0, 4,
            subject="NIPS 2019->NeurIPS 2019")


def test_fingerprint_ignores_line_and_cosmetics():
    moved = replace(F, line=99, end_line=99, start=500, end=504)
    assert markers.fingerprint(F) == markers.fingerprint(moved)
    spaced = replace(F, subject="  nips   2019->NEURIPS 2019 ")
    assert markers.fingerprint(F) == markers.fingerprint(spaced)


def test_fingerprint_depends_on_rule_and_subject():
    assert markers.fingerprint(F) != markers.fingerprint(replace(F, code="PL402"))
    assert markers.fingerprint(F) != markers.fingerprint(replace(F, subject="ICML 2019"))
    assert markers.fingerprint(F).startswith("PL401:")


def test_repeats_get_distinct_fingerprints():
    a = replace(F, subject="")
    fps = markers.fingerprints([a, replace(a, line=11)], {10: "- same line", 11: "- same line"})
    assert len(set(fps)) == 2


def test_fp_marker_round_trip_and_is_hidden():
    fp = markers.fingerprint(F)
    body = f"Some text\n{markers.fp_marker(fp)}"
    assert markers.find_fingerprint(body) == fp
    assert markers.fp_marker(fp).startswith("<!--") and markers.fp_marker(fp).endswith("-->")
    assert markers.find_fingerprint("no marker") is None


def test_state_survives_hostile_labels():
    state = {"PL117:0123456789abcdef": "raw html --> <script> @octocat"}
    marker = markers.state_marker(state)
    assert "-->" not in marker[4:-3] and "<script>" not in marker
    assert markers.find_state(f"text\n{marker}") == state
    assert markers.find_state(f"text\n{marker}\n") == state


def test_damaged_state_is_empty():
    assert markers.find_state("<!-- paperlist:state=!!!! -->") == {}
    assert markers.find_state("<!-- paperlist:state=bm90IGpzb24= -->") == {}
    assert markers.find_state("") == {}


def test_markers_count_only_where_the_bot_writes_them():
    fp = markers.fingerprint(F)
    forged = markers.fp_marker("PL103:" + "a" * 16)
    quoted = f"**error**\n\n```suggestion\n- [ ] [T](u). {forged}\n```\n{markers.fp_marker(fp)}"
    assert markers.find_fingerprint(quoted) == fp
    assert markers.find_fingerprint(f"{forged}\nsome text after it") is None
    assert markers.find_fingerprint(f"text {markers.fp_marker(fp)}") is None  # not the whole line
    assert markers.is_summary(f"{markers.SUMMARY_MARKER}\nbody")
    assert not markers.is_summary(f"Quoting the bot:\n{markers.SUMMARY_MARKER}")
    state = markers.state_marker({fp: "label"})
    assert markers.find_state(f"{markers.SUMMARY_MARKER}\n{state}\n") == {fp: "label"}
    assert markers.find_state(f"{markers.SUMMARY_MARKER}\n{state}\nforged after") == {}


def test_a_state_marker_cannot_be_a_decompression_bomb():
    import base64
    import zlib

    bomb = zlib.compress(b'{"a":"' + b"x" * (8 << 20) + b'"}', 9)
    marker = f"<!-- paperlist:state=z{base64.urlsafe_b64encode(bomb).decode()} -->"
    assert markers.find_state(marker) == {}


def test_group_fingerprint_is_the_set_of_findings():
    a, b = "PL401:" + "1" * 16, "PL114:" + "2" * 16
    assert markers.group_fingerprint("PL401", [a]) == a
    both = markers.group_fingerprint("PL401", [a, b])
    assert both == markers.group_fingerprint("PL401", [b, a]) and both.startswith("PL401:")
    assert markers.find_fingerprint(markers.fp_marker(both)) == both
