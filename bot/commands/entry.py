"""A new entry written the way the list writes its entries. Pure.

Rather than a grammar per style, the entry is made from an existing entry of the list (the
*template*): its title, link, venue, code link, authors and date are replaced by the new paper's,
and everything else (checkbox, markers, punctuation, label casing, separators) is kept as the
list wrote it. Templates are tried nearest first (the slot the paper goes to, then its section,
then the list) and cleanest first (fewest words outside the replaced parts, so no stray
"(Oral)" or emoji is copied); the caller keeps the first whose result passes ``paperlist check``.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date

from lint_rules.conventions import arxiv_form, links_to_pdfs
from lint_rules.model import Document, Entry, Link, Span
from lint_rules.publication import PAPER_SECTIONS

_CODE_LABEL = re.compile(r"code|github|gitlab|project|implementation|repo", re.IGNORECASE)
_CODE_HOST = re.compile(r"^https?://(?:www\.)?(?:github\.com|gitlab\.com|bitbucket\.org)/",
                        re.IGNORECASE)
_REPO_IN_TEXT = re.compile(
    r"https?://(?:www\.)?(?:github\.com|gitlab\.com)/[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")
_DEFAULT_CODE_LINK = "[[Code]({url})]"


@dataclass(frozen=True, slots=True)
class NewEntry:
    title: str
    url: str
    venue: str | None
    code_url: str | None = None
    authors: tuple[str, ...] = ()
    published: date | None = None
    year: int | None = None  # for entries that write a year apart from the venue


def code_url_in(*texts: str | None) -> str | None:
    """The first GitHub/GitLab repository an arXiv comment or abstract names."""
    for text in texts:
        for m in _REPO_IN_TEXT.finditer(text or ""):
            url = m.group(0).rstrip(".,;:)")
            url = re.sub(r"\.git$", "", url)
            owner_repo = url.split("/", 3)[3]
            if owner_repo.count("/") == 1 and not owner_repo.endswith("/"):
                return url
    return None


def arxiv_link(doc: Document, identifier: str) -> str:
    """The paper's arXiv link in the list's form: abstract page unless the list links PDFs."""
    if not links_to_pdfs(doc):
        return f"https://arxiv.org/abs/{identifier}"
    forms = Counter(f for e in doc.entries for lk in e.links
                    if (f := arxiv_form(lk.url)) and f.startswith("pdf"))
    suffix = ".pdf" if forms.most_common(1)[0][0] == "pdf.pdf" else ""
    return f"https://arxiv.org/pdf/{identifier}{suffix}"


def is_code_link(link: Link) -> bool:
    return bool(_CODE_LABEL.search(link.label) or _CODE_HOST.match(link.url))


def _list_text(text: str) -> str:
    """Text from arXiv as list markdown: one line, no raw HTML. An ``@name`` stays as it is:
    a committed file notifies nobody, and the digest's word joiner would be an invisible
    character the linter reports (the PR body, which GitHub does scan, is neutralised)."""
    return " ".join(text.split()).replace("<", "&lt;").replace(">", "&gt;")


def _escape_title(title: str, text: str, span: Span) -> str:
    title = re.sub(r"([\\\[\]`])", r"\\\1", _list_text(title))
    if text[span.start - 1:span.start] in ("*", "_"):
        title = re.sub(r"([*_])", r"\\\1", title)
    line_start = text.rfind("\n", 0, span.start) + 1
    if text[line_start:span.start].lstrip().startswith("|"):
        title = title.replace("|", "\\|")  # a table cell ends at a bare pipe
    return title


def _format_authors(authors: Sequence[str], like: str) -> str:
    if not authors:
        return ""
    if "et al" in like:
        return f"{authors[0]} et al." if len(authors) > 1 else authors[0]
    sep = "; " if ";" in like else ", "
    return sep.join(authors)


_DAY_MONTH_YEAR = re.compile(
    r"(?P<d>\d{1,2})(?P<ord>st|nd|rd|th)?(?P<s1>\s+)(?P<m>[A-Z][a-z]+)(?P<dot>\.?)"
    r"(?P<s2>,?\s+)(?P<y>\d{4})")


def _ordinal(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def _format_date(day: date, like: str) -> str | None:
    m = _DAY_MONTH_YEAR.search(like)
    if m is not None:  # "1st Jan., 2021", "12 March 2021"
        month = day.strftime("%B") if len(m.group("m")) > 3 else day.strftime("%b")
        dot = m.group("dot") if month != day.strftime("%B") else ""  # "May", never "May."
        written = (f"{day.day}{_ordinal(day.day) if m.group('ord') else ''}{m.group('s1')}"
                   f"{month}{dot}{m.group('s2')}{day.year}")
        return like[:m.start()] + written + like[m.end():]
    stripped = like.strip("[]() ")
    for pattern, fmt in ((r"\d{4}-\d{2}-\d{2}", "%Y-%m-%d"), (r"\d{4}/\d{2}/\d{2}", "%Y/%m/%d"),
                         (r"\d{4}\.\d{2}\.\d{2}", "%Y.%m.%d"), (r"\d{4}-\d{2}", "%Y-%m"),
                         (r"\d{4}\.\d{2}", "%Y.%m"), (r"\d{4}/\d{2}", "%Y/%m"),
                         (r"\d{2}/\d{4}", "%m/%Y"), (r"[A-Z][a-z]{2} \d{4}", "%b %Y"),
                         (r"\d{4}", "%Y")):
        if re.fullmatch(pattern, stripped):
            return like.replace(stripped, day.strftime(fmt))
    return None


def _outer(text: str, span: Span) -> tuple[int, int]:
    """A link's span widened over the brackets around it: ``[[Code](url)]``."""
    start, end = span.start, span.end
    while start > 0 and end < len(text) and text[start - 1] == "[" and text[end] == "]":
        start, end = start - 1, end + 1
    return start, end


