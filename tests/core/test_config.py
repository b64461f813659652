"""`.paperlist.yml`: every problem reported at once with key and line, hostile YAML refused."""

from __future__ import annotations

import math
import os
import resource
import time
from pathlib import Path

import pytest

from lint_rules.config import (
    MAX_DEPTH,
    MAX_REPORTED,
    MAX_VALUES,
    load_config,
    parse_config_text,
    read_regular_file,
)
from lint_rules.errors import ConfigError


def problems(text: str) -> list[tuple[int | None, str, str]]:
    with pytest.raises(ConfigError) as err:
        parse_config_text(text, "cfg.yml")
    return [(p.line, p.key, p.reason) for p in err.value.problems]


def test_two_mistakes_are_reported_together_sorted_by_line_with_did_you_mean() -> None:
    found = problems("foo: [1]\nlsit: README.md\n")
    assert [(line, key) for line, key, _ in found] == [(1, "foo"), (2, "lsit")]
    assert found[1][2] == "unknown key; did you mean `list`?"
    assert "known keys here: " in found[0][2] and "`list`" in found[0][2]  # none close: all


def test_every_problem_has_its_own_line_in_the_message() -> None:
    with pytest.raises(ConfigError) as err:
        parse_config_text("lsit: README.md\nsections:\n  require_venu: [year]\nstyle: chekbox\n",
                          "cfg.yml")
    lines = str(err.value).splitlines()
    assert len(lines) == 3
    assert lines[:2] == [
        "cfg.yml:1: invalid config: `lsit`: unknown key; did you mean `list`?",
        "cfg.yml:3: invalid config: `sections.require_venu`: unknown key; "
        "did you mean `require_venue`?",
    ]
    assert lines[2].startswith("cfg.yml:4: invalid config: `style`: `chekbox` is not one of "
                               "`checkbox`, `year-link`, ")
    assert lines[2].endswith("; did you mean `checkbox`?")
    # The first problem stays in the error's own fields, for callers that read one.
    assert (err.value.key, err.value.line) == ("lsit", 1)


@pytest.mark.parametrize("value", [".inf", "-.inf", ".nan", ".NaN", "+.inf"])
@pytest.mark.parametrize("key", ["links.timeout", "links.budget", "conventions.min_share",
                                 "links.title_similarity", "digest.delay_seconds"])
def test_non_finite_numbers_are_refused_everywhere(key: str, value: str) -> None:
    section, name = key.split(".")
    found = problems(f"{section}:\n  {name}: {value}\n")
    assert [(line, k) for line, k, _ in found] == [(2, key)]
    assert "finite number" in found[0][2]


def test_durations_are_at_most_a_year() -> None:
    # Longer waits overflow the OS's timeouts and would kill a link worker, as .inf did.
    found = problems("links:\n  timeout: 1.0e+300\n")
    assert [(line, key) for line, key, _ in found] == [(2, "links.timeout")]
    assert "at most 31536000" in found[0][2]


def test_a_huge_but_finite_number_is_still_a_number() -> None:
    config = parse_config_text("links:\n  timeout: 1.5e+3\n")  # YAML 1.1 needs the sign
    assert config.get("links.timeout") == 1500.0 and math.isfinite(config.get("links.timeout"))


def alias_bomb(levels: int = 9) -> str:
    first = "a: &a [" + ",".join(["lol"] * 9) + "]"
    names = "abcdefghijklmnop"
    rows = [first] + [f"{names[i + 1]}: &{names[i + 1]} [" + ",".join([f"*{names[i]}"] * 9) + "]"
                      for i in range(levels - 1)]
    return "x:\n" + "".join(f" {row}\n" for row in rows)


def test_an_alias_bomb_under_an_unknown_key_is_refused_quickly() -> None:
    bomb = alias_bomb()
    assert len(bomb) <= 340  # 9**9 = 387 million strings once expanded
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.process_time()
    found = problems(bomb)
    spent = time.process_time() - started
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert len(found) == 1 and "aliases expand" in found[0][2] and found[0][0] is not None
    assert found[0][1].startswith("x.")  # the key under which it happens
    # Generous bounds (the walk would take minutes and gigabytes): this is about the order of
    # magnitude, not a timing test.
    assert spent < 2 and grown_kib < 100_000


def test_a_few_aliases_are_fine() -> None:
    config = parse_config_text(
        "digest:\n  keywords: &kw [self-supervised, contrastive]\n  phrases: *kw\n")
    assert config.get("digest.phrases") == ["self-supervised", "contrastive"]
    assert config.line_of("digest.phrases") == 3


@pytest.mark.parametrize("text", [
    "x: " + "[" * 5000 + "]" * 5000 + "\n",
    "x: " + "{a: " * 3000 + "1" + "}" * 3000 + "\n",
    "".join(" " * i + f"k{i}:\n" for i in range(MAX_DEPTH + 5)) + " " * (MAX_DEPTH + 5) + "v\n",
])
def test_deep_nesting_is_one_clean_error(text: str) -> None:
    found = problems(text)
    assert len(found) == 1
    assert "nest" in found[0][2]


