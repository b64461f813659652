"""``/paperlist add``: papers from arXiv records into the list's text, checked. Pure.

For each requested id, in order: an unknown id is reported; a paper the list already has (by
arXiv id, DOI or title, as the digest dedupes) is reported with where it is; otherwise the paper
is placed (:mod:`.placement`), written in the list's style (:mod:`.entry`), inserted, and the
result is linted. A rendering that would add any finding is discarded for the next one; a paper
for which none passes is refused with the findings, never inserted broken.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace

from bot.arxiv.query import QuerySpec
from bot.commands.entry import NewEntry, arxiv_link, candidates, code_url_in
from bot.commands.placement import NEIGHBOURS, Decision, YearRule, decide, section_parents
from bot.digest.dedupe import ListIndex
from bot.digest.rank import Ranker
from lint_rules.arxiv_atom import ArxivEntry
from lint_rules.config import Config
from lint_rules.engine import check_document, make_context, selected_rules
from lint_rules.findings import Finding
from lint_rules.identifiers import arxiv_year
from lint_rules.learn import learn
from lint_rules.model import Document, Entry, SectionKind, Span
from lint_rules.parse import parse
from lint_rules.publication import Publication, VenueStyle, find_venue
from lint_rules.venues import VenueTable, load_venue_table

_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True, slots=True)
class Added:
    paper: ArxivEntry
    line: int  # in the final text
    entry_text: str
    where: str  # "## 2021 › Segmentation"
    why: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AlreadyListed:
    identifier: str
    reason: str
    line: int
    where: str


@dataclass(frozen=True, slots=True)
class Refused:
    identifier: str
    reason: str


@dataclass(frozen=True, slots=True)
class Plan:
    publication: Publication | None
    venue: str | None
    rule: YearRule
    year: int | None  # by the list's year rule
    decision: Decision


@dataclass
class AddResult:
    text: str
    added: list[Added] = field(default_factory=list)
    listed: list[AlreadyListed] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.added)


def finding_key(f: Finding) -> tuple[str, str]:
    """A finding's identity that survives lines moving: rule and subject (or message)."""
    return f.code, f.subject or _DIGITS.sub("#", f.message)


class Linter:
    def __init__(self, config: Config, table: VenueTable) -> None:
        self.config = config
        self.rules = selected_rules(config)
        self.ctx = make_context(config, venues=table)

    def keys(self, text: str) -> tuple[Document, Counter[tuple[str, str]], list[Finding]]:
        doc = parse(text, self.config)
        findings = check_document(doc, self.rules, self.ctx)
        return doc, Counter(finding_key(f) for f in findings), findings


def where_of(doc: Document, entry: Entry) -> str:
    section = doc.sections[entry.section]
    heading = "#" * max(section.level, 1) + " " + section.title.strip()
    return f"`{heading}` › {entry.topic}" if entry.topic else f"`{heading}`"


def publication_of(paper: ArxivEntry, table: VenueTable) -> Publication | None:
    if not paper.journal_ref:
        return None
    return find_venue(paper.journal_ref, table, source=f"arXiv journal_ref `{paper.journal_ref}`")


