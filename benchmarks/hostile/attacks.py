"""Hostile inputs from issue 12 ("Time and memory") and others like them, each one list text.

Each attack is a function of a scale factor (1.0 = the size of the issue's attack, about
20 KB – 2 MB) returning the list's text, so the unit tests can run the same shapes small.
"""

from __future__ import annotations

from collections.abc import Callable

ENTRY = "- [ ] [A paper title long enough to count](https://arxiv.org/abs/2001.00001). MICCAI 2020."


def _n(base: int, scale: float) -> int:
    return max(1, int(base * scale))


def open_brackets(scale: float) -> str:
    return "- " + "[" * _n(20_000, scale) + "\n"


def unclosed_links(scale: float) -> str:
    return "- " + "[a](" * _n(20_000, scale) + "\n"


def spaces_in_destination(scale: float) -> str:
    return f"- [ ] [Title of a paper](https://a.org/x{' ' * _n(25_000, scale)}y). MICCAI 2020.\n"


def backticks_in_label(scale: float) -> str:
    return "- [ ] [" + "`" * _n(30_000, scale) + "](https://a.org/x). MICCAI 2020.\n"


def backtick_runs_in_label(scale: float) -> str:
    # Runs of every length 1..k, none closed: each run's search for its closer fails.
    k = _n(240, scale ** 0.5)
    return "- [ ] [" + " ".join("`" * i for i in range(1, k + 1)) + "](https://a.org/x).\n"


def long_bare_host(scale: float) -> str:
    return "- [ ] [Title of a paper](https://a.org/x). " + "http://" + "a." * _n(60_000, scale) \
        + "a MICCAI 2020.\n"


def links_then_bare_urls(scale: float) -> str:
    n = _n(20_000, scale)
    return "- " + "[a](https://a.org/x) " * n + "https://b.org/y " * n + "\n"


def doi_abs_suffixes(scale: float) -> str:
    return ("- [ ] [Title of a paper](https://doi.org/10.1000/xyz" + "/abs" * _n(40_000, scale)
            + "). MICCAI 2020.\n")


def venue_spaces(scale: float) -> str:
    return ("- [ ] [Title of a paper](https://arxiv.org/abs/2001.00001). Venue"
            + " " * _n(40_000, scale) + "x 2020.\n")


def bold_year_spaces(scale: float) -> str:
    return "".join("- **T** (Jan" + " " * _n(20_000, scale) + "\n" for _ in range(50))


def heading_spaces(scale: float) -> str:
    return "# T" + " " * _n(40_000, scale) + "x\n\n" + ENTRY + "\n"


def fixes_on_one_line(scale: float) -> str:
    return "- " + "[T](https://a.org/x). < " * _n(3_000, scale) + "\n"


def long_line_trailing_space(scale: float) -> str:
    return ("- [ ] [" + "T" * _n(65_000, scale)
            + "](https://arxiv.org/abs/2001.00001). MICCAI 2020. \n")


def common_word_titles(scale: float) -> str:
    n = _n(8_000, scale)
    lines = ["## 2020", ""]
    lines += [f"- [ ] [Contrastive learning of global and local features for medical image "
              f"segmentation {i}](https://a.org/{i}). MICCAI 2020." for i in range(n)]
    return "\n".join(lines) + "\n"


def near_titles(scale: float) -> str:
    # No numbers this time: every title is one or two letters from thousands of others.
    n = _n(8_000, scale)
    letters = "abcdefghijklmnopqrstuvwxyz"
    lines = ["## 2020", ""]
    lines += [f"- [ ] [Contrastive learning of global and local features for medical image "
              f"segmentation {letters[i % 26]}{letters[i // 26 % 26]}{letters[i // 676 % 26]}]"
              f"(https://a.org/{i}). MICCAI 2020." for i in range(n)]
    return "\n".join(lines) + "\n"


