#!/usr/bin/env bash
# concordance as a user runs it on the sample TM: plain TSV without escape codes when piped, ANSI
# highlighting on a terminal (script(1)) or with --color always, --json byte spans that cut out
# the phrase, --side/--limit/--src-lang, query syntax taken literally, one-line errors.
# Usage: concordance_test.sh TMALIGN PROJECT_ROOT
TMALIGN=$1 ROOT=$2
source "$(dirname "$0")/testlib.sh"
S=$ROOT/samples/embassy
DB=$WORK/tm.db
"$TMALIGN" import --db "$DB" --src-lang ru --tgt-lang en --no-dictionary "$S/ru.txt" "$S/en.txt" \
  > /dev/null || { echo "FAIL: cannot import the sample"; exit 1; }
conc() { "$TMALIGN" concordance --db "$DB" "$@"; }
ESC=$(printf '\033')

# Plain output: TSV rows, no escape codes when stdout is not a terminal, nothing on stderr.
conc "посольство россии" > "$WORK/out" 2> "$WORK/err"
check "a phrase finds the sample's units, one TSV row each" \
  test "$(wc -l < "$WORK/out")" -ge 2 -a "$(awk -F'\t' 'NF != 2' "$WORK/out" | wc -l)" -eq 0
check "piped output has no escape codes" bash -c "! grep -q '$ESC' '$WORK/out'"
check "and nothing on stderr" test ! -s "$WORK/err"
check "every row holds the phrase in any case" \
  bash -c "awk -F'\t' '{print \$1}' '$WORK/out' | grep -ivq 'посольств. россии' && exit 1 || exit 0"

# Highlighting: --color always, and auto on a terminal.
check "--color always marks the hit in bold reverse video" \
  bash -c "\"\$0\" concordance --db '$DB' --color always allegations | grep -q '${ESC}\[1;7mallegations${ESC}\[0m'" "$TMALIGN"
if command -v script > /dev/null; then
  script -qec "'$TMALIGN' concordance --db '$DB' --limit 1 США" /dev/null > "$WORK/tty" 2>&1
  check "--color auto highlights on a terminal" grep -q "${ESC}\[1;7mСША${ESC}\[0m" "$WORK/tty"
fi
check "--color never on a terminal-less run is plain" \
  bash -c "! \"\$0\" concordance --db '$DB' --color never allegations | grep -q '$ESC'" "$TMALIGN"

# --json: byte spans cut out the phrase; --side and --limit.
conc --json "ПОСОЛЬСТВО России" > "$WORK/json"
check "--json spans cut out the phrase (case folded)" python3 - "$WORK/json" <<'PY'
import json, sys
hits = json.load(open(sys.argv[1]))
assert len(hits) >= 2, hits
for h in hits:
    src = h["source"].encode()
    assert h["source_hits"], h
    for b, e in h["source_hits"]:
        assert src[b:e].decode().lower() == "посольство россии", src[b:e].decode()
    assert h["target_hits"] == []
PY
check "--limit 1 prints one row" test "$(conc --limit 1 России | wc -l)" -eq 1
check "--side target finds the English word" test "$(conc --side target embassy | wc -l)" -ge 1
conc --side source embassy > "$WORK/out" 2> "$WORK/err"
check "--side source does not look in the targets (empty, a note, exit 0)" \
  test ! -s "$WORK/out" -a "$(wc -l < "$WORK/err")" -eq 1
check "--json with no hit prints []" test "$(conc --json --src-lang de России)" = "[]"

# The phrase is literal: FTS5 syntax in it is neither an error nor an operator.
for odd in '"embassy' 'AND' 'embassy*' 'cyber-attacks' 'NEAR(cyber attacks)' 'embassy OR' '"US" allegations' \
  'target: embassy' '{source}' "it's"; do
  conc "$odd" > /dev/null 2> "$WORK/err"
  rc=$?
  if [ $rc -eq 0 ] && ! grep -qi 'syntax\|fts5\|sql' "$WORK/err"; then pass "literal phrase: $odd"
  else fail "literal phrase: $odd (exit $rc: $(cat "$WORK/err"))"; fi
done
check "a hyphenated phrase matches the words" test "$(conc 'cyber-attacks' | wc -l)" -ge 1
check "quotes in the phrase match the words" test "$(conc '"US" allegations' | wc -l)" -eq 1

expect_error "a phrase without words" 2 "no word" conc '*** -- !'
expect_error "an empty phrase" 2 "no word" conc ''
expect_error "--limit 0" 2 "limit" conc --limit 0 России
expect_error "--side sideways" 2 "side" conc --side sideways России
expect_error "a missing TM" 1 "no such translation memory" \
  "$TMALIGN" concordance --db "$WORK/absent.db" России
finish