class Adder:
    """Adds papers one by one to a text, keeping it free of new findings."""

    def __init__(self, text: str, config: Config, table: VenueTable | None = None) -> None:
        self.config = config
        self.table = table or load_venue_table(config)
        self.linter = Linter(config, self.table)
        self.spec = QuerySpec.from_config(config.get("digest") or {})
        self.text = text
        self.doc = parse(text, config)
        self._baseline: Counter[tuple[str, str]] | None = None  # linted on first insertion

    @property
    def baseline(self) -> Counter[tuple[str, str]]:
        if self._baseline is None:
            self._baseline = self.linter.keys(self.text)[1]
        return self._baseline

    def add(self, ids: Sequence[str], papers: Mapping[str, ArxivEntry | None]) -> AddResult:
        result = AddResult(self.text)
        for identifier in dict.fromkeys(ids):
            paper = papers.get(identifier)
            if paper is None:
                result.unknown.append(identifier)
                continue
            listed = ListIndex.from_entries(self.doc.entries).match(paper)
            if listed is not None:
                reason, entry = listed
                result.listed.append(AlreadyListed(identifier, reason, entry.line,
                                                   where_of(self.doc, entry)))
                continue
            outcome = self._add_one(paper)
            if isinstance(outcome, Refused):
                result.refused.append(outcome)
            else:
                result.added.append(outcome)
        result.text = self.text
        # Lines move as later papers go in above earlier ones: report final positions.
        final = {e.arxiv_id: e.line for e in self.doc.entries if e.arxiv_id}
        result.added = [Added(a.paper, final.get(a.paper.id, a.line), a.entry_text, a.where,
                              a.why) for a in result.added]
        return result

    def plan(self, paper: ArxivEntry) -> Plan:
        """Venue and place for ``paper`` in the current text, before any rendering."""
        doc = self.doc
        style = VenueStyle.learn(doc, self.table)
        publication = publication_of(paper, self.table)
        # The first version's date; the id's YYMM says the same for real ids.
        preprint_year = paper.published.year if paper.published else arxiv_year(paper.id)
        venue = style.render(publication, preprint_year)
        rule = YearRule.learn(doc, self.table)
        with_year = bool(venue and publication and publication.year
                         and str(publication.year) in venue)
        year = rule.year_for(publication, preprint_year, with_year)
        ranker = Ranker.from_document(doc, self.spec, k=NEIGHBOURS)
        return Plan(publication, venue, rule, year, decide(doc, paper, ranker, year))

    def _add_one(self, paper: ArxivEntry) -> Added | Refused:
        doc = self.doc
        planned = self.plan(paper)
        publication, venue, rule, decision = (planned.publication, planned.venue, planned.rule,
                                              planned.decision)
        new = NewEntry(paper.title, arxiv_link(doc, paper.id), venue,
                       code_url_in(paper.comment, paper.summary), paper.authors,
                       paper.published.date() if paper.published else None,
                       planned.year or (publication.year if publication else None)
                       or (paper.published.year if paper.published else None))
        why = list(decision.reasons)
        if publication is not None:
            why.insert(0, f"venue `{venue}` from {publication.source}")
        elif venue:
            why.insert(0, f"no journal reference on arXiv: the list's preprint form `{venue}`")
        if decision.year is not None:
            why.insert(1, f"year {decision.year}: {rule.explain()}")
        section = decision.slot.section if decision.slot else None
        topic = decision.slot.topic if decision.slot else decision.new_topic
        learned = learn(doc, self.config)
        if (section is not None and new.venue and learned.venue_counts.get(section, (0, 0))[1]
                and not learned.writes_venues(section)):
            # The section's entries write no venue (a "Surveys" list, say): neither does this.
            new = replace(new, venue=None)
            why[0] = "the section's entries write no venue"
        last_findings: list[Finding] = []
        tried = 0
        for rendered in self._renderings(doc, section, topic, new, paper.id):
            tried += 1
            rendered = _numbered(doc, decision, rendered)
            text, _ = insert(doc, decision, rendered, self.config)
            new_doc, keys, findings = self.linter.keys(text)
            added = keys - self.baseline
            if added:
                last_findings = [f for f in findings if finding_key(f) in added]
                continue
            entry = next((e for e in new_doc.entries if e.arxiv_id == paper.id), None)
            if entry is None or not entry.title:
                continue
            if new.code_url and new.code_url not in rendered:
                why.append(f"code link {new.code_url} left out: the list's forms of it did not "
                           "pass the check")
            self.text, self.doc, self._baseline = text, new_doc, keys
            return Added(paper, entry.line, rendered, where_of(new_doc, entry), tuple(why))
        if not tried:
            return Refused(paper.id, "no entry of the list can be its model (the list's "
                           "entries carry fields the arXiv record lacks)")
        detail = "; ".join(f"{f.code} {f.message}" for f in last_findings[:3])
        return Refused(paper.id, "no way of writing it passes `paperlist check`"
                       + (f" ({detail})" if detail else ""))


    @staticmethod
    def _renderings(doc: Document, section: int | None, topic: str | None, new: NewEntry,
                    identifier: str) -> Iterator[str]:
        """Candidates with the list's arXiv link form first, then the other forms: one more
        link in the majority form can tip a near-convention into one, and the check would then
        flag the entries that differ."""
        yield from candidates(doc, section, topic, new)
        for url in (f"https://arxiv.org/abs/{identifier}", f"https://arxiv.org/pdf/{identifier}",
                    f"https://arxiv.org/pdf/{identifier}.pdf"):
            if url != new.url:
                yield from candidates(doc, section, topic, replace(new, url=url), limit=3)


# --- text edits ---------------------------------------------------------------------------
_NUMBER = re.compile(r"^(\s*)(\d+)([.)])")


def _numbered(doc: Document, decision: Decision, rendered: str) -> str:
    """An ordered-list item continues its slot's numbering (``4.`` after ``3.``)."""
    m = _NUMBER.match(rendered)
    last = decision.slot.last_entry if decision.slot is not None else None
    if m is None:
        return rendered
    before = _NUMBER.match(doc.source.line_text(last.line)) if last is not None else None
    number = int(before.group(2)) + 1 if before else 1
    return f"{m.group(1)}{number}{m.group(3)}{rendered[m.end():]}"

def _line_end(text: str, offset: int) -> int:
    """The offset just past the newline ending the line holding ``offset`` (or text end)."""
    nl = text.find("\n", offset)
    return len(text) if nl == -1 else nl + 1


def _after(text: str, span: Span) -> int:
    """Just past the line holding an entry's last visible character (an entry's span may run
    on over the blank lines after it)."""
    end = span.end
    while end > span.start + 1 and text[end - 1] in " \t\r\n":
        end -= 1
    return _line_end(text, max(end - 1, span.start))


