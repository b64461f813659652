"""Benchmark `paperlist check` on generated lists in the user's style, with injected duplicates.

For each title vocabulary and size (default: `real` and `small`, 1k, 10k, 50k entries) it writes
a list like
`examples/self-supervised-medical-imaging` — `## YEAR` sections, `*Topic*` subheadings,
`- [ ] [Title](url). Venue Year. [[Code](url)]` entries — in which 1 % of the entries are
injected duplicates of an earlier entry: the same arXiv id or DOI through another link form,
the same page through another URL form, the same title written differently, or the same title
with a typo. Titles come from one of three vocabularies (`--titles`):

- `real`: the distinct paper titles of the real lists in `/work/shared/corpus/` and
  `/work/shared/lists/` (3,242 once near-identical pairs are thinned; vendored in
  `benchmarks/data/real_titles.txt`), each used once, then
  new titles spliced from two real ones (the head of one, the tail of another), so the
  vocabulary and its word frequencies are those of real titles;
- `small`: titles of 7–11 words drawn from 46 words of one narrow topic, so every word is
  common (the worst case for near-title blocking);
- `synthetic`: the original generator, each title with a random acronym and invented words.

Then, in the same run and on the same file, it measures:

- `paperlist check FILE --output-format json` as a subprocess, under `/usr/bin/time -v`:
  wall time and peak resident memory; and from its JSON, which injected duplicates it found;
- a bare markdown-it-py parse of the file (`MarkdownIt("commonmark").parse(text)`), as a
  subprocess the same way (so both pay for starting Python and importing), and in process;
- in process: paperlist's parse and each rule family, to show where the time goes.

    python benchmarks/bench_check.py                  # real and small titles; 1k, 10k, 50k
    python benchmarks/bench_check.py --titles real --sizes 10000 --repeat 5 --keep /tmp/bench
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

TOPICS = ["Feature Learning", "Detection", "Segmentation", "Denoising, Super Resolution",
          "Domain Adaptation", "Shape Analysis", "Image Synthesis", "Others"]
CONFIG = """\
list: {list}
{style}sections:
  resources_after_break: true
  require_venue: [year]
  topics: [{topics}]
venues:
  prefer: [TMI, Medical Image Analysis, Machine Learning for Healthcare Conference]