def _removal(text: str, link: Link, floor: int, ceiling: int) -> tuple[int, int]:
    """What to cut to drop an extra link: the link and the blanks before it; its whole line
    when it stands alone on one (``  [[code]](url)`` in a multi-line entry). Table pipes stay."""
    start, end = _outer(text, link.span)
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    if (line_start > floor and not text[line_start:start].strip()
            and not text[end:line_end].strip() and line_end < ceiling):
        return line_start - 1, line_end  # the newline before the line goes with it
    while start > floor and text[start - 1] in " \t":
        start -= 1
    return start, end


def residual(doc: Document, entry: Entry) -> int:
    """Letters and digits of the entry that no replaced part covers: what a template would
    copy into the new entry."""
    covered = [s for s in (entry.title_span, entry.url_span, entry.venue_span) if s]
    covered += [Span(*_outer(doc.text, lk.span)) for lk in entry.links]
    body = doc.text[entry.span.start:entry.span.end]
    for value in (entry.authors, entry.date):
        if value and (at := body.find(value)) >= 0:
            covered.append(Span(entry.span.start + at, entry.span.start + at + len(value)))
    count = 0
    for i, ch in enumerate(body, entry.span.start):
        if ch.isalnum() and not any(s.start <= i < s.end for s in covered):
            count += 1
    return count