def _put(text: str, at: int, block: str) -> str:
    """``block`` (lines, each ending in a newline) inserted at line start ``at``; at the end of a
    text without a final newline, the newline goes before the block instead, so the file keeps
    its ending as it was."""
    if at == len(text) and text and not text.endswith("\n"):
        return text + "\n" + block.removesuffix("\n")
    return text[:at] + block + text[at:]


def _line_start(text: str, offset: int) -> int:
    return text.rfind("\n", 0, offset) + 1


def _entry_gap(doc: Document, entries: Sequence[Entry]) -> str:
    """The blank lines the list puts between consecutive entries of one slot."""
    text = doc.text
    for a, b in itertools.pairwise(entries):
        between = text[_after(text, a.span):_line_start(
            text, b.span.start)]
        if between.strip() == "":
            return "\n" * between.count("\n")
    return ""


def insert(doc: Document, decision: Decision, rendered: str, config: Config
           ) -> tuple[str, int]:
    """The text with ``rendered`` inserted where ``decision`` says; and its offset."""
    text = doc.text
    if decision.slot is not None:
        slot = decision.slot
        entries = [e for e in doc.entries
                   if e.section == slot.section and e.topic == slot.topic]
        gap = _entry_gap(doc, entries or doc.entries)
        if slot.last_entry is None:  # right under the empty topic's subheading
            at = _line_end(text, max(slot.topic_end - 1, 0))
            return _put(text, at, rendered + "\n"), at
        last = slot.last_entry
        at = _after(text, last.span)
        return _put(text, at, gap + rendered + "\n"), at + len(gap)
    if decision.new_year:
        return _new_year_section(doc, text, decision, rendered)
    return _new_topic(doc, text, decision, rendered, config)


def _topic_line(doc: Document, section: int | None, name: str) -> str:
    """A topic subheading in the list's form, made from an existing one."""
    topics = [t for t in doc.topics if section is None or t.section == section] or list(
        doc.topics)
    if not topics:
        return f"*{name}*"
    t = topics[0]
    written = doc.text[t.span.start:t.span.end]
    return written.replace(t.name, name, 1) if t.name in written else f"*{name}*"


def _new_topic(doc: Document, text: str, decision: Decision, rendered: str,
               config: Config) -> tuple[str, int]:
    name = decision.new_topic or "Others"
    year_sections = [s for s in doc.sections if s.effective_year == decision.year
                     and s.kind in (SectionKind.YEAR, SectionKind.PAPERS)]
    section = year_sections[0]
    topics_here = [t for t in doc.topics if t.section == section.index]
    order = [str(t).casefold() for t in config.get("sections.topics") or []]
    line = _topic_line(doc, section.index, name)
    gap = "\n"
    if name.casefold() in order:
        rank = order.index(name.casefold())
        after = [t for t in topics_here
                 if t.name.casefold() in order and order.index(t.name.casefold()) > rank]
        if after:
            at = _line_start(text, after[0].span.start)
            block = f"{line}\n{rendered}\n{gap}"
            return text[:at] + block + text[at:], at + len(line) + 1
    entries = [e for e in doc.entries if e.section == section.index]
    last = entries[-1] if entries else None
    at = (_after(text, last.span) if last
          else _line_end(text, doc.headings[0].span.start))
    block = f"{gap}{line}\n{rendered}\n"
    return _put(text, at, block), at + len(gap) + len(line) + 1


def _new_year_section(doc: Document, text: str, decision: Decision, rendered: str
                      ) -> tuple[str, int]:
    year = decision.year
    years = [s for s in doc.sections if s.kind is SectionKind.YEAR and s.year is not None]
    if decision.parent is not None:  # a year subsection under one topic: among its siblings
        parents = section_parents(doc)
        years = [s for s in years if parents[s.index] == decision.parent]
    model = years[0]
    heading = next(h for h in doc.headings if h.line == model.line)
    written = text[heading.span.start:heading.span.end].rstrip()
    line = written.replace(str(model.year), str(year), 1)
    descending = len(years) < 2 or years[0].year >= years[-1].year
    topic = ""
    if decision.key and decision.key[-1] and any(t.section == model.index for t in doc.topics):
        topic = _topic_line(doc, model.index, decision.key[-1]) + "\n"
    block = f"{line}\n{topic}{rendered}\n\n"
    following = [s for s in years if s.level == model.level and
                 ((s.year < year) if descending else (s.year > year))]
    if following:
        at = _line_start(text, next(h for h in doc.headings if h.line == following[0].line)
                         .span.start)
        return text[:at] + block + text[at:], at + len(line) + 1 + len(topic)
    # After the last year's entries (not its trailing blank lines or a `----` break).
    last = years[-1]
    tail = [e for e in doc.entries if last.line <= e.line <= last.end_line]
    anchor = tail[-1].span if tail else next(
        h for h in doc.headings if h.line == last.line).span
    at = _after(text, anchor)
    block = "\n" + block.rstrip("\n") + "\n"
    return _put(text, at, block), at + 1 + len(line) + 1 + len(topic)
