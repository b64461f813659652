"""Run every hostile input of `attacks.py` through `paperlist check --output-format json`.

Each attack is written to a file in a fresh directory and checked as a whole process, under
`/usr/bin/time -v` (GNU time; without it peak RSS reads nan): wall time, peak RSS, output size
and exit code, against issue 12's targets (≤ 3 s, ≤ 500 MB, ≤ 20 MB of output, exit 0 or 1; exit
2 where the input is refused, as binary text is). A run past `--timeout` is killed and reported
as such.

    python benchmarks/hostile/run.py                    # every attack at full size
    python benchmarks/hostile/run.py --only venue-spaces,open-brackets --scale 2
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from attacks import ATTACKS, EXPECTED_EXIT

_TIME = "/usr/bin/time"
MAX_SECONDS = 3.0
MAX_MB = 500.0
MAX_OUTPUT_MB = 20.0


def _paperlist() -> str:
    script = Path(sys.executable).parent / "paperlist"
    return str(script) if script.exists() else "paperlist"


def measure(cmd: list[str], timeout: float) -> tuple[float, float, int, int | None]:
    """Wall seconds, peak RSS in MB (nan without GNU time or when killed), bytes on stdout,
    exit code (None when killed)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        wrapped = [_TIME, "-v", *cmd] if os.path.exists(_TIME) else cmd
        start = time.perf_counter()
        # A session of its own, so a run past the timeout is killed with /usr/bin/time's child.
        proc = subprocess.Popen(wrapped, stdout=out, stderr=err, start_new_session=True)
        try:
            code: int | None = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            code = None
        wall = time.perf_counter() - start
        size = out.seek(0, os.SEEK_END)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", stderr)
    rss = int(m.group(1)) / 1024 if m else float("nan")
    return wall, rss, size, code


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--only", default="", help="comma-separated attack names")
    ap.add_argument("--scale", type=float, default=1.0, help="size factor (1 = the issue's)")
    ap.add_argument("--timeout", type=float, default=60.0)
    args = ap.parse_args(argv)
    names = [n for n in args.only.split(",") if n] or list(ATTACKS)
    failed = 0
    print(f"{'attack':<26} {'input KB':>9} {'wall s':>7} {'peak MB':>8} {'out KB':>8} "
          f"{'exit':>4}  verdict")
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            text = ATTACKS[name](args.scale)
            path = Path(tmp) / f"{name}.md"
            path.write_text(text, encoding="utf-8")
            wall, rss, size, code = measure(
                [_paperlist(), "check", str(path), "--output-format", "json"], args.timeout)
            ok = (code in ((EXPECTED_EXIT[name],) if name in EXPECTED_EXIT else (0, 1))
                  and wall <= MAX_SECONDS and rss <= MAX_MB
                  and size <= MAX_OUTPUT_MB * 1e6)
            failed += not ok
            print(f"{name:<26} {len(text.encode()) / 1e3:>9.1f} {wall:>7.2f} {rss:>8.1f} "
                  f"{size / 1e3:>8.1f} {'kill' if code is None else code:>4}  "
                  f"{'ok' if ok else 'FAIL'}", flush=True)
    print(f"\ntargets: ≤ {MAX_SECONDS:g} s, ≤ {MAX_MB:g} MB peak RSS, ≤ {MAX_OUTPUT_MB:g} MB "
          f"output, exit 0/1 (2 where the input is refused); "
          f"{len(names) - failed}/{len(names)} hold")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
