from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from itertools import chain
from operator import itemgetter

from lint_rules.findings import Finding, Severity
from lint_rules.lazy_regex import lazy_compile
from lint_rules.model import Document, Entry
from lint_rules.rule import Rule, RuleContext
from lint_rules.rules.common import clip

from .common import GENERIC_TITLES, allow_across, identity_keys, scope_of

# Titles differing in more tokens than this are never candidates (prefix filtering below).
MAX_TOKEN_CHANGES = 3
MIN_LENGTH = 20  # shorter titles are too alike by chance ("Deep Learning", "Deep Learnings")
# Numbers and roman numerals tell papers apart: "Part I"/"Part II", "2D"/"3D", "v2"/"v3".
# Length bands for blocking: wider than the largest edit budget, so near titles are neighbours.
_BAND = 4
# A blocking key shared by more titles than this is a run of common words: its titles are
# paired with their neighbours in sorted order rather than all with all (see _candidate_pairs).
MAX_GROUP = 16
_WINDOW = 4
MAX_PAIRS = 500_000  # scored pairs per document, a backstop
# Up to this many candidates, a letter count rules pairs out before rapidfuzz is loaded; past
# it, rapidfuzz's own length cutoff in C is the cheaper filter.
_FEW_PAIRS = 256
# Tokens with a digit, and roman numerals, found in one pass over a normalised title.
_NUMBER_TOKENS = lazy_compile(r"(?<!\S)(?:\S*\d\S*|i|ii|iii|iv|v|vi|vii|viii|ix|x)(?!\S)")


def max_edits(length: int) -> int:
    """The high bar: a typo or two, never a word ("Revisiting …", "… extended version")."""
    return 1 if length < 40 else 2 if length < 80 else 3


class SimilarTitle(Rule):
    """## What it does
    Flags an entry whose title differs from an earlier entry's only by a typo or two, or by
    spacing and hyphens (`Self-supervised` / `Selfsupervised`), once case and punctuation are
    set aside. Titles that differ by a word, a number (`2D`/`3D`, `Part I`/`Part II`) or that
    are short are never flagged.

    ## Why is this bad?
    A near-identical title is often the same paper added twice with a slip. But about half of
    such pairs in real lists are different papers (an extended journal version, "Revisiting
    X"), so this is a warning with a high bar, and never an error.

    ## Example
    ```markdown
    - [ ] [Self-supervised Feature Learning for 3D Medical Images by Playing a Rubik’s Cube](https://link.springer.com/chapter/10.1007/978-3-030-32251-9_46). MICCAI 2019.
    - [ ] [Self-supervised Feature Learnig for 3D Medical Images by Playing a Rubiks Cube](https://arxiv.org/abs/1910.02241). arXiv.
    ```

    Use instead:
    ```markdown
    - [ ] [Self-supervised Feature Learning for 3D Medical Images by Playing a Rubik’s Cube](https://link.springer.com/chapter/10.1007/978-3-030-32251-9_46). MICCAI 2019.
    ```

    Different papers such as `Rubik’s Cube+: …` and `Revisiting Rubik’s Cube: …` are not
    flagged.

    ## Options
    `duplicates.allow_across_sections`: compare titles only within one section and topic.
    """

    code = "PL303"
    name = "similar-title"
    severity = Severity.WARNING

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        across = allow_across(ctx.config)
        # One representative (the first entry) per distinct normalised title and scope.
        first: dict[tuple[object, str], Entry] = {}
        for entry in doc.entries:
            title = entry.title_key
            if title in GENERIC_TITLES or len(title.replace(" ", "")) < MIN_LENGTH:
                continue
            first.setdefault((scope_of(doc, entry, across), title), entry)
        items = list(first.items())
        # A pair is reported only within one scope and with the same numbers: blocking keys
        # carry both, so titles that could never be reported are never scored.
        pairs = _candidate_pairs([title for (_, title), _ in items],
                                 [(scope, _numbers(title)) for (scope, title), _ in items])
        reported: set[int] = set()
        for i, j, _distance in pairs:
            (scope_a, title_a), a = items[i]
            (scope_b, title_b), b = items[j]
            if scope_a != scope_b or not _numbers_agree(title_a, title_b):
                continue
            earlier, later = (a, b) if a.line < b.line else (b, a)
            if id(later) in reported or set(identity_keys(a)) & set(identity_keys(b)):
                continue
            reported.add(id(later))
            yield self.finding(
                doc, later.title_span or later.span,
                f"Title `{clip(later.title, 60)}` is nearly identical to line {earlier.line}'s "
                f"`{clip(earlier.title, 60)}`; if they are one paper, keep one",
                subject=later.title_key,
                related_lines=(earlier.line,),
            )


