#!/usr/bin/env bash
# analyze: the sample TM analysed against its own text, a changed document with a repetition, JSON,
# and bad input (one-line errors, exit 1 for input, 2 for the command line).
# Usage: analyze_test.sh TMALIGN PROJECT_ROOT
TMALIGN=$1 ROOT=$2
source "$(dirname "$0")/testlib.sh"
S=$ROOT/samples/embassy
DB=$WORK/tm.db
"$TMALIGN" import --db "$DB" --src-lang ru --tgt-lang en "$S/ru.txt" "$S/en.txt" > /dev/null ||
  { echo "FAIL: cannot set up the TM"; exit 1; }

# row NAME: "segments words" of the table row NAME in $WORK/table.
row() { awk -v name="$1" '{ label = $1; if ($1 == "no") label = "no match"; if (label == name) print (label == "no match" ? $3 " " $4 : $2 " " $3) }' "$WORK/table"; }

# The sample against the TM made from it: the 13 sentences of ru.txt, 259 words. The aligner pairs
# 9 of them alone (100 %, and 101 % since their neighbours are those stored); the other 4 stand two by two in 2:1 units, whose source holds both
# sentences, so each half alone is a weaker match (50-74 %) or none.
"$TMALIGN" analyze --db "$DB" --lang ru "$S/ru.txt" > "$WORK/table"
check "analyze of the sample exits 0" test $? -eq 0
check "the sample: 13 segments, 259 words" test "$(row total)" = "13 259"
check "the sample: the 9 stored alone are context (101 %) matches: same neighbours" \
  test "$(row 101%)" = "9 213"
check "the sample: so none is only a 100 % match" test "$(row 100%)" = "0 0"
check "the sample: no repetitions" test "$(row repetitions)" = "0 0"
check "the sample: bands add up to the total" \
  test "$(awk 'NR > 2 && $1 != "total" { s += ($1 == "no" ? $3 : $2) } END { print s }' "$WORK/table")" = 13
check "the sample: percentages of words" grep -q '^101% *9 *213 *82.2%$' "$WORK/table"
"$TMALIGN" analyze --db "$DB" --lang ru --tgt-lang de "$S/ru.txt" > "$WORK/table"
check "--tgt-lang de: the TM has no ru -> de unit" test "$(row "no match")" = "13 259"

# One word changed in the headline (1 of 8 words: 87 %), and a sentence that comes twice.
printf '%s\n\n%s\n\n%s\n' \
  'Посольство России ответило на обвинения Китая в кибератаках' \
  '«К сожалению, коллеги на предметные дискуссии не идут», — констатировали в дипмиссии.' \
  '«К сожалению,   коллеги на предметные дискуссии не идут», — констатировали в дипмиссии.' \
  > "$WORK/new.txt"
"$TMALIGN" analyze --db "$DB" --lang ru --tgt-lang en "$WORK/new.txt" > "$WORK/table"
check "changed document: the changed headline is an 85-94 % match" test "$(row 85-94%)" = "1 8"
check "changed document: the first occurrence is a 100 % match" test "$(row 100%)" = "1 11"
check "changed document: the second occurrence is a repetition" test "$(row repetitions)" = "1 11"
check "changed document: total" test "$(row total)" = "3 30"
"$TMALIGN" analyze --db "$DB" --lang ru --json "$WORK/new.txt" > "$WORK/json"
check "--json: one line" test "$(wc -l < "$WORK/json")" -eq 1
check "--json: repetitions" grep -q '"repetitions":{"segments":1,"words":11}' "$WORK/json"
check "--json: the 85-94 % band" grep -q '{"band":"85-94%","min_score":85,"segments":1,"words":8}' "$WORK/json"
check "--json: the repeated segment names its first occurrence" grep -q '"repetition_of":1,"score":100' "$WORK/json"

# Bad input: one line naming what is wrong; the TM is not created or changed.
printf 'Первая строка.\nВторая \xff строка.\n' > "$WORK/invalid.txt"
printf '\n  \n' > "$WORK/blank.txt"
expect_error "a TM that does not exist" 1 "nope.db" "$TMALIGN" analyze --db "$WORK/nope.db" --lang ru "$S/ru.txt"
check "a failed analyze does not create the TM" test ! -e "$WORK/nope.db"
expect_error "a text file given as the TM" 1 "ru.txt" "$TMALIGN" analyze --db "$S/ru.txt" --lang ru "$S/ru.txt"
expect_error "invalid UTF-8 names file, line and column" 1 "invalid.txt:2:" "$TMALIGN" analyze --db "$DB" --lang ru "$WORK/invalid.txt"
expect_error "a blank document" 1 "blank.txt" "$TMALIGN" analyze --db "$DB" --lang ru "$WORK/blank.txt"
expect_error "a missing document" 1 "missing.txt" "$TMALIGN" analyze --db "$DB" --lang ru "$WORK/missing.txt"
expect_error "no --lang" 2 "lang" "$TMALIGN" analyze --db "$DB" "$S/ru.txt"
expect_error "a bad --tgt-lang" 2 "english" "$TMALIGN" analyze --db "$DB" --lang ru --tgt-lang english "$S/ru.txt"
finish
