# Helpers for the CLI test scripts (sourced). Each script gets the binary and the project root.
set -u
FAILURES=0
WORK=$(mktemp -d "${TMPDIR:-/tmp}/tmalign-cli-test.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

pass() { echo "ok:   $*"; }
fail() { echo "FAIL: $*"; FAILURES=$((FAILURES + 1)); }
check() {  # check DESCRIPTION COMMAND...: the command must succeed
  local what=$1; shift
  if "$@"; then pass "$what"; else fail "$what"; fi
}
finish() {
  if [ "$FAILURES" -eq 0 ]; then echo "all checks passed"; exit 0; fi
  echo "$FAILURES check(s) failed"; exit 1
}