"""
ADJ = ["Self-Supervised", "Contrastive", "Semi-Supervised", "Unsupervised", "Weakly-Supervised",
       "Multi-Scale", "Hierarchical", "Anatomy-Aware", "Label-Efficient", "Robust", "Federated",
       "Uncertainty-Aware", "Cross-Modal", "Generative", "Masked", "Graph-Based", "Dual-Task"]
METHOD = ["Representation Learning", "Pretraining", "Feature Learning", "Domain Adaptation",
          "Knowledge Distillation", "Transformers", "Autoencoders", "Diffusion Models",
          "Context Restoration", "Rotation Prediction", "Jigsaw Puzzles", "Inpainting",
          "Clustering", "Metric Learning", "Mutual Information Maximisation"]
TASK = ["Segmentation", "Classification", "Detection", "Registration", "Reconstruction",
        "Super-Resolution", "Denoising", "Landmark Localisation", "Survival Prediction",
        "Anomaly Detection", "Report Generation", "Tracking"]
TARGET = ["Brain MRI", "Chest X-rays", "Cardiac MR", "Histopathology Slides", "Retinal Fundus",
          "Ultrasound Video", "CT Scans", "Dermoscopy Images", "Mammograms", "PET Images",
          "Endoscopy Video", "Knee Arthroscopy", "Fetal Ultrasound", "OCT Volumes"]
CONFERENCES = ["MICCAI", "ISBI", "NeurIPS", "CVPR", "IPMI", "MIDL", "ICCV", "ECCV", "AAAI",
               "Machine Learning for Healthcare Conference"]
JOURNALS = ["TMI", "Medical Image Analysis", "IEEE JBHI", "Nature Medicine"]
SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "ta", "vi", "zo", "pe", "su", "ri", "ga", "do", "fe"]


@dataclass
class Entry:
    title: str
    url: str
    venue: str
    code: str = ""
    injected: str = ""  # the kind of duplicate, for injected entries
    of: Entry | None = None  # the entry it duplicates

    def line(self) -> str:
        tail = f" [[Code]({self.code})]" if self.code else ""
        return f"- [ ] [{self.title}]({self.url}). {self.venue}.{tail}"


@dataclass
class Generated:
    text: str
    injected: dict[int, tuple[str, int]] = field(default_factory=dict)  # line -> (kind, of line)
    entries: int = 0


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


REAL_TITLES = Path(__file__).resolve().parent / "data" / "real_titles.txt"
SMALL_VOCABULARY = [
    "self", "supervised", "contrastive", "learning", "medical", "image", "segmentation",
    "representation", "deep", "network", "networks", "unsupervised", "semi", "label", "efficient",
    "pretraining", "features", "local", "global", "domain", "adaptation", "mri", "ct", "x", "ray",
    "images", "via", "with", "for", "of", "and", "from", "using", "multi", "scale", "robust",
    "attention", "transformer", "training", "data", "models", "model", "fusion", "guided",
    "volumetric", "consistency",
]


def _title(rng: random.Random) -> str:
    acronym = "".join(rng.choice("ABCDEFGHIJKLMNOPRSTUVWXYZ") for _ in range(rng.randint(3, 6)))
    return (f"{acronym}: {rng.choice(ADJ)} {_word(rng)} {rng.choice(METHOD)} for "
            f"{rng.choice(TASK)} of {rng.choice(TARGET)} with {_word(rng)} {_word(rng)}")


class Titles:
    """Distinct titles (by normalised form) from one vocabulary: `synthetic`, `real`, `small`."""

    def __init__(self, kind: str, rng: random.Random) -> None:
        from lint_rules.identifiers import normalize_title

        self.kind = kind
        self.rng = rng
        self.key = normalize_title
        # The list's last entry (the survey under `Reviews papers`) is taken.
        self.seen: set[str] = {"asurveyoncontrastiveselfsupervisedlearning",
                               "surveycontrastiveselfsupervisedlearning"}
        self.ends: dict[tuple[str, str], list[str]] = {}
        self.real: list[str] = []
        if kind == "real":
            self.real = REAL_TITLES.read_text(encoding="utf-8").splitlines()
            rng.shuffle(self.real)
        self.next_real = 0

    def __call__(self, rng: random.Random) -> str:
        while True:
            title = self._make()
            key = self.key(title)
            # Spliced titles can land a plural or a short word away from another title: those
            # would be real near-duplicates, not the injected ones the benchmark counts.
            if len(key.replace(" ", "")) >= 20 and self.claim(title):
                return title

    def claim(self, title: str) -> bool:
        """Take ``title`` unless it is a plural, a hyphen or a short word away from one
        taken."""
        from rapidfuzz import fuzz

        words = self.key(title).split()
        loose = {"".join(w.rstrip("s") for w in words),
                 "".join(w.rstrip("s") for w in words if len(w) > 3)}
        if loose & self.seen:
            return False
        # Two splices can also meet a letter or two apart ("... Models for Diffusion Models" /
        # "... Models from Diffusion Models"); such pairs share their first and last words.
        flat = "".join(words)
        ends = self.ends.setdefault((words[0], words[-1]), [])
        if any(fuzz.ratio(flat, other) >= 90 for other in ends):
            return False
        ends.append(flat)
        self.seen |= loose
        return True

    def _make(self) -> str:
        rng = self.rng
        if self.kind == "synthetic":
            return _title(rng)
        if self.kind == "small":
            words = [rng.choice(SMALL_VOCABULARY) for _ in range(rng.randint(7, 11))]
            return " ".join(words).capitalize()
        if self.next_real < len(self.real):
            self.next_real += 1
            return self.real[self.next_real - 1]
        # The head of one title and the tail of another, each dropping at least two words of
        # its source; a splice whose tail happens to echo its head's source ("... Generative
        # Models" + "Generative Modeling") is a real near-duplicate, so it is drawn again.
        from rapidfuzz import fuzz

        while True:
            a, b = rng.choice(self.real).split(), rng.choice(self.real).split()
            if len(a) < 4 or len(b) < 4:
                continue
            cut_a, cut_b = rng.randint(2, len(a) - 2), rng.randint(2, len(b) - 2)
            spliced = " ".join(a[:cut_a] + b[cut_b:])
            key = self.key(spliced)
            if all(fuzz.ratio(key, self.key(" ".join(src))) < 85 for src in (a, b)):
                return spliced


class _Ids:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def fresh(self, make: callable) -> str:  # type: ignore[valid-type]
        while True:
            value = make(self.rng)
            if value not in self.used:
                self.used.add(value)
                return value


def _original(rng: random.Random, ids: _Ids, year: int, make_title: Titles) -> Entry:
    roll = rng.random()
    yy = year % 100
    code = f"https://github.com/{_word(rng).lower()}/{_word(rng).lower()}" \
        if rng.random() < 0.2 else ""
    if roll < 0.30:
        doi = ids.fresh(lambda r: f"10.1007/978-3-030-{r.randint(10000, 99999)}-"
                                  f"{r.randint(0, 9)}_{r.randint(1, 99)}")
        venue = f"{rng.choice(['MICCAI', 'IPMI', 'MICCAI', 'ECCV'])} {year}"
        return Entry(make_title(rng), f"https://link.springer.com/chapter/{doi}", venue, code)
    if roll < 0.50:
        aid = ids.fresh(lambda r: f"{yy:02d}{r.randint(1, 12):02d}.{r.randint(1, 99999):05d}")
        return Entry(make_title(rng), f"https://arxiv.org/abs/{aid}",
                     f"{rng.choice(CONFERENCES)} {year}", code)
    if roll < 0.70:
        doc = ids.fresh(lambda r: str(r.randint(1_000_000, 9_999_999)))
        return Entry(make_title(rng), f"https://ieeexplore.ieee.org/document/{doc}",
                     rng.choice([*JOURNALS, f"ISBI {year}"]), code)
    if roll < 0.80:
        aid = ids.fresh(lambda r: f"{yy:02d}{r.randint(1, 12):02d}.{r.randint(1, 99999):05d}")
        return Entry(make_title(rng), f"https://arxiv.org/abs/{aid}", "arXiv", code)
    if roll < 0.90:
        pii = ids.fresh(lambda r: f"S1361841{r.randint(100000000, 999999999)}")
        return Entry(make_title(rng), f"https://www.sciencedirect.com/science/article/pii/{pii}",
                     "Medical Image Analysis", code)
    vol = ids.fresh(lambda r: f"v{r.randint(100, 250)}/{_word(r).lower()}{yy:02d}a")
    return Entry(make_title(rng), f"https://proceedings.mlr.press/{vol}.html",
                 f"{rng.choice(['MIDL', 'Machine Learning for Healthcare Conference'])} {year}",
                 code)


def _typo(title: str, rng: random.Random) -> str:
    # One substitution in a long lower-case word, away from the acronym and any digit.
    words = title.split()
    spots = [i for i, w in enumerate(words) if i > 0 and len(w) > 5 and w.isalpha()]
    if not spots:
        return _restyle_title(title)
    i = rng.choice(spots)
    w = words[i]
    j = rng.randrange(1, len(w) - 1)
    words[i] = w[:j] + ("e" if w[j] != "e" else "a") + w[j + 1:]
    return " ".join(words)


def _restyle_title(title: str) -> str:
    """The same title as another contributor types it: case, quotes, punctuation, spacing."""
    head, _, rest = title.partition(": ")
    if not rest:
        return title.lower().replace(" ", "  ", 1) + "."
    return f"{head} - {rest.lower()}".replace(" for ", " for  ") + "."


def _duplicate(
    rng: random.Random, ids: _Ids, orig: Entry, kind: str, year: int, titles: Titles
) -> Entry:
    if kind == "id":
        if "arxiv.org/abs/" in orig.url:
            aid = orig.url.rsplit("/", 1)[1]
            url = rng.choice([f"https://arxiv.org/pdf/{aid}.pdf", f"http://arxiv.org/abs/{aid}v2",
                              f"https://export.arxiv.org/abs/{aid}"])
        elif "link.springer.com/chapter/" in orig.url:
            url = "https://doi.org/" + orig.url.split("/chapter/", 1)[1]
        else:
            # No id in the original's link: the copy links the same page's DOI-less twin.
            url = orig.url.replace("https://", "http://") + "/"
        head, _, rest = orig.title.partition(": ")
        # A cut just after a backslash (a LaTeX `\Sigma` in a real title) would escape `]`.
        cut = " \\"
        title = f"{head}: {rest[:40].rstrip(cut)}" if rest else orig.title[:40].rstrip(cut)
        if title != orig.title and not titles.claim(title):
            title = orig.title  # the shortened title would be another entry's
        return Entry(title, url, orig.venue, "", "id", orig)
    if kind == "url":
        url = orig.url
        if "arxiv.org" in url or "link.springer.com" in url:
            url = url + "#sec1"
        else:
            url = url.replace("https://www.", "http://").replace("https://", "http://www.")
            url += "/?utm_source=twitter&utm_medium=social" if not url.endswith(".html") \
                else "?utm_campaign=list"
        return Entry(orig.title, url, orig.venue, orig.code, "url", orig)
    doc = ids.fresh(lambda r: str(r.randint(1_000_000, 9_999_999)))
    url = f"https://ieeexplore.ieee.org/document/{doc}"
    venue = orig.venue
    if kind == "title":
        return Entry(_restyle_title(orig.title), url, venue, "", "title", orig)
    return Entry(_typo(orig.title, rng), url, venue, "", "typo", orig)


def generate(n: int, seed: int = 1, titles: str = "synthetic") -> Generated:
    """A list of ``n`` entries, 1 % of them injected duplicates of an earlier entry."""
    rng = random.Random(seed)
    ids = _Ids(rng)
    make_title = Titles(titles, rng)
    years = list(range(2025, 2006, -1))
    n_dups = n // 100
    per_year = [len(range(i, n - n_dups, len(years))) for i in range(len(years))]
    # 30 % same id, 30 % same page, 30 % same title restyled, 10 % title with a typo.
    kinds = ["id", "url", "title", "id", "url", "title", "id", "url", "title", "typo"]
    year_entries: list[list[list[Entry]]] = []
    for year, count in zip(years, per_year, strict=True):
        topics: list[list[Entry]] = [[] for _ in TOPICS]
        for i in range(count):
            topics[i * len(TOPICS) // max(count, 1)].append(
                _original(rng, ids, year, make_title))
        year_entries.append(topics)
    # Each duplicate goes after its original, in the same year (any topic of it).
    for d in range(n_dups):
        y = rng.randrange(len(years))
        t = rng.randrange(len(TOPICS))
        while not year_entries[y][t]:
            y, t = rng.randrange(len(years)), rng.randrange(len(TOPICS))
        pool = [e for e in year_entries[y][t] if e.injected == ""]
        orig = rng.choice(pool)
        dup = _duplicate(rng, ids, orig, kinds[d % len(kinds)], years[y], make_title)
        topic_after = rng.randrange(t, len(TOPICS))
        bucket = year_entries[y][topic_after]
        start = bucket.index(orig) + 1 if topic_after == t else 0
        bucket.insert(rng.randint(start, len(bucket)), dup)
    lines = ["# Self-Supervised Learning in Medical Imaging",
             "> A generated list in the style of the user's list, for benchmarking.", ""]
    line_of: dict[int, int] = {}
    out = Generated("")
    for year, topics in zip(years, year_entries, strict=True):
        lines += [f"## {year}"]
        for name, entries in zip(TOPICS, topics, strict=True):
            if not entries:
                continue
            lines += [f"*{name}*"]
            for e in entries:
                lines.append(e.line())
                line_of[id(e)] = len(lines)
                out.entries += 1
                if e.of is not None:
                    out.injected[len(lines)] = (e.injected, line_of[id(e.of)])
            lines.append("")
    lines += ["----", "> Resources on self-supervised learning in general.", "",
              "## Reviews papers",
              "- [ ] [A Survey on Contrastive Self-supervised Learning]"
              "(https://arxiv.org/abs/2011.00362). 2020.", ""]
    out.text = "\n".join(lines)
    out.entries += 1
    return out


# --- measuring --------------------------------------------------------------------------------
_TIME = "/usr/bin/time"


def _run(cmd: list[str]) -> tuple[float, float, str]:
    """Wall seconds, peak RSS in MiB and stdout of one run of ``cmd``."""
    if os.path.exists(_TIME):
        start = time.perf_counter()
        proc = subprocess.run([_TIME, "-v", *cmd], capture_output=True, text=True, check=False)
        wall = time.perf_counter() - start
        m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr)
        rss = int(m.group(1)) / 1024 if m else float("nan")
        return wall, rss, proc.stdout
    # Without GNU time: one wrapper process per measurement, reporting its only child.
    wrapper = ("import resource,subprocess,sys,time;t=time.perf_counter();"
               "p=subprocess.run(sys.argv[1:],capture_output=True,text=True);"
               "w=time.perf_counter()-t;"
               "sys.stderr.write(f'{w} {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}');"
               "sys.stdout.write(p.stdout)")
    proc = subprocess.run([sys.executable, "-c", wrapper, *cmd], capture_output=True, text=True,
                          check=False)
    wall_s, rss_kb = proc.stderr.split()[-2:]
    return float(wall_s), int(rss_kb) / 1024, proc.stdout


def _paperlist() -> str:
    """The installed console script itself, not a version manager's shim in front of it."""
    script = Path(sys.executable).parent / "paperlist"
    return str(script) if script.exists() else "paperlist"