class _Compact(dict[int, str]):
    """Titles without their spaces, by index, made for the titles that come to be compared."""

    def __init__(self, titles: list[str]) -> None:
        super().__init__()
        self.titles = titles

    def __missing__(self, i: int) -> str:
        value = self[i] = self.titles[i].replace(" ", "")
        return value


def _bounded(later: dict[int, list[int]], compact: _Compact) -> dict[int, list[int]]:
    """``later`` without the pairs that a letter count proves too far apart to score.

    Every edit (insertion, deletion, substitution; a transposition moves no letter) changes
    the count of a letter on at most one side, so two titles are at least as many edits apart
    as the letters one has and the other lacks, counted with repeats. That bound is exact
    enough to rule out most candidates of a small list, which then never loads rapidfuzz.
    """
    counts: dict[int, Counter[str]] = {}

    def count(i: int) -> Counter[str]:
        found = counts.get(i)
        if found is None:
            found = counts[i] = Counter(compact[i])
        return found

    kept: dict[int, list[int]] = {}
    for i, near in later.items():
        limit = max_edits(len(compact[i]))
        a = count(i)
        close = [j for j in near
                 if max((a - count(j)).total(), (count(j) - a).total()) <= limit]
        if close:
            kept[i] = close
    return kept


def _numbers(title: str) -> tuple[str, ...]:
    """The title's numbers, sorted and without repeats: a small tuple (the empty one shared),
    since one is kept per title of a long list."""
    found = _NUMBER_TOKENS.findall(title)
    return tuple(sorted(set(found))) if found else ()


def _numbers_agree(a: str, b: str) -> bool:
    return _numbers(a) == _numbers(b)