def repeated_title(scale: float) -> str:
    n = _n(8_000, scale)
    lines = ["## 2020", ""]
    lines += [f"- [ ] [Contrastive learning of global and local features for medical image "
              f"segmentation](https://a.org/{i}). MICCAI 2020." for i in range(n)]
    return "\n".join(lines) + "\n"


def deep_nesting(scale: float) -> str:
    n = _n(5_000, scale)
    return "- " + "[" * n + "a" + "]" * n + "(https://a.org/x)\n" + "> " * min(n, 900) + "x\n"


def deep_list(scale: float) -> str:
    n = _n(1_000, scale)
    return "".join("  " * i + "- [ ] [T](https://a.org/x). MICCAI 2020.\n" for i in range(n))


def many_entries_one_url(scale: float) -> str:
    n = _n(20_000, scale)
    return "## 2020\n\n" + "".join(
        f"- [ ] [Paper number {i} of this list](https://arxiv.org/abs/2001.00001). MICCAI 2020.\n"
        for i in range(n))


def two_mb_entries(scale: float) -> str:
    n = _n(2_000_000 // (len(ENTRY) + 1), scale)
    return "## 2020\n\n" + "".join(
        ENTRY.replace("2001.00001", f"2001.{i % 100000:05d}") + "\n" for i in range(n))


def tiny_entries(scale: float) -> str:
    # As many entries as 2 MB can hold: every per-entry cost counts 200,000 times.
    return "## 2020\n\n" + "- [a](b)\n" * _n(220_000, scale)


def tiny_lines(scale: float) -> str:
    return "x\n" * _n(1_000_000, scale)


def emphasis_storm(scale: float) -> str:
    return "- " + "*a_" * _n(100_000, scale) + "\n"


def nul_bytes(scale: float) -> str:
    return ("- [ ] [T\x00\x01\u202e](https://a.org/\x00x). MICCAI 2020.\n"
            * _n(20_000, scale))


def control_characters(scale: float) -> str:
    return ("- [ ] [Title\x01\x1b[31m\u202e\u200b of a paper](https://a.org/\x7fx). MICCAI 2020.\n"
            * _n(20_000, scale))


def table_wide(scale: float) -> str:
    n = _n(20_000, scale)
    return "| Title | Venue |\n|" + "---|" * n + "\n|" + " [T](https://a.org/x) |" * n + "\n"


# Exit codes other than 0/1 an attack is expected to get: text with NUL bytes is refused as
# binary (exit 2, one line on stderr), which is the clear error it deserves.
# Hundreds of thousands of tiny lines are refused too (exit 2, one line): markdown-it-py's block
# parse alone takes over 6 s on them, and no paper list averages under 40 bytes a line.
EXPECTED_EXIT = {"nul-bytes": 2, "tiny-entries": 2, "tiny-lines": 2}

ATTACKS: dict[str, Callable[[float], str]] = {
    "open-brackets": open_brackets,
    "unclosed-links": unclosed_links,
    "spaces-in-destination": spaces_in_destination,
    "backticks-in-label": backticks_in_label,
    "backtick-runs-in-label": backtick_runs_in_label,
    "long-bare-host": long_bare_host,
    "links-then-bare-urls": links_then_bare_urls,
    "doi-abs-suffixes": doi_abs_suffixes,
    "venue-spaces": venue_spaces,
    "bold-year-spaces": bold_year_spaces,
    "heading-spaces": heading_spaces,
    "fixes-on-one-line": fixes_on_one_line,
    "long-line-trailing-space": long_line_trailing_space,
    "common-word-titles": common_word_titles,
    "near-titles": near_titles,
    "repeated-title": repeated_title,
    "deep-nesting": deep_nesting,
    "deep-list": deep_list,
    "many-entries-one-url": many_entries_one_url,
    "two-mb-entries": two_mb_entries,
    "tiny-entries": tiny_entries,
    "tiny-lines": tiny_lines,
    "emphasis-storm": emphasis_storm,
    "nul-bytes": nul_bytes,
    "control-characters": control_characters,
    "table-wide": table_wide,
}
