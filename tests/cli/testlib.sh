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
# expect_error DESCRIPTION EXIT PATTERN COMMAND...: the command fails with exit code EXIT ("any":
# any failure that is not a crash), writes exactly one stderr line matching PATTERN, and then the
# script's own after_error check passes, where the script defines one. Standard input is
# $ERROR_STDIN (default /dev/null).
expect_error() {
  local what=$1 code=$2 pattern=$3; shift 3
  "$@" < "${ERROR_STDIN:-/dev/null}" > "$WORK/out" 2> "$WORK/err"
  local rc=$?
  if [ $rc -eq 0 ]; then fail "$what: exit 0"; return; fi
  if [ $rc -ge 128 ]; then fail "$what: crashed (exit $rc)"; return; fi
  if [ "$code" != any ] && [ $rc -ne "$code" ]; then
    fail "$what: exit $rc, expected $code: $(cat "$WORK/err")"; return
  fi
  if [ "$(wc -l < "$WORK/err")" -ne 1 ]; then fail "$what: stderr is not one line:"; cat "$WORK/err"; return; fi
  if ! grep -q -- "$pattern" "$WORK/err"; then fail "$what: stderr lacks '$pattern': $(cat "$WORK/err")"; return; fi
  if declare -F after_error > /dev/null && ! after_error; then fail "$what: $AFTER_ERROR_FAILURE"; return; fi
  pass "$what (exit $rc: $(cat "$WORK/err"))"
}

finish() {
  if [ "$FAILURES" -eq 0 ]; then echo "all checks passed"; exit 0; fi
  echo "$FAILURES check(s) failed"; exit 1
}
