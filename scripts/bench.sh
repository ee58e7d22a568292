#!/usr/bin/env bash
# Installs what is missing, builds Release into build/bench and runs the benchmarks. Not a test: it
# fails only when a build or a run fails. docs/benchmarks.md explains the figures.
#
#   scripts/bench.sh [all|segment|align|tm] [ARGS...]
#
# Parts (default: all, segment, align, then tm):
#   segment  segmenter throughput and peak memory against ICU (bench/segment_bench), then
#            segmentation quality on the shared suites (bench/segment_quality.sh);
#   align    aligner quality on the shared gold sets (bench/align_bench --quality), then wall time
#            and peak memory of `tmalign align` on 100 000- and 200 000-sentence books
#            (bench/align_bench --sizes 100000,200000; ARGS with --sizes or --sentences replace
#            those sizes);
#   tm       translation memory: import rate, file size, cold and warm query latency and
#            best-match recall on a synthetic 1 000 000-unit ru-en TM (bench/tm_bench; ARGS such
#            as --units 100000 --queries 300 replace its defaults).
# ARGS go to the part's program: segment_bench, align_bench (both of its runs) or tm_bench. With
# `all` they go to every program, so only options they share make sense there (--rounds, --json,
# --shared). Examples:
#   scripts/bench.sh segment --mb 5 --rounds 3
#   scripts/bench.sh align --sizes 5000,10000 --rounds 3 --timeout 300
#   scripts/bench.sh tm --units 100000 --queries 300
#   scripts/bench.sh --json
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$TMALIGN_ROOT"

part=all
case "${1:-}" in
  all | segment | align | tm) part=$1; shift ;;
esac

ensure_packages "${TMALIGN_BUILD_PACKAGES[@]}" "${TMALIGN_DICTIONARY_PACKAGES[@]}" python3

echo "== build (Release, with benchmarks)"
build build/bench -DCMAKE_BUILD_TYPE=Release -DTMALIGN_BUILD_BENCH=ON -DTMALIGN_BUILD_TESTS=OFF

commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
git diff --quiet HEAD 2>/dev/null || commit+=" + uncommitted changes"
echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs);" \
  "commit $commit; $(date -u +%F)"

if [ "$part" = all ] || [ "$part" = segment ]; then
  echo "== segmentation: throughput and peak memory (bench/segment_bench)"
  build/bench/bench/segment_bench "$@"
  echo "== segmentation: quality on the shared suites (bench/segment_quality.sh)"
  bench/segment_quality.sh build/bench/src/cli/tmalign
fi

if [ "$part" = all ] || [ "$part" = align ]; then
  echo "== alignment: quality on the shared gold sets (bench/align_bench --quality)"
  build/bench/bench/align_bench --quality "$@"
  sizes=(--sizes 100000,200000)
  for arg in "$@"; do
    case "$arg" in --sizes* | --sentences*) sizes=() ;; esac
  done
  echo "== alignment: wall time and peak memory on a long book (bench/align_bench)"
  build/bench/bench/align_bench "${sizes[@]}" "$@"
fi

if [ "$part" = all ] || [ "$part" = tm ]; then
  echo "== translation memory: import, size, cold and warm queries, recall (bench/tm_bench)"
  build/bench/bench/tm_bench "$@"
fi
