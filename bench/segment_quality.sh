#!/usr/bin/env bash
# Scores `tmalign segment` on every shared segmentation suite with the shared scorer and prints,
# per suite, the cases passed and the boundary F1 (docs/benchmarks.md keeps the figures).
#
#   bench/segment_quality.sh [TMALIGN_BINARY] [SHARED_DIR]
#
# Defaults: build/bench/src/cli/tmalign and ../shared, both beside this project's root.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tmalign=${1:-$root/build/bench/src/cli/tmalign}
shared=${2:-$root/../shared}

[ -x "$tmalign" ] || { echo "segment_quality: no tmalign binary at $tmalign" >&2; exit 1; }
[ -f "$shared/tools/score_seg.py" ] || {
  echo "segment_quality: shared data not found at $shared (pass SHARED_DIR)" >&2; exit 1; }

# suite and the language it is segmented as
suites=(en_golden_rules:en ru_pysbd:ru ru_extra:ru ru_news_wmt18:ru)

printf '%-18s %-4s %8s %8s %10s %8s\n' suite lang passed cases boundaryF1 'fp/fn'
for entry in "${suites[@]}"; do
  suite=${entry%%:*} lang=${entry##*:}
  python3 "$shared/tools/score_seg.py" "$tmalign segment --lang $lang" \
    "$shared/data/segmentation/$suite.cases" |
    python3 -c '
import json, sys
r = json.loads(sys.stdin.readline())
print("%-18s %-4s %8d %8d %10.4f %8s" % (sys.argv[1], sys.argv[2], r["passed"], r["cases"], r["f1"],
                                       "%d/%d" % (r["fp"], r["fn"])))' "$suite" "$lang"
done
