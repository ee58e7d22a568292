#!/usr/bin/env bash
# Installs what is missing, builds Release into build/bench and runs the benchmarks: segmenter
# throughput and peak memory against ICU (bench/segment_bench), then segmentation quality on the
# shared suites (bench/segment_quality.sh). Not a test: it fails only when a build or a run fails.
# Arguments go to segment_bench, e.g. `scripts/bench.sh --mb 5 --rounds 3` or `--json`.
# docs/benchmarks.md explains the figures.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$TMALIGN_ROOT"

ensure_packages "${TMALIGN_BUILD_PACKAGES[@]}" python3

echo "== build (Release, with benchmarks)"
build build/bench -DCMAKE_BUILD_TYPE=Release -DTMALIGN_BUILD_BENCH=ON -DTMALIGN_BUILD_TESTS=OFF

commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
git diff --quiet HEAD 2>/dev/null || commit+=" + uncommitted changes"
echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs);" \
  "commit $commit; $(date -u +%F)"
echo "== throughput and peak memory (bench/segment_bench)"
build/bench/bench/segment_bench "$@"
echo "== quality on the shared suites (bench/segment_quality.sh)"
bench/segment_quality.sh build/bench/src/cli/tmalign