def test_deep_nesting_names_its_key_clipped() -> None:
    found = problems("sections:\n  other: " + "[" * 70 + "]" * 70 + "\n")
    assert found[0][1].startswith("sections.other[0][0]") and len(found[0][1]) <= 60


def test_many_problems_are_capped_with_a_count() -> None:
    items = ", ".join(["[x]"] * 100)
    found = problems(f"sections:\n  topics: [{items}]\nlsit: a\n")
    assert len(found) == MAX_REPORTED
    assert found[-1][2] == f"{100 + 1 - MAX_REPORTED + 1} more problems from here on, not shown"


def test_nesting_just_under_the_limit_is_read() -> None:
    depth = MAX_DEPTH - 2
    text = "sections:\n  other: " + "[" * depth + "]" * depth + "\n"
    assert problems(text)[0][1].startswith("sections.other[0]")  # a schema error, not a refusal


def test_values_up_to_the_limit_are_read() -> None:
    topics = ", ".join(f"t{i}" for i in range(MAX_VALUES // 4))
    config = parse_config_text(f"sections:\n  topics: [{topics}]\n")
    assert len(config.get("sections.topics")) == MAX_VALUES // 4


def test_duplicate_keys_are_reported() -> None:
    found = problems("list: a.md\nstyle: table\nlist: b.md\n")
    assert found == [(3, "list", "duplicate key (first on line 1); YAML keeps only the last one")]


@pytest.mark.parametrize("text,key,line,words", [
    ("links:\n  timeout: ten\n", "links.timeout", 2, "expected form"),
    ("links:\n  timeout: [1]\n", "links.timeout", 2, "must be a number or a string"),
    ("links:\n  skip: ['(']\n", "links.skip[0]", 2, "not a valid regular expression"),
    ("links:\n  method: HEAD\n", "links.method", 2, "did you mean `head`?"),
    ("digest:\n  top: 0\n", "digest.top", 2, "at least 1"),
    ("digest:\n  top: true\n", "digest.top", 2, "must be a whole number, not `true`"),
    ("venues:\n  add:\n    - kind: journal\n", "venues.add[0]", 3, "missing required key `name`"),
    ("venues:\n  prefer: [TMI, TMI]\n", "venues.prefer[1]", 2, "listed twice"),
    ("list: ''\n", "list", 1, "must not be empty"),
    ("digest:\n  label: " + "x" * 51 + "\n", "digest.label", 2, "at most 50 characters"),
    ("conventions:\n  min_share: 0.5\n", "conventions.min_share", 2, "more than 0.5"),
    ("rules:\n  severity:\n    PL1: error\n", "rules.severity.PL1", 3, "not a valid key"),
    ("3: x\n", "3", 1, "keys must be strings"),
])
def test_value_errors_name_key_line_and_what_is_wrong(text: str, key: str, line: int,
                                                      words: str) -> None:
    found = problems(text)
    assert [(ln, k) for ln, k, _ in found] == [(line, key)]
    assert words in found[0][2]


@pytest.mark.parametrize("text,line", [("a: [\n", 2), ("a: b: c\n", 1), ("\tx: 1\n", 1)])
def test_broken_yaml_is_one_error_with_a_line(text: str, line: int) -> None:
    found = problems(text)
    assert len(found) == 1 and found[0][0] == line and found[0][2].startswith("not valid YAML")


def test_top_level_must_be_a_mapping() -> None:
    assert problems("- a\n- b\n") == [(1, "", "the top level must be a mapping of keys")]


def test_python_tags_are_refused() -> None:
    found = problems("list: !!python/object/apply:os.system [echo hi]\n")
    assert found[0][2].startswith("not valid YAML")


def test_load_config_reads_files_and_refuses_the_rest(tmp_path: Path) -> None:
    good = tmp_path / ".paperlist.yml"
    good.write_text("\ufefflist: README.md\n", "utf-8")  # a BOM from a Windows editor is fine
    assert load_config(good).get("list") == "README.md"
    with pytest.raises(ConfigError, match="file not found"):
        load_config(tmp_path / "missing.yml")
    with pytest.raises(ConfigError, match="directory"):
        load_config(tmp_path)
    (tmp_path / "latin1.yml").write_bytes(b"list: caf\xe9\n")
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_config(tmp_path / "latin1.yml")
    big = tmp_path / "big.yml"
    big.write_bytes(b"# " + b"x" * 2_000_000 + b"\n")
    with pytest.raises(ConfigError, match="larger than"):
        load_config(big)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.yml"
    os.mkfifo(fifo)
    with pytest.raises(ConfigError, match="not a regular file"):
        load_config(fifo)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_device_is_refused() -> None:
    with pytest.raises(OSError, match="not a regular file"):
        read_regular_file(Path("/dev/zero"), 1000)


def test_read_regular_file_stops_at_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"x" * 101)
    assert read_regular_file(path, 101) == b"x" * 101
    with pytest.raises(OSError, match="larger than"):
        read_regular_file(path, 100)