def _median_run(cmd: list[str], repeat: int) -> tuple[float, float, str]:
    runs = [_run(cmd) for _ in range(repeat)]
    return (statistics.median(r[0] for r in runs), max(r[1] for r in runs), runs[-1][2])


BARE_PARSE = ("import sys; from markdown_it import MarkdownIt; "
              "MarkdownIt('commonmark').parse(open(sys.argv[1], encoding='utf-8').read())")


def _in_process(text: str, config_path: Path, repeat: int) -> dict[str, float]:
    from markdown_it import MarkdownIt

    from lint_rules.config import load_config
    from lint_rules.engine import REGISTRY, check_document, make_context
    from lint_rules.parse import parse

    def best(fn: callable) -> float:  # type: ignore[valid-type]
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
        return min(times)

    config = load_config(config_path)
    md = MarkdownIt("commonmark")
    out = {"markdown-it parse": best(lambda: md.parse(text)),
           "paperlist parse": best(lambda: parse(text, config))}
    doc = parse(text, config)
    ctx = make_context(config)
    for family in ("PL1", "PL2", "PL3", "PL4"):
        rules = REGISTRY.select([family])
        out[f"rules {family}xx"] = best(lambda rules=rules: check_document(doc, rules, ctx))
    return out


def bench(
    n: int, workdir: Path, repeat: int, seed: int, pin: bool, titles: str = "synthetic"
) -> dict[str, object]:
    gen = generate(n, seed, titles)
    path = workdir / f"list-{titles}-{n}.md"
    path.write_text(gen.text, encoding="utf-8")
    config = workdir / f"paperlist-{titles}-{n}.yml"
    config.write_text(CONFIG.format(list=path.name, topics=", ".join(f'"{t}"' for t in TOPICS),
                                    style="style: checkbox\n" if pin else ""))
    check_cmd = [_paperlist(), "check", str(path), "--config", str(config),
                 "--output-format", "json"]
    check_wall, check_rss, stdout = _median_run(check_cmd, repeat)
    parse_wall, parse_rss, _ = _median_run([sys.executable, "-c", BARE_PARSE, str(path)], repeat)
    start_wall, _, _ = _median_run([sys.executable, "-c", "pass"], repeat)
    findings = json.loads(stdout)["findings"]
    dup_findings = [f for f in findings if f["rule"] in ("PL301", "PL302", "PL303")]
    by_line = {f["line"]: f for f in dup_findings}
    found = {line for line in gen.injected if line in by_line}
    per_kind: dict[str, list[int]] = {}
    for line, (kind, _of) in gen.injected.items():
        per_kind.setdefault(kind, [0, 0])[1] += 1
        per_kind[kind][0] += line in found
    return {
        "titles": titles, "entries": gen.entries, "lines": gen.text.count("\n") + 1,
        "bytes": len(gen.text),
        "injected": len(gen.injected), "found": len(found), "per_kind": per_kind,
        "false_positives": sorted(set(by_line) - set(gen.injected)),
        "other_findings": len(findings) - len(dup_findings),
        "check_wall": check_wall, "check_rss": check_rss,
        "parse_wall": parse_wall, "parse_rss": parse_rss, "python_start": start_wall,
        "in_process": _in_process(gen.text, config, repeat),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--titles", default="real,small",
                    help="title vocabularies, comma-separated: real, small, synthetic")
    ap.add_argument("--sizes", default="1000,10000,50000")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", type=Path, help="write the lists here and keep them")
    ap.add_argument("--pin-style", action="store_true",
                    help="pin `style: checkbox` in the config instead of detecting the style "
                         "per section (detection is what a list without `style:` gets)")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    kinds = [k for k in args.titles.split(",") if k]
    with tempfile.TemporaryDirectory() as tmp:
        workdir = args.keep or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        results = [bench(n, workdir, args.repeat, args.seed, args.pin_style, kind)
                   for kind in kinds for n in sizes]
    ok = True
    print(f"paperlist check vs a bare markdown-it-py parse, same file, same run "
          f"(median of {args.repeat}; peak RSS is the max)\n")
    print(f"{'titles':>9} {'entries':>8} {'dups found':>11} {'check s':>8} {'check MiB':>10} "
          f"{'parse s':>8} {'parse MiB':>10} {'ratio':>6} {'ratio-startup':>14}")
    for r in results:
        ratio = r["check_wall"] / r["parse_wall"]
        net = (r["check_wall"] - r["python_start"]) / max(r["parse_wall"] - r["python_start"],
                                                            1e-9)
        print(f"{r['titles']:>9} {r['entries']:>8} {r['found']:>5}/{r['injected']:<5} "
              f"{r['check_wall']:>8.2f} {r['check_rss']:>10.1f} {r['parse_wall']:>8.2f} "
              f"{r['parse_rss']:>10.1f} {ratio:>6.2f} {net:>14.2f}")
        ok &= r["found"] == r["injected"] and not r["false_positives"]
    startup = statistics.median(r["python_start"] for r in results)
    print(f"\n(`python -c pass` takes {startup:.2f} s here; ratio-startup subtracts it from both "
          "sides)")
    for r in results:
        per_kind = ", ".join(f"{k} {v[0]}/{v[1]}" for k, v in sorted(r["per_kind"].items()))
        inproc = ", ".join(f"{k} {v:.3f}s" for k, v in r["in_process"].items())
        print(f"\n{r['titles']} titles, {r['entries']} entries ({r['lines']} lines, "
              f"{r['bytes'] / 1e6:.1f} MB): duplicates by kind: {per_kind}; false positives: "
              f"{r['false_positives'] or 'none'}; other findings: {r['other_findings']}\n"
              f"  in process: {inproc}")
    for kind in kinds:
        runs = sorted((r for r in results if r["titles"] == kind), key=lambda r: r["entries"])
        if len(runs) > 1:
            times = " -> ".join(f"{r['check_wall']:.2f}s" for r in runs)
            per_k = " -> ".join(
                f"{(r['check_wall'] - r['python_start']) * 1000 / r['entries']:.2f}"
                for r in runs)
            print(f"\n{kind} titles, check wall time for "
                  f"{', '.join(str(r['entries']) for r in runs)} entries: {times}"
                  f"\n  ms per entry after startup: {per_k}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
