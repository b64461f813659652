"""Start-up cost of `paperlist check` on a small list, side by side with the parse floor.

The floor is what any markdown linter in Python pays at least: start the interpreter, import
markdown-it-py and parse the same file (with the options paperlist's parser uses). Both are whole
processes run from the same interpreter, interleaved, in the same run; the figure is the median
of ``--repeat`` runs (default 7) after one warm-up each, so the file cache is warm for both.

    python benchmarks/bench_startup.py
    python benchmarks/bench_startup.py --repeat 15 path/to/README.md
    python benchmarks/bench_startup.py --imports     # also: what `check` imports that it need not

The target of issue 13 is a ratio of at most 2.0. ``--imports`` lists the heavy modules a plain
`check` has loaded, from ``python -X importtime``, to show where the remaining time goes.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
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


def wall(argv: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          check=False, timeout=60)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"{argv} failed ({done.returncode}): {done.stderr.decode()[-500:]}")
    return elapsed


def heavy_imports(argv: list[str], cwd: Path, top: int = 15) -> list[tuple[int, str]]:
    """Cumulative import time (µs) of the top-level packages ``argv`` loads."""
    env = {**os.environ, "PYTHONPROFILEIMPORTTIME": "1"}
    done = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, check=False,
                          timeout=60)
    totals: dict[str, int] = {}
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        _, cumulative, name = (part.strip() for part in line[len("import time:"):].split("|"))
        if cumulative.isdigit() and not name.startswith(" "):
            # Only top-level entries (no indentation): their cumulative time includes children.
            totals[name] = totals.get(name, 0) + int(cumulative)
    return sorted(((us, name) for name, us in totals.items()), reverse=True)[:top]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("list", nargs="?", type=Path, default=DEFAULT_LIST)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--imports", action="store_true", help="show the heaviest imports")
    args = parser.parse_args()
    path = args.list.resolve()
    cwd = path.parent  # so that `check` finds the list's .paperlist.yml, as a user's run would
    floor_argv = [sys.executable, "-c", FLOOR, str(path)]
    check_argv = [*paperlist_command(), "check", str(path)]
    wall(floor_argv, cwd), wall(check_argv, cwd)  # warm-up: file cache, .pyc files
    floor_times, check_times = [], []
    for _ in range(args.repeat):
        floor_times.append(wall(floor_argv, cwd))
        check_times.append(wall(check_argv, cwd))
    floor, check = statistics.median(floor_times), statistics.median(check_times)
    lines = sum(1 for _ in path.open(encoding="utf-8"))
    print(f"list: {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path} "
          f"({lines} lines); Python {sys.version.split()[0]}; median of {args.repeat}, "
          f"whole processes, interleaved")
    print(f"  floor (python + import markdown_it + parse): {floor * 1000:7.1f} ms  "
          f"(min {min(floor_times) * 1000:.1f}, max {max(floor_times) * 1000:.1f})")
    print(f"  paperlist check:                             {check * 1000:7.1f} ms  "
          f"(min {min(check_times) * 1000:.1f}, max {max(check_times) * 1000:.1f})")
    print(f"  ratio: {check / floor:.2f}x (target <= 2.00x)")
    if args.imports:
        print("heaviest top-level imports of `check` (cumulative, -X importtime):")
        for us, name in heavy_imports(check_argv, cwd):
            print(f"  {us / 1000:7.1f} ms  {name}")


if __name__ == "__main__":
    main()
