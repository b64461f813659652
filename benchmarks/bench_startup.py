"""Start-up cost of `paperlist check` on a small list, side by side with the parse floor.

The floor is what any markdown linter in Python pays at least: start the interpreter, import
markdown-it-py and parse the same file (with the options paperlist's parser uses). Both are whole
processes run from the same interpreter, interleaved, in the same run; the figure is the median
of ``--repeat`` runs (default 7) after one warm-up each, so the file cache is warm for both.

    python benchmarks/bench_startup.py         # the user's list: no config, then with one
    python benchmarks/bench_startup.py --repeat 15 path/to/README.md
    python benchmarks/bench_startup.py --imports     # also: what `check` imports that it need not
    python benchmarks/bench_startup.py --costs       # also: regex compiles, dataclass creation

Child processes run without ``PYTHONDONTWRITEBYTECODE``: pip compiles an installed package's
bytecode at install time, so a user's runs load ``.pyc`` files; without them every run would
recompile every paperlist module and measure the compiler. The target of issue 13 is a ratio of
at most 2.0 on the user's list, which they keep without a config (a plain `check` then never
imports YAML); the bundled example's `.paperlist.yml` is timed too, for what a config adds.
``--imports`` lists the heavy modules a plain `check` has loaded, from ``python -X
importtime``, to show where the remaining time goes.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_LIST = ROOT / "examples" / "self-supervised-medical-imaging" / "README.md"
FLOOR = (
    "import sys\n"
    "from markdown_it import MarkdownIt\n"
    "text = open(sys.argv[1], encoding='utf-8').read()\n"
    "MarkdownIt('commonmark', {'html': True}).enable('table').parse(text)\n"
)


def paperlist_command() -> list[str]:
    """The console script next to this interpreter, as a user runs it; else ``-m bot.cli``."""
    script = Path(sys.executable).parent / "paperlist"
    if script.is_file():
        return [str(script)]
    found = shutil.which("paperlist")
    return [found] if found else [sys.executable, "-m", "bot.cli"]


ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def run_once(argv: list[str], cwd: Path) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one whole process. CPU time is the steadier
    figure on a busy machine; wall time is what a user waits."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{argv} failed ({proc.returncode}): {err.decode()[-500:]}")
    return elapsed, usage.ru_utime + usage.ru_stime


def heavy_imports(argv: list[str], cwd: Path, top: int = 15) -> list[tuple[int, str]]:
    """Self import time (µs) of what ``argv`` loads, summed per package (``lint_rules``'s per
    module), from ``-X importtime``."""
    env = {**ENV, "PYTHONPROFILEIMPORTTIME": "1"}
    done = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, check=False,
                          timeout=60)
    totals: dict[str, int] = {}
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        own, _, name = line[len("import time:"):].split("|")
        if not own.strip().isdigit():
            continue  # the header line
        parts = name.strip().split(".")
        group = ".".join(parts[:2]) if parts[0] in ("lint_rules", "bot") else parts[0]
        totals[group] = totals.get(group, 0) + int(own)
    return sorted(((us, name) for name, us in totals.items()), reverse=True)[:top]


# Run in a child: times every regex compilation and dataclass creation a `check` does after
# markdown-it-py is imported (the floor pays for those before), by the module that asked.
COSTS = """
import collections, dataclasses, json, re, sys, time
clock = time.process_time
spent = {"regex": collections.Counter(), "dataclass": collections.Counter()}
def asker(frame):
    while frame:
        name = frame.f_globals.get("__name__", "?")
        if not name.startswith(("re", "dataclasses", "sre_", "enum", "functools",
                                "lint_rules.lazy_regex")):
            return name
        frame = frame.f_back
    return "?"
def timed(kind, original):
    depth = [0]
    def wrapper(*args, **kwargs):
        if depth[0]:
            return original(*args, **kwargs)
        depth[0] += 1
        start = clock()
        try:
            return original(*args, **kwargs)
        finally:
            depth[0] -= 1
            spent[kind][asker(sys._getframe(1))] += clock() - start
    return wrapper
