"""Markdown text -> :class:`Document`. Never raises on any text.

markdown-it-py gives the block structure with source maps (which lines are headings, list
items, code, HTML); entry styles then read the entries from the source itself, so every part
of an entry keeps its exact offsets. Only the block phase of markdown-it runs: entries need no
inline tokens, and the inline phase is most of markdown-it's time on a long list.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace

from markdown_it import MarkdownIt
from markdown_it.token import Token

from .config import Config
from .inline import find_links, link_of
from .model import (
    Candidate,
    Document,
    Entry,
    Heading,
    Link,
    Section,
    SectionKind,
    Span,
    Topic,
)
from .source import SourceText
from .styles import DEFAULT_STYLE, STYLES, Block, SectionContext, Style, style_named

_YEAR = re.compile(r"^\(?((?:19|20)\d{2})\)?$")
_TOPIC = re.compile(r"^(\*\*|\*|__|_)(?!\s)([^*_\n]+?)(?<!\s)\1:?$")
# Sections that hold no papers whatever their items look like.
_HOUSEKEEPING = re.compile(
    r"^\W*(?:contribut|how to (?:contribute|add)|licen[cs]e|(?:table of )?contents\b|toc\b"
    r"|acknowledg|citation|citing|cite\b|star history|contact|maintainer|sponsor|changelog"
    r"|to-?do\b|code of conduct)",
    re.IGNORECASE,
)
# Sections that hold resources rather than papers: posts, talks, tools, datasets, news, other
# lists. A title is one when every word names a resource or qualifies one ("Introductory
# Videos", "Paper Lists on GitHub", "HW / SW / Dataset"); "Video Representation Learning" names
# a research topic and is not.
_RESOURCE_NOUNS = frozenset("""
    blog blogs post posts article articles video videos lecture lectures tutorial tutorials talk
    talks course courses podcast podcasts slide slides notebook notebooks tool tools toolkit
    toolkits toolbox toolboxes library libraries framework frameworks software package packages
    implementation implementations repository repositories repo repos codebase codebases code
    codes dataset datasets data news update updates event events workshop workshops challenge
    challenges competition competitions demo demos app apps product products company companies
    people researcher researchers lab labs group groups resource resources link links list lists
    website websites community communities job jobs book books thesis theses leaderboard
    leaderboards checkpoint checkpoints hw sw hardware newsletter newsletters channel channels
    seminar seminars reading readings material materials
""".split())  # noqa: SIM905 - a word list reads best as words
_RESOURCE_QUALIFIERS = frozenset("""
    introductory intro related other others useful recommended popular awesome selected more
    some online open source opensource github paper jupyter colab youtube and or on of the for in
    with a an to by from
