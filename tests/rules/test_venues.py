"""The venue table and venue parsing, on spellings real lists use."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from lint_rules.config import Config
from lint_rules.engine import REGISTRY, check_text
from lint_rules.errors import ConfigError
from lint_rules.venues import (
    MatchKind,
    VenueKind,
    VenueTable,
    guess_kind,
    load_venue_table,
    parse_venue,
    venue_key,
)
from tests.conftest import DATA

from .casefile import case_id, cases, check_docstring_examples, findings, fixed, load

USER_PREFS = {"prefer": ["TMI", "Medical Image Analysis",
                         "Machine Learning for Healthcare Conference"]}


@pytest.fixture(scope="module")
def table() -> VenueTable:
    return load_venue_table()


@pytest.fixture(scope="module")
def user_table() -> VenueTable:
    return load_venue_table(Config({"venues": USER_PREFS}))


@pytest.mark.parametrize(
    ("text", "name", "year", "note"),
    [
        ("MICCAI 2020", "MICCAI", 2020, ""),
        ("MICCAI 2020.", "MICCAI", 2020, ""),
        ("MICCAI2020", "MICCAI", 2020, ""),
        ("MICCAI'20", "MICCAI", 2020, ""),
        ("MICCAI ’20", "MICCAI", 2020, ""),
        ("Neurips 2020", "Neurips", 2020, ""),
        ("Nature Medicine, 2023", "Nature Medicine", 2023, ""),
        ("NeurIPS (2020)", "NeurIPS", 2020, ""),
        ("CVPR 2020 (Oral)", "CVPR", 2020, "(Oral)"),
        ("MICCAI 2020 Workshop", "MICCAI Workshop", 2020, ""),
        ("Machine Learning for Healthcare Conference 2020",
         "Machine Learning for Healthcare Conference", 2020, ""),
        ("IEEE TMI", "IEEE TMI", None, ""),
        ("TMI", "TMI", None, ""),
        ("2019", None, 2019, ""),
        ("3DV 2021", "3DV", 2021, ""),
        ("arXiv preprint arXiv:2010.05352", "arXiv preprint arXiv:2010.05352", None, ""),
        ("Lil'Log", "Lil'Log", None, ""),
        ("", None, None, ""),
    ],
)
def test_parse_venue(text, name, year, note):
    parsed = parse_venue(text)
    assert (parsed.name, parsed.year, parsed.note) == (name, year, note)


def test_render_puts_year_last_and_keeps_note():
    assert parse_venue("MICCAI'20").render() == "MICCAI 2020"
    assert parse_venue("NIPS 2019 (Spotlight)").render("NeurIPS") == "NeurIPS 2019 (Spotlight)"
    assert parse_venue("TMI").render("IEEE TMI") == "IEEE TMI"


@pytest.mark.parametrize(
    ("name", "canonical", "how"),
    [
        ("MICCAI", "MICCAI", MatchKind.EXACT),
        ("NIPS", "NeurIPS", MatchKind.ALIAS),
        ("Neurips", "NeurIPS", MatchKind.CASE),
        ("neurips.", "NeurIPS", MatchKind.CASE),
        ("IEEE TMI", "IEEE TMI", MatchKind.EXACT),
        ("TMI", "IEEE TMI", MatchKind.ALIAS),
        ("IEEE Transactions on Medical Imaging", "IEEE TMI", MatchKind.ALIAS),
        ("Medical Image Anal.", "Medical Image Analysis", MatchKind.ALIAS),
        ("Physics in Medicine & Biology", "Physics in Medicine and Biology", MatchKind.CASE),
        ("Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern Recognition",
         "CVPR", MatchKind.ALIAS),
        ("23rd International Conference on Medical Image Computing and Computer-Assisted "
         "Intervention", "MICCAI", MatchKind.ALIAS),
        ("arXiv preprint arXiv:2010.05352", "arXiv", MatchKind.PREFIX),
    ],
)
def test_lookup(table, name, canonical, how):
    match = table.lookup(name)
    assert match is not None
    assert (match.venue.name, match.how) == (canonical, how)


def test_workshop_at_a_known_conference(table):
    match = table.lookup("MICCAI Workshop")
    assert match is not None and match.how is MatchKind.WORKSHOP
    assert match.venue.kind is VenueKind.WORKSHOP
    assert table.lookup("Workshop on Nothing Known") is None


@pytest.mark.parametrize("name", ["MICAI", "Lil'Log", "Ankesh Anand", "", "ICMLX Foo Bar"])
def test_unknown_names(table, name):
    assert table.lookup(name) is None


@pytest.mark.parametrize(
    ("typo", "closest"),
    [
        ("MICAI", "MICCAI"),
        ("CPVR", "CVPR"),
        ("Medical Image Analyis", "Medical Image Analysis"),
        ("IEEE Transaction on Medical Imaging", "IEEE TMI"),
        ("Machine Learning for Healthcare Confernce", "MLHC"),
    ],
)
def test_closest_known_name_for_typos(table, typo, closest):
    found = table.closest(typo)
    assert found is not None and found[0] == closest


@pytest.mark.parametrize("name", ["Lil'Log", "Ankesh Anand", "MIT CSAIL", "ABC", "Workshop"])
def test_no_closest_for_names_far_from_any(table, name):
    assert table.closest(name) is None


def test_canonical_text(table):
    assert table.canonical_text("NIPS 2019") == "NeurIPS 2019"
    assert table.canonical_text("MICCAI'20") == "MICCAI 2020"
    assert table.canonical_text("MICCAI2020") == "MICCAI 2020"
    assert table.canonical_text("Neurips 2020") == "NeurIPS 2020"
    assert table.canonical_text("IEEE Transactions on Medical Imaging") == "IEEE TMI"
    assert table.canonical_text("MICCAI 2020 Workshop") == "MICCAI Workshop 2020"
    assert table.canonical_text("MICAI 2020") is None
    assert table.canonical_text("2019") is None


def test_config_prefers_the_lists_spellings(user_table):
    # The user's list writes `TMI`, `Medical Image Analysis` and the MLHC full name.
    assert user_table.canonical_text("TMI") == "TMI"
    assert user_table.canonical_text("IEEE TMI") == "TMI"
    assert user_table.canonical_text("IEEE Transactions on Medical Imaging") == "TMI"
    assert user_table.canonical_text("Medical Image Anal.") == "Medical Image Analysis"
    assert user_table.canonical_text("Machine Learning for Healthcare Conference 2020") == (
        "Machine Learning for Healthcare Conference 2020")
    assert user_table.canonical_text("MLHC 2020") == (
        "Machine Learning for Healthcare Conference 2020")
    match = user_table.lookup("TMI")
    assert match is not None and match.how is MatchKind.EXACT


def test_config_adds_venues_and_aliases():
    t = load_venue_table({"venues": {"add": [
        {"name": "MICCAI", "aliases": ["Intl. MICCAI"], "kind": "conference"},
        {"name": "DeCaF", "kind": "workshop", "aliases": ["Domain Adaptation Workshop"]},
    ]}})
    assert t.lookup("Intl. MICCAI").venue.name == "MICCAI"
    assert t.lookup("Medical Image Computing and Computer Assisted Intervention").venue.name == (
        "MICCAI")
    decaf = t.lookup("domain adaptation workshop")
    assert decaf is not None and decaf.venue.kind is VenueKind.WORKSHOP
    assert decaf.how is MatchKind.ALIAS


def test_config_ignore_and_year_required():
    t = load_venue_table({"venues": {"ignore": ["Lil'Log"], "year_required": ["journal"]}})
    match = t.lookup("Lil'Log")
    assert match is not None and match.how is MatchKind.IGNORED and not match.is_alias
    assert t.requires_year(VenueKind.JOURNAL)
    assert not t.requires_year(VenueKind.CONFERENCE)
    default = load_venue_table()
    assert default.requires_year(VenueKind.CONFERENCE)
    assert not default.requires_year(VenueKind.JOURNAL)


def test_preferring_an_unknown_venue_names_the_key():
    with pytest.raises(ConfigError) as err:
        load_venue_table(Config({"venues": {"prefer": ["TMI", "Journal of Nowhere"]}},
                                path=".paperlist.yml"))
    assert err.value.key == "venues.prefer[1]"
    assert "Journal of Nowhere" in str(err.value)


def test_read_guesses_kind_of_unknown_venues(table):
    assert table.read("Journal of Nowhere").kind is VenueKind.JOURNAL
    assert table.read("TMI").kind is VenueKind.JOURNAL
    assert table.read("Foo Workshop 2020").kind is VenueKind.WORKSHOP
    assert table.read("2019").kind is None
    assert guess_kind("bioRxiv-like preprint") is VenueKind.PREPRINT


def test_shipped_table_is_well_formed():
    import importlib.resources

    raw = importlib.resources.files("lint_rules").joinpath("data/venues.yml").read_text("utf-8")
    data = yaml.safe_load(raw)
    seen: dict[str, str] = {}
    for item in data["venues"]:
        assert set(item) <= {"name", "kind", "aliases", "former"}
        for old, until in (item.get("former") or {}).items():
            assert old in item["aliases"] and 1900 < until < 2100
        VenueKind(item["kind"])
        for spelling in (item["name"], *item["aliases"]):
            key = venue_key(spelling)
            # No spelling may name two venues: lookups would depend on file order.
            assert seen.setdefault(key, item["name"]) == item["name"], spelling
            # Names carry no year: the year belongs to the entry.
            assert parse_venue(spelling).year is None, spelling


# --- the PL4xx rules, from tests/rules/cases/venues.yml ----------------------------------------
CASES = load("venues.yml")


@pytest.mark.parametrize(("code", "index", "case"), cases(CASES, "fail"), ids=case_id)
def test_venue_rule_fires(code, index, case):
    assert sorted({f.line for f in findings(code, case)}) == case["lines"]


@pytest.mark.parametrize(("code", "index", "case"), cases(CASES, "pass"), ids=case_id)
def test_venue_rule_stays_quiet(code, index, case):
    assert findings(code, case) == []


@pytest.mark.parametrize(("code", "index", "case"),
                         [c for c in cases(CASES, "fail") if "fix" in c[2]], ids=case_id)
def test_venue_rule_fix(code, index, case):
    text, remaining = fixed(code, case)
    assert text == case["fix"]
    assert remaining == []


def test_every_venue_rule_has_cases():
    codes = {r.code for r in REGISTRY if r.code.startswith("PL4")}
    assert codes == {"PL401", "PL402", "PL403"} and codes <= set(CASES)


def test_alias_findings_go_toward_the_lists_own_spelling_with_an_unsafe_fix():
    # The list writes `NeurIPS 2020`, `MICCAI 2020`, `TMI` and `Medical Image Analysis` most.
    house = (["NeurIPS 2020"] * 3 + ["MICCAI 2020"] * 3 + ["TMI"] * 2
             + ["Medical Image Analysis"] * 2)
    odd = ["NIPS 2020", "Neurips 2020", "MICCAI'20", "MICCAI2020",
           "IEEE Transactions on Medical Imaging", "Medical Image Anal.", "Proc. MICCAI 2020"]
    text = "## Papers\n" + "".join(
        f"- [ ] [Paper number {i} on self-supervision](https://example.org/{i}). {venue}.\n"
        for i, venue in enumerate(house + odd))
    found = check_text(text, select=["PL401"])
    assert [f.line for f in found] == list(range(len(house) + 2, len(house) + len(odd) + 2))
    assert all(f.fix is not None and f.fix.applicability == "unsafe" for f in found)
    wanted = ["NeurIPS 2020", "NeurIPS 2020", "MICCAI 2020", "MICCAI 2020", "TMI",
              "Medical Image Analysis", "MICCAI 2020"]
    assert [f.fix.edits[0].content for f in found] == wanted


def test_no_alias_fix_against_the_lists_own_spelling():
    # The list writes `NIPS` for its 2013-2017 papers and never `NeurIPS`; `TNNLS` and `TMI`
    # throughout; `IEEE-TMI` once beside `TMI` twice.
    venues = ["NIPS 2013", "NIPS 2015", "NIPS 2016", "NIPS 2017", "TNNLS", "TNNLS", "TMI", "TMI"]
    text = "## Papers\n" + "".join(
        f"- [ ] [Paper number {i} on self-supervision](https://example.org/{i}). {venue}.\n"
        for i, venue in enumerate(venues))
    assert check_text(text, select=["PL401"]) == []


def test_messages_name_the_value_and_the_canonical_form():
    text = ("## 2019\n- [ ] [From voxels to pixels and back](https://arxiv.org/abs/1907.02431). "
            "NIPS 2019.\n- [ ] [Another paper about pixels](https://arxiv.org/abs/1907.02432). "
            "MICAI 2019.\n- [ ] [A third paper on voxels](https://arxiv.org/abs/1907.02433). "
            "MICCAI.\n")
    text += ("- [ ] [A fourth paper](https://arxiv.org/abs/1907.02434). NeurIPS 2019.\n"
             "- [ ] [A fifth paper](https://arxiv.org/abs/1907.02435). NeurIPS 2020.\n")
    by_code = {f.code: f for f in check_text(text, select=["PL4"])}
    assert by_code["PL401"].message == (
        "Venue `NIPS 2019` is an alias of `NeurIPS` (the list writes it 2×)")
    assert by_code["PL401"].fix.title == "Replace with `NeurIPS 2019`"
    assert "`MICAI 2019`" in by_code["PL402"].message and "`MICCAI`" in by_code["PL402"].message
    assert by_code["PL402"].fix.applicability == "unsafe"
    # Under `## 2019` the heading is MICCAI's year.
    assert "PL403" not in by_code
    # The finding covers exactly the venue.
    assert text.splitlines()[1][by_code["PL401"].column - 1:].startswith("NIPS 2019")


def test_a_list_writing_name_comma_year_keeps_its_convention():
    # xmindflow/Awesome-Foundation-Models-in-Medical-Imaging writes `[MICCAI, 2023]` throughout.
    text = ("## 2023\n"
            "- [ ] [SAM-Med2D](https://arxiv.org/abs/2308.16184). arXiv, 2023.\n"
            "- [ ] [A Foundation Model for Generalizable Disease Detection from Retinal Images]"
            "(https://www.nature.com/articles/s41586-023-06555-x). Nature, 2023.\n"
            "- [ ] [MedSAM: Segment Anything in Medical Images]"
            "(https://arxiv.org/abs/2304.12306). MICCAI'23.\n")
    (f,) = check_text(text, select=["PL401"])
    assert f.line == 4 and f.fix.edits[0].content == "MICCAI, 2023"
    corpus = DATA / "corpus" / "xmindflow__Awesome-Foundation-Models-in-Medical-Imaging.md"
    if corpus.exists():
        assert check_text(corpus.read_text("utf-8"), select=["PL401"]) == []


@pytest.mark.parametrize("code", ["PL401", "PL402", "PL403"])
def test_docstring_example_fires_and_its_fix_does_not(code):
    check_docstring_examples(code)


def test_users_list_with_its_config_has_no_venue_findings_and_no_errors_of_ours():
    example = Path(__file__).parents[2] / "examples" / "self-supervised-medical-imaging"
    text = (example / "README.md").read_text("utf-8")
    config = Config(yaml.safe_load((example / ".paperlist.yml").read_text("utf-8")))
    found = check_text(text, config=config, select=["PL2", "PL3", "PL4"])
    # TMI and Medical Image Analysis without a year, the MLHC full name: all as the list wants.
    assert [f for f in found if f.code.startswith("PL4")] == []
    assert [f.code for f in found if f.severity == "error"] == []
    # Without its config the list's own spellings are still its own: no alias finding, and
    # never an error.
    bare = check_text(text, select=["PL4"])
    assert not [f for f in bare if f.code == "PL401"]
    assert all(f.severity == "warning" for f in bare)


def test_an_unknown_acronym_is_a_typo_only_when_a_letter_is_missing_or_swapped():
    text = "## 2020\n" + "".join(
        f"- [ ] [Paper {i} on things](https://example.org/{i}). {venue}.\n"
        for i, venue in enumerate(["MICAI 2020", "IJCB 2023", "PMLR 2022", "NeurrIPS 2022"]))
    found = {f.line: f for f in check_text(text, select=["PL402"])}
    assert {line: f.severity for line, f in found.items()} == {
        2: "warning", 3: "info", 4: "info", 5: "warning"}
    assert "did you mean `MICCAI`?" in found[2].message and found[3].fix is None


def test_shipped_json_is_the_yaml_table():
    from lint_rules.venues import DATA, venues_json

    assert (DATA / "venues.json").read_text("utf-8") == venues_json(
        (DATA / "venues.yml").read_text("utf-8")), "run `python -m lint_rules.venues`"
