#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite with ctest; then builds the unit
# tests once more under AddressSanitizer + UndefinedBehaviorSanitizer and runs them.
# Exits non-zero on any failure.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$TMALIGN_ROOT"

ensure_packages "${TMALIGN_BUILD_PACKAGES[@]}" "${TMALIGN_TEST_PACKAGES[@]}"
jobs=$(nproc)

echo "== build (Release, with tests)"
build build/test -DCMAKE_BUILD_TYPE=Release -DTMALIGN_BUILD_TESTS=ON
echo "== ctest (all tests)"
ctest --test-dir build/test --output-on-failure -j "$jobs"

echo "== build (Debug, AddressSanitizer + UndefinedBehaviorSanitizer)"
build build/asan -DCMAKE_BUILD_TYPE=Debug -DTMALIGN_BUILD_TESTS=ON -DTMALIGN_SANITIZE=ON
echo "== ctest under sanitizers (unit and CLI tests)"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build/asan --output-on-failure -j "$jobs" -L 'unit|cli'