""".split())  # noqa: SIM905 - a word list reads best as words
_TITLE_WORD = re.compile(r"[^\W\d_]+")


def _names_resources(title: str) -> bool:
    words = [w.casefold() for w in _TITLE_WORD.findall(title)]
    return (any(w in _RESOURCE_NOUNS for w in words)
            and all(w in _RESOURCE_NOUNS or w in _RESOURCE_QUALIFIERS for w in words))


_PAPERS = re.compile(
    r"\b(?:papers?(?! lists?\b)|surveys?|reviews?|preprints?|publications?)\b", re.IGNORECASE
)
_ATX_OPEN = re.compile(r"[ ]{0,3}(#{1,6})(?:[ \t]+|$)")


def _atx_text(line: str) -> str | None:
    """An ATX heading's text without its closing ``#`` sequence, read from the end (a pattern
    with a lazy body before optional spacing is quadratic on a heading of 20,000 spaces)."""
    m = _ATX_OPEN.match(line)
    if m is None:
        return None
    body = line[m.end():].rstrip(" \t")
    hashes = len(body) - len(body.rstrip("#"))
    if 0 < hashes < len(body) and body[len(body) - hashes - 1] in " \t":
        body = body[: len(body) - hashes]
    return body.strip()


def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    md.disable("inline")
    return md


_MD = _markdown()


def parse(text: str, config: Config | None = None) -> Document:
    """Parse a paper list. Whatever the text, a Document comes back."""
    config = config or Config()
    source = SourceText(text)
    # markdown-it also ends lines at a lone "\r"; the line index does not. A same-length
    # stand-in keeps both agreeing on line numbers and every offset valid.
    md_text = re.sub(r"\r(?!\n)", " ", text) if "\r" in text else text
    # No reference to the tokens is kept here: the builder reads them a stretch at a time and
    # lets each go, and on a long list they are most of the memory.
    return _Builder(source, _token_stretches(md_text), config).build()


def _tokens(text: str) -> list[Token]:
    try:
        return _MD.parse(text)
    except Exception:  # markdown-it is robust, but a list must never crash the linter
        return []


# A long list is parsed a stretch of at least this many lines at a time, so that its tokens
# (several times the size of the text) are never all held at once.
STRETCH_LINES = 2_000
# A line that starts a stretch: an ATX heading at the margin right after a blank line.
_STRETCH_START = re.compile(r"(?<=\n)[ \t]*\r?\n(#{1,6}(?:[ \t]|\r?\n))")


def _token_stretches(text: str) -> Iterator[list[Token]]:
    """The tokens of ``text``, in document order, one stretch of the document at a time, each
    with source maps into the whole text.

    A stretch starts at a heading at the margin after a blank line: there, no block of
    CommonMark goes on from the lines before (paragraphs, lists, quotes and tables end at the
    blank line or the heading), except a fenced code or HTML block left open. So each stretch
    parses alone as it does within the whole, unless one ends inside such a block, which its
    tokens show (the block runs over the blank line); from there the rest is parsed in one
    piece. Link reference definitions are document-wide: a text that may hold one is parsed
    whole, as is a text too short to gain from stretches.
    """
    if text.count("\n") < 2 * STRETCH_LINES or "]:" in text:
        yield _tokens(text)
        return
    start, first_line, line = 0, 0, 0
    counted = 0  # where `line` was counted up to
    for m in _STRETCH_START.finditer(text):
        cut = m.start(1)
        line += text.count("\n", counted, cut)
        counted = cut
        if line - first_line < STRETCH_LINES:
            continue
        tokens = _tokens(text[start:cut])
        if _left_open(tokens, line - first_line):
            break
        _shift(tokens, first_line)
        yield tokens
        start, first_line = cut, line
    tokens = _tokens(text[start:])
    _shift(tokens, first_line)
    yield tokens


def _left_open(tokens: list[Token], lines: int) -> bool:
    """Whether a fenced code or HTML block runs to the end of a stretch of ``lines`` lines,
    over the blank line that ends it: the block would go on into the next stretch."""
    return any(tok.map is not None and tok.map[1] >= lines
               for tok in tokens if tok.type in ("fence", "html_block"))


def _shift(tokens: list[Token], lines: int) -> None:
    if lines:
        for tok in tokens:
            if tok.map is not None:
                tok.map = [tok.map[0] + lines, tok.map[1] + lines]


class _Builder:
    def __init__(self, source: SourceText, stretches: Iterable[list[Token]],
                 config: Config) -> None:
        self.source = source
        self.stretches = stretches
        self.config = config
        self.headings: list[Heading] = []
        self.breaks: list[int] = []
        self.opaque: set[int] = set()
        self.code: set[int] = set()
        self.topics: list[tuple[int, str, Span]] = []
        # Blocks in document order; each is assigned to the section of the heading before it.
        self.blocks: list[Block] = []

    # --- block structure -------------------------------------------------------------------
    def _span_of_lines(self, first: int, last: int) -> tuple[int, int]:
        last = max(first, last)
        while last > first and not self.source.line_text(last).strip():
            last -= 1
        return last, self.source.line_end(last)

    def _block(self, tok: Token, kind: str, depth: int = 0, ordered: bool = False) -> Block:
        first = tok.map[0] + 1 if tok.map else 1
        last = tok.map[1] if tok.map else first
        last = min(max(first, last), self.source.line_count)
        last, end = self._span_of_lines(first, last)
        return Block(kind, first, last, self.source.line_start(first), end, depth, ordered)

    def scan(self) -> None:
        for tokens in self.stretches:
            self._scan(tokens)
        self.stretches = ()  # the blocks are read: let the tokens go

    def _scan(self, tokens: Sequence[Token]) -> None:
        list_stack: list[bool] = []  # ordered? per open list
        quote_depth = 0
        items_at_depth: list[list[Block]] = []
        for i, tok in enumerate(tokens):
            t = tok.type
            if t == "heading_open" and quote_depth == 0 and not list_stack:
                self._heading(tok, tokens[i + 1])
            elif t == "hr" and tok.map and not list_stack and quote_depth == 0:
                self.breaks.append(tok.map[0] + 1)
            elif t in ("bullet_list_open", "ordered_list_open"):
                list_stack.append(t == "ordered_list_open")
            elif t in ("bullet_list_close", "ordered_list_close"):
                if list_stack:
                    list_stack.pop()
            elif t == "blockquote_open":
                quote_depth += 1
            elif t == "blockquote_close":
                quote_depth = max(0, quote_depth - 1)
            elif t == "list_item_open" and quote_depth == 0 and tok.map:
                depth = len(list_stack) - 1
                block = self._block(tok, "item", depth, bool(list_stack and list_stack[-1]))
                self.blocks.append(block)
                while len(items_at_depth) <= depth:
                    items_at_depth.append([])
            elif t == "paragraph_open" and not list_stack and quote_depth == 0 and tok.map:
                inline = tokens[i + 1]
                block = self._block(tok, "paragraph")
                match = _TOPIC.match(inline.content.strip())
                if match and block.line == block.end_line:
                    line = block.line
                    self.topics.append(
                        (line, match.group(2).strip(), Span(block.start, block.end))
                    )
                    # A lone bold line is a topic, or the title of a `**Title**` entry whose
                    # links follow as a list: styles see it and may claim it.
                    self.blocks.append(replace(block, kind="topic"))
                else:
                    self.blocks.append(block)
            elif t == "table_open" and quote_depth == 0 and tok.map:
                self.blocks.append(self._block(tok, "table", len(list_stack)))
            elif t in ("fence", "code_block", "html_block") and tok.map:
                first, last = tok.map[0] + 1, tok.map[1]
                self.opaque.update(range(first, last + 1))
                if t != "html_block":
                    self.code.update(range(first, last + 1))
                if t == "html_block" and quote_depth == 0 and not list_stack:
                    self.blocks.append(self._block(tok, "html"))

    def _heading(self, tok: Token, inline: Token) -> None:
        assert tok.map is not None
        line = tok.map[0] + 1
        text = inline.content.strip()
        level = int(tok.tag[1:])
        if tok.markup.startswith("#"):
            atx = _atx_text(self.source.line_text(line))
            if atx is not None:
                text = atx
        year_match = _YEAR.match(text)
        last = tok.map[1]
        span = Span(self.source.line_start(line), self.source.line_end(last))
        self.headings.append(
            Heading(level, text, line, span, int(year_match.group(1)) if year_match else None)
        )

    # --- sections and entries ----------------------------------------------------------------
    def build(self) -> Document:
        self.scan()
        sections = self._sections()
        entries: list[Entry] = []
        candidates: list[Candidate] = []
        styles: list[str] = []
        final_sections: list[Section] = []
        pinned = self.config.get("style")
        for section in sections:
            blocks = [b for b in self.blocks if section.line <= b.line <= section.end_line]
            topics = tuple(
                (line, name) for line, name, _ in self.topics
                if section.line <= line <= section.end_line
            )
            if section.parent_year is not None and section.year is None:
                topics = ((section.line, section.title), *topics)
            ctx = SectionContext(self.source, section.index, topics)
            if _HOUSEKEEPING.search(section.title):
                # Contributing guides, contents, licence: never entries, never flagged.
                style, parsed = STYLES[0], []
            else:
                style, parsed = self._read_section(blocks, ctx, pinned)
            found = [p for p in parsed if isinstance(p, Entry)]
            missed = [p for p in parsed if isinstance(p, Candidate)]
            kind = self._kind(section, has_entries=bool(found))
            entries.extend(found)
            if found:
                # Unparseable items count only where their neighbours are entries.
                candidates.extend(_among_entries(missed, found, blocks))
            styles.append(style.name if found else "")
            final_sections.append(replace(section, kind=kind, style=style.name if found else ""))
        unread = self._unread(entries, candidates, final_sections)
        links = self._links(entries)
        # A bold line that an entry claimed as its title is no topic.
        claimed = {e.line for e in entries}
        topics = tuple(
            Topic(name, line, span, self._section_index(final_sections, line))
            for line, name, span in self.topics if line not in claimed
        )
        return Document(
            source=self.source,
            sections=tuple(final_sections),
            headings=tuple(self.headings),
            entries=tuple(entries),
            topics=topics,
            candidates=tuple(candidates),
            unread=tuple(unread),
            links=links,
            thematic_breaks=tuple(self.breaks),
            opaque_lines=frozenset(self.opaque),
            code_lines=frozenset(self.code),
            styles=tuple(styles),
        )

    def _read_section(
        self, blocks: list[Block], ctx: SectionContext, pinned: str | None
    ) -> tuple[Style, list[Entry | Candidate]]:
        if pinned:
            style = style_named(pinned) or style_named(DEFAULT_STYLE)
            assert style is not None
            return style, _safe_parse(style, blocks, ctx)
        # Most entries wins; between styles reading as many entries, the one that reads more of
        # each entry (venue, year, authors...), then a style that refines another (year-link
        # reads checkbox entries and takes the year out of the title); on a full tie, the
        # earlier style.
        best: tuple[tuple[int, int, int], Style, list[Entry | Candidate]] | None = None
        for style in STYLES:
            parsed = _safe_parse(style, blocks, ctx)
            found = [p for p in parsed if isinstance(p, Entry)]
            score = (len(found), sum(map(_richness, found)), getattr(style, "refinement", 0))
            if best is None or score > best[0]:
                best = (score, style, parsed)
        assert best is not None
        return best[1], best[2]

    def _sections(self) -> list[Section]:
        out: list[Section] = []
        last_line = self.source.line_count
        starts = [(h.line, h) for h in self.headings]
        if not starts or starts[0][0] > 1:
            starts.insert(0, (0, None))
        year_stack: list[tuple[int, int]] = []  # (level, year) of enclosing year headings
        for idx, (line, heading) in enumerate(starts):
            end = starts[idx + 1][0] - 1 if idx + 1 < len(starts) else last_line
            after_break = any(b < line for b in self.breaks) and line > 0
            if heading is None:
                out.append(Section(idx, "", 0, 0, end, SectionKind.OTHER))
                continue
            while year_stack and year_stack[-1][0] >= heading.level:
                year_stack.pop()
            parent_year = year_stack[-1][1] if year_stack else None
            if heading.year is not None:
                year_stack.append((heading.level, heading.year))
            out.append(Section(idx, heading.text, heading.level, line, end, SectionKind.OTHER,
                               heading.year, parent_year, after_break))
        return out

    def _kind(self, section: Section, *, has_entries: bool) -> SectionKind:
        title = section.title.casefold()
        if title in {t.casefold() for t in self.config.get("sections.other", [])}:
            return SectionKind.OTHER
        if title in {t.casefold() for t in self.config.get("sections.resources", [])}:
            return SectionKind.RESOURCES
        if section.year is not None:
            return SectionKind.YEAR
        if section.after_break and self.config.get("sections.resources_after_break", False):
            return SectionKind.RESOURCES if has_entries else SectionKind.OTHER
        if has_entries and _names_resources(section.title) and not _PAPERS.search(section.title):
            return SectionKind.RESOURCES
        return SectionKind.PAPERS if has_entries else SectionKind.OTHER

    def _unread(
        self, entries: list[Entry], candidates: list[Candidate], sections: list[Section]
    ) -> list[Candidate]:
        """Blocks that look like papers but that no style read and no candidate covers: a list
        in a shape no style knows must never pass as an empty list."""
        text = self.source.text
        taken = sorted([(e.span.start, e.span.end) for e in entries]
                       + [(c.span.start, c.span.end) for c in candidates])
        starts = [s for s, _ in taken]
        blocks = [b for b in self.blocks if b.kind in ("item", "paragraph", "topic")]
        def is_taken(block: Block) -> bool:
            j = bisect_right(starts, block.start) - 1
            return j >= 0 and taken[j][0] <= block.start < max(taken[j][1], taken[j][0] + 1)

        out: list[Candidate] = []
        covered_until = -1
        for i, block in enumerate(blocks):
            if block.start < covered_until or is_taken(block):
                continue
            section = sections[self._section_index(sections, block.line)]
            if _HOUSEKEEPING.search(section.title):
                continue
            # An item's own text ends where its first nested item starts.
            own_end = block.end
            if i + 1 < len(blocks) and blocks[i + 1].start < block.end:
                own_end = blocks[i + 1].start
            # A bold line followed by its links (a paragraph entry) is read as one.
            probe_end = own_end
            if block.kind == "topic" and i + 1 < len(blocks) and not is_taken(blocks[i + 1]):
                probe_end = blocks[i + 1].end
            if not _looks_like_paper(text, block.start, probe_end):
                continue
            out.append(Candidate(block.line, block.end_line, Span(block.start, block.end),
                                 section.index, "looks like a paper but fits no entry style"))
            covered_until = probe_end if block.kind == "topic" else own_end
        return out

    @staticmethod
    def _section_index(sections: Sequence[Section], line: int) -> int:
        for s in reversed(sections):
            if s.line <= line:
                return s.index
        return 0

    def _links(self, entries: list[Entry]) -> tuple[Link, ...]:
        by_start = {lk.span.start: lk for e in entries for lk in e.links}
        out: list[Link] = []
        text = self.source.text
        ranges = [(b.start, b.end) for b in self.blocks if b.kind != "html"]
        ranges += [(h.span.start, h.span.end) for h in self.headings]
        ranges += [(e.span.start, e.span.end) for e in entries]
        seen: set[int] = set()
        for start, end in sorted(set(ranges)):
            for raw in find_links(text, start, end):
                if raw.start in seen or raw.image:
                    continue
                seen.add(raw.start)
                known = by_start.get(raw.start)
                out.append(known or link_of(raw, self.source))
        out.sort(key=lambda lk: lk.span.start)
        return tuple(out)


_PAPER_HOSTS = re.compile(
    r"https?://(?:www\.|export\.)?(?:arxiv\.org/(?:abs|pdf)/|doi\.org/|dx\.doi\.org/"
    r"|openreview\.net/(?:forum|pdf)|openaccess\.thecvf\.com/|proceedings\.|papers\.nips\.cc/"
    r"|aclanthology\.org/|ieeexplore\.ieee\.org/|link\.springer\.com/|dl\.acm\.org/doi"
    r"|(?:www\.)?(?:bio|med)rxiv\.org/content|pubmed\.ncbi|ncbi\.nlm\.nih\.gov/pmc"
    r"|(?:www\.)?nature\.com/articles|(?:www\.)?sciencedirect\.com/science/article"
    r"|(?:www\.)?semanticscholar\.org/paper|(?:www\.)?mdpi\.com/)",
    re.IGNORECASE,
)
_PAPER_LABEL = re.compile(
    r"\[\s*\[?\s*(?:paper|pdf|arxiv|doi|openreview|proceedings|preprint|abs|abstract)\b",
    re.IGNORECASE,
)
_ARXIV_TEXT = re.compile(r"\barxiv[:\s]+\d{4}\.\d{4,5}", re.IGNORECASE)


def _looks_like_paper(text: str, start: int, end: int) -> bool:
    """A paper link (an arXiv, DOI or proceedings URL), a `[pdf]`/`[paper]` link, or an arXiv
    id in the text: what a paper entry carries, whatever its layout."""
    chunk = text[start:end]
    if len(chunk) > 20_000:
        chunk = chunk[:20_000]
    return bool(_PAPER_HOSTS.search(chunk) or _PAPER_LABEL.search(chunk)
                or _ARXIV_TEXT.search(chunk))


def _richness(entry: Entry) -> int:
    return ((entry.url is not None) + (entry.venue_text is not None) + (entry.year is not None)
            + (entry.authors is not None) + (entry.date is not None))


def _among_entries(
    missed: list[Candidate], found: list[Entry], blocks: list[Block]
) -> list[Candidate]:
    """The candidates next to an entry: the nearest block before or after them (at the same
    list depth) is, or belongs to, an entry. A stray note between intro paragraphs is not one."""
    if not missed:
        return []
    starts = sorted((e.span.start, e.span.end) for e in found)
    far = 1 << 62

    def in_entry(block: Block) -> bool:
        i = bisect_right(starts, (block.start, far)) - 1
        return i >= 0 and starts[i][0] <= block.start < max(starts[i][1], starts[i][0] + 1)

    index = {b.start: i for i, b in enumerate(blocks)}
    out = []
    for cand in missed:
        i = index.get(cand.span.start)
        if i is None:
            out.append(cand)
            continue
        depth = blocks[i].depth
        before = next((blocks[j] for j in range(i - 1, -1, -1) if blocks[j].depth <= depth),
                      None)
        after = next((blocks[j] for j in range(i + 1, len(blocks))
                      if blocks[j].depth <= depth and blocks[j].start >= cand.span.end), None)
        if (before is not None and in_entry(before)) or (after is not None and in_entry(after)):
            out.append(cand)
    return out


def _safe_parse(style: Style, blocks: list[Block], ctx: SectionContext) -> list[Entry | Candidate]:
    try:
        return style.parse_section(blocks, ctx)
    except Exception as exc:  # a style bug must not lose the section: report every item
        return [
            Candidate(b.line, b.end_line, Span(b.start, b.end), ctx.section,
                      f"could not be read ({type(exc).__name__})")
            for b in blocks if b.kind == "item"
        ]