import markdown_it
re._compile = timed("regex", re._compile)
dataclasses._process_class = timed("dataclass", dataclasses._process_class)
from bot.cli import main
sys.stdout = open(__import__("os").devnull, "w")
main(["check", sys.argv[1]])
print(json.dumps({k: dict(v) for k, v in spent.items()}), file=sys.stderr)
"""


def costs(path: Path, cwd: Path, top: int = 10) -> dict[str, list[tuple[float, str]]]:
    """CPU ms spent compiling regexes and creating dataclasses, per module, top ``top``."""
    import json

    done = subprocess.run([sys.executable, "-c", COSTS, str(path)], cwd=cwd, env=ENV,
                          capture_output=True, text=True, check=False, timeout=60)
    data = json.loads(done.stderr.strip().splitlines()[-1])
    return {kind: sorted(((ms * 1000, name) for name, ms in per.items()), reverse=True)[:top]
            for kind, per in data.items()}


def measure(path: Path, cwd: Path, repeat: int, label: str, target: str) -> None:
    """Time the floor and `check` on ``path`` from ``cwd``, interleaved, and print both."""
    floor_argv = [sys.executable, "-c", FLOOR, str(path)]
    check_argv = [*paperlist_command(), "check", str(path)]
    run_once(floor_argv, cwd), run_once(check_argv, cwd)  # warm-up: file cache, .pyc files
    floor_runs, check_runs = [], []
    for _ in range(repeat):
        floor_runs.append(run_once(floor_argv, cwd))
        check_runs.append(run_once(check_argv, cwd))
    lines = sum(1 for _ in path.open(encoding="utf-8"))
    print(f"{label} ({lines} lines)")
    for i, what in enumerate(("wall", "cpu")):
        floor = statistics.median(run[i] for run in floor_runs)
        check = statistics.median(run[i] for run in check_runs)
        print(f"  {what}: floor (python + import markdown_it + parse) {floor * 1000:6.1f} ms, "
              f"paperlist check {check * 1000:6.1f} ms, ratio {check / floor:.2f}x {target}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("list", nargs="?", type=Path,
                        help="a list to time (default: the user's list, without and with the "
                             "example's config)")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--imports", action="store_true", help="show the heaviest imports")
    parser.add_argument("--costs", action="store_true",
                        help="show CPU spent compiling regexes and creating dataclasses")
    args = parser.parse_args()
    print(f"Python {sys.version.split()[0]}; median of {args.repeat}, whole processes, "
          f"interleaved; load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as bare:
        if args.list is None:
            # The user keeps the list with no config: a copy in a directory of its own, where
            # no .paperlist.yml is found, is their run. The example's config adds PyYAML.
            path = Path(bare) / DEFAULT_LIST.name
            shutil.copyfile(DEFAULT_LIST, path)
            measure(path, path.parent, args.repeat, "the user's list, no config",
                    "(target <= 2.00x)")
            measure(DEFAULT_LIST, DEFAULT_LIST.parent, args.repeat,
                    f"{DEFAULT_LIST.relative_to(ROOT)}, with its .paperlist.yml",
                    "(a config needs PyYAML)")
        else:
            path = args.list.resolve()
            # From the list's directory, so that `check` finds its .paperlist.yml as a user's
            # run would.
            measure(path, path.parent, args.repeat, str(path), "(target <= 2.00x)")
        if args.imports:
            print("heaviest imports of `check` (self time per package, -X importtime, one run):")
            for us, name in heavy_imports([*paperlist_command(), "check", str(path)],
                                          path.parent):
                print(f"  {us / 1000:7.1f} ms  {name}")
        if args.costs:
            for kind, rows in costs(path, path.parent).items():
                total = sum(ms for ms, _ in rows)
                print(f"{kind} work after markdown-it-py's import (CPU, one run; top "
                      f"{len(rows)}: {total:.1f} ms):")
                for ms, name in rows:
                    print(f"  {ms:6.1f} ms  {name}")


if __name__ == "__main__":
    main()