def _candidate_pairs(
    titles: list[str], partitions: list[object] | None = None
) -> list[tuple[int, int, int]]:
    """Pairs ``(i, j, distance)`` with ``i < j`` of near-identical titles in the same partition.

    Never all pairs: titles are scored only when they share a blocking key and sit in the same
    or neighbouring length bands. Both are exact for the pairs this rule reports (titles
    differing in at most ``k = MAX_TOKEN_CHANGES`` tokens on each side, and in length by at
    most ``max_edits``):

    - the key holds the partition (the scope, and the numbers a reported pair must share), so
      `… segmentation 1` … `… segmentation 8000` never meet;
    - with tokens ordered by rarity over the whole list, such titles share their two rarest
      common tokens, and both are among each title's ``k + 2`` rarest (prefix filtering), so
      every pair of tokens from those is a key; titles of at most ``k + 1`` tokens may share
      fewer, so they also key on each token alone;
    - their lengths differ by less than ``_BAND``, so they sit in the same or a neighbouring
      length band.

    Where every word is common (one narrow topic in a small vocabulary), a key can be shared by
    thousands of titles. A group larger than ``MAX_GROUP`` is not expanded into all its pairs:
    the titles of such groups are sorted by their text and by their reversed text and each is
    paired with its ``_WINDOW`` neighbours in both orders (a typo leaves a long prefix or a long
    suffix in common, which keeps the pair adjacent). So the work stays linear in the list; at most
    ``MAX_PAIRS`` pairs are scored in all, a backstop against inputs built to defeat this.

    Candidates are scored by rapidfuzz on the titles without spaces, so that `self supervised`
    and `selfsupervised` agree.
    """
    partitions = partitions if partitions is not None else [None] * len(titles)
    # Each title's distinct tokens, the strings shared through the vocabulary: a set and fresh
    # strings per title would take 60 MiB of a 50,000-title list.
    vocabulary: dict[str, str] = {}
    token_sets = [tuple({vocabulary.setdefault(t, t) for t in title.split()}) for title in titles]
    df = Counter(chain.from_iterable(token_sets))
    # Tokens numbered by rarity (then spelling), so a title's rarest tokens are its smallest
    # numbers; a key is a partition, a rarer token and another token (or `none`).
    order = sorted(df, key=lambda t: (df[t], t))
    number = {token: k for k, token in enumerate(order)}
    none = len(order)
    compact = _Compact(titles)
    bands = [(len(t) - t.count(" ")) // _BAND for t in titles]
    # A title alone in its partition has no one to be paired with.
    shared = {p: k for k, (p, n) in enumerate(Counter(partitions).items()) if n > 1}
    n = len(titles)
    # Keys are grouped by their rarer token first: each title is filed under the tokens of its
    # prefix that begin a key (at most k + 2), and one token's titles are then grouped by the
    # other token. All keys at once (ten per title, nearly all a title's own) would take
    # 150 MiB on 50,000 titles; this holds a few pointers per title and one token's groups.
    prefixes: list[tuple[int, ...]] = [()] * n
    parts: list[int] = [0] * n
    short = bytearray(n)  # titles of at most k + 1 tokens
    by_rarer: dict[int, list[int]] = {}
    for i, unique in enumerate(token_sets):
        part = shared.get(partitions[i])
        if part is None:
            continue
        prefix = tuple(sorted(map(number.__getitem__, unique))[: MAX_TOKEN_CHANGES + 2])
        prefixes[i] = prefix
        parts[i] = part
        short[i] = len(unique) <= MAX_TOKEN_CHANGES + 1
        # Short titles also key on each token alone (`none` as the other).
        for a in prefix if short[i] else prefix[:-1]:
            by_rarer.setdefault(a, []).append(i)
    del token_sets  # the prefixes are all that is needed of the titles' tokens now
    # The shared keys give the candidates, within a band. A candidate pair (i, j), i < j, is
    # kept as the one integer i * n + j.
    candidates: set[int] = set()
    crowded: dict[int, set[int]] = {}  # partition -> titles in a group over MAX_GROUP
    for a, holders in by_rarer.items():
        if len(holders) < 2:
            continue
        groups: dict[tuple[int, int], list[int]] = {}
        for i in holders:
            prefix = prefixes[i]
            others = prefix[prefix.index(a) + 1:]
            if short[i]:
                others += (none,)
            for b in others:
                groups.setdefault((parts[i], b), []).append(i)
        for (part, _), members in groups.items():
            if len(members) < 2 or len(candidates) >= MAX_PAIRS:
                continue
            if len(members) > MAX_GROUP:
                crowded.setdefault(part, set()).update(members)
                continue
            members.sort(key=bands.__getitem__)
            for x, i in enumerate(members):
                band = bands[i]
                for j in members[x + 1:]:
                    if bands[j] - band > 1:
                        break
                    candidates.add(i * n + j if i < j else j * n + i)
    # Titles of crowded groups meet their neighbours in sorted order, once per partition rather
    # than once per group: the orders of all its groups are the same order, thinned.
    for members in crowded.values():
        for order in (sorted(members, key=compact.__getitem__),
                      sorted(members, key=lambda m: compact[m][::-1])):
            if len(candidates) >= MAX_PAIRS:
                break
            for x, i in enumerate(order):
                band = bands[i]
                for j in order[x + 1:x + 1 + _WINDOW]:
                    if -1 <= bands[j] - band <= 1:
                        candidates.add(i * n + j if i < j else j * n + i)
    # Blocking is done: what it built goes before scoring builds more.
    del by_rarer, prefixes, crowded
    later: dict[int, list[int]] = {}
    while candidates:
        i, j = divmod(candidates.pop(), n)
        later.setdefault(i, []).append(j)
    pairs: list[tuple[int, int, int]] = []
    if sum(map(len, later.values())) <= _FEW_PAIRS:
        later = _bounded(later, compact)
    if not later:
        return pairs
    # Imported only when there are titles to score: a plain check pays start-up per commit.
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    for i in sorted(later):
        query = compact[i]
        near = sorted(later[i])
        # itemgetter and rapidfuzz keep the per-candidate work in C; OSA with a cutoff rejects
        # titles of too different a length before comparing them.
        choices = itemgetter(*near)(compact) if len(near) > 1 else (compact[near[0]],)
        for _, distance, k in process.extract(
            query, choices, scorer=OSA.distance, score_cutoff=max_edits(len(query)),
            limit=None,
        ):
            pairs.append((i, near[k], int(distance)))
    return pairs