def render(doc: Document, template: Entry, new: NewEntry) -> str | None:
    """``new`` written like ``template``; None when the template cannot hold it."""
    text = doc.text
    t = template
    if t.title_span is None or t.url_span is None:
        return None
    edits: list[tuple[int, int, str]] = [
        (t.title_span.start, t.title_span.end, _escape_title(new.title, text, t.title_span)),
        (t.url_span.start, t.url_span.end, new.url),
    ]
    if t.venue_span is not None:
        if new.venue is None:
            return None
        edits.append((t.venue_span.start, t.venue_span.end, new.venue))
    elif new.venue is not None:
        return None
    primary = t.primary
    extras = [lk for lk in t.links if lk is not primary and lk.role.value != "other"]
    code = [lk for lk in extras if is_code_link(lk)]
    if new.code_url and code:
        edits.append((code[0].url_span.start, code[0].url_span.end, new.code_url))
        extras = [lk for lk in extras if lk is not code[0]]
    elif new.code_url:
        return None
    for link in extras:
        start, end = _removal(text, link, t.span.start, t.span.end)
        edits.append((start, end, ""))
    body = text[t.span.start:t.span.end]
    if t.year is not None and t.venue_span is None:
        # A year written on its own (`(2021)` in bold-year entries): the paper's year.
        m = re.search(rf"(?<!\d){t.year}(?!\d)", body)
        if m is None or new.year is None:
            return None
        edits.append((t.span.start + m.start(), t.span.start + m.end(), str(new.year)))
    if t.authors:
        at = body.find(t.authors)
        if at < 0 or not new.authors:
            return None
        authors = _list_text(_format_authors(new.authors, t.authors))
        if not t.authors.endswith(".") and authors.endswith("."):
            authors = authors[:-1]  # the list's own period follows
        edits.append((t.span.start + at, t.span.start + at + len(t.authors), authors))
    if t.date:
        at = body.find(t.date)
        formatted = _format_date(new.published, t.date) if new.published else None
        if at < 0 or formatted is None:
            return None
        edits.append((t.span.start + at, t.span.start + at + len(t.date), formatted))
    if not t.date and new.published:
        # A date the style does not parse as a field (`6 Dec 2021` closing an entry) would
        # otherwise be copied from the template: it becomes the paper's date.
        covered = [(a, b) for a, b, _ in edits]
        for m in _DAY_MONTH_YEAR.finditer(body):
            start, end = t.span.start + m.start(), t.span.start + m.end()
            if not any(a < end and start < b for a, b in covered):
                formatted = _format_date(new.published, m.group(0))
                if formatted:
                    edits.append((start, end, formatted))
                    break
    edits.sort()
    if any(a[1] > b[0] for a, b in itertools.pairwise(edits)):
        return None
    out, pos = [], t.span.start
    for start, end, content in edits:
        if start < t.span.start or end > t.span.end:
            return None
        out.append(text[pos:start])
        out.append(content)
        pos = end
    out.append(text[pos:t.span.end])
    rendered = "".join(out)
    rendered = re.sub(r"^(\s*(?:[-*+]|\d+[.)])\s+)\[[xX]\]", r"\1[ ]", rendered, count=1)
    return "\n".join(line.rstrip() for line in rendered.split("\n"))


def with_code_link(doc: Document, rendered: str, code_url: str) -> str:
    """``rendered`` plus a code link in the list's own form, when no template carried one."""
    forms: Counter[str] = Counter()
    for entry in doc.entries:
        for link in entry.links:
            if link.role.value == "extra" and is_code_link(link):
                start, end = _outer(doc.text, link.span)
                written = doc.text[start:end]
                forms[written.replace(link.url, "{url}", 1)] += 1
    form = forms.most_common(1)[0][0] if forms else _DEFAULT_CODE_LINK
    first, nl, rest = rendered.partition("\n")
    return f"{first} {form.replace('{url}', code_url)}{nl}{rest}"


def templates(doc: Document, section: int | None, topic: str | None) -> list[Entry]:
    """Candidate templates: the slot's entries (last first), the section's, then the list's
    paper entries of the section's style; the cleanest of each group first."""
    style = doc.sections[section].style if section is not None else ""
    papers = [e for e in doc.entries if doc.sections[e.section].kind in PAPER_SECTIONS]
    groups: list[list[Entry]] = [
        [e for e in papers if e.section == section and e.topic == topic],
        [e for e in papers if e.section == section],
        [e for e in papers if not style or e.style == style],
        papers,
    ]
    seen: set[int] = set()
    ordered: list[Entry] = []
    for group in groups:
        ranked = sorted(reversed(group), key=lambda e: residual(doc, e))
        for entry in ranked:
            if entry.span.start not in seen:
                seen.add(entry.span.start)
                ordered.append(entry)
    return ordered


def candidates(doc: Document, section: int | None, topic: str | None, new: NewEntry,
               limit: int = 12) -> Iterator[str]:
    """Renderings of ``new``, best first, without repeats."""
    seen: set[str] = set()
    pool = templates(doc, section, topic)[:200]
    passes = [new]
    if new.code_url:
        passes.append(replace(new, code_url=None))
    for attempt in passes:
        produced = 0
        # Without a code link, templates with no extra links to strip come first.
        ordered = pool if attempt.code_url else sorted(
            pool, key=lambda e: any(lk.role.value == "extra" for lk in e.links))
        for template in ordered:
            rendered = render(doc, template, attempt)
            if rendered is None:
                continue
            if attempt.code_url is None and new.code_url:
                rendered = with_code_link(doc, rendered, new.code_url)
            if rendered in seen:
                continue
            seen.add(rendered)
            produced += 1
            yield rendered
            if produced >= limit:
                break
    if new.code_url:
        # Last resort: the entry without its code link (the PR body says so).
        for template in pool[:limit]:
            rendered = render(doc, template, passes[-1])
            if rendered is not None and rendered not in seen:
                seen.add(rendered)
                yield rendered
