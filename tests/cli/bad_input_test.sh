#!/usr/bin/env bash
# Bad input never crashes and never touches the TM: one-line error naming the file, non-zero exit.
# Usage: bad_input_test.sh TMALIGN PROJECT_ROOT
TMALIGN=$1 ROOT=$2
source "$(dirname "$0")/testlib.sh"
S=$ROOT/samples/embassy
DB=$WORK/tm.db
"$TMALIGN" import --db "$DB" --src-lang ru --tgt-lang en "$S/ru.txt" "$S/en.txt" > /dev/null ||
  { echo "FAIL: cannot set up the TM"; exit 1; }
tm_state() { sha256sum "$DB"* | sed "s|$WORK/||"; }
before=$(tm_state)

# Every failure below must leave the TM file as it was (expect_error runs this after each).
AFTER_ERROR_FAILURE="the TM changed"
after_error() { [ "$(tm_state)" = "$before" ]; }
import() { "$TMALIGN" import --db "$DB" --src-lang ru --tgt-lang en "$@"; }

printf 'Первая строка.\nВторая \xff строка.\n' > "$WORK/invalid.txt"
printf '' > "$WORK/empty.txt"
printf '\n  \n' > "$WORK/blank.txt"
head -c 4096 "$TMALIGN" > "$WORK/binary.txt"
printf '<?xml version="1.0"?>\n<tmx version="1.4">\n<header srclang="ru"/>\n<body>\n<tu><tuv xml:lang="ru"><seg>a</seg>\n</body>\n' > "$WORK/malformed.tmx"
printf '<?xml version="1.0"?>\n<html><body/></html>\n' > "$WORK/not-tmx.tmx"

expect_error "invalid UTF-8 names file, line and column" any "invalid.txt:2:" import "$WORK/invalid.txt" "$S/en.txt"
expect_error "invalid UTF-8 as the target" any "invalid.txt:2:" import "$S/ru.txt" "$WORK/invalid.txt"
expect_error "empty file" any "empty.txt: empty file" import "$WORK/empty.txt" "$S/en.txt"
expect_error "blank file" any "blank.txt" import "$S/ru.txt" "$WORK/blank.txt"
expect_error "missing file" any "missing.txt: cannot open" import "$WORK/missing.txt" "$S/en.txt"
expect_error "binary file" any "binary.txt:.*binary\|binary.txt:.*UTF-8" import "$WORK/binary.txt" "$S/en.txt"
expect_error "malformed TMX names file and line" any "malformed.tmx:[0-9]" "$TMALIGN" import --db "$DB" "$WORK/malformed.tmx"
expect_error "a TMX whose root is not <tmx>" any "not-tmx.tmx" "$TMALIGN" import --db "$DB" "$WORK/not-tmx.tmx"
# A TMX that breaks after 25 000 good units: two batches are stored before the error is found, and
# the import must still leave nothing (rolled back; a TM it created is removed).
python3 - "$WORK/late-error.tmx" <<'PY'
import sys
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write('<?xml version="1.0"?>\n<tmx version="1.4"><header srclang="ru"/><body>\n')
    for i in range(25000):
        f.write(f'<tu><tuv xml:lang="ru"><seg>Строка {i}.</seg></tuv><tuv xml:lang="en"><seg>Line {i}.</seg></tuv></tu>\n')
    f.write('<tu><tuv xml:lang="ru"><seg>сломано</tuv></tu>\n</body></tmx>\n')
PY
expect_error "a TMX broken after 25 000 good units names the line" any "late-error.tmx:25003:" \
  "$TMALIGN" import --db "$DB" "$WORK/late-error.tmx"
expect_error "... and into a new TM" any "late-error.tmx:25003:" \
  "$TMALIGN" import --db "$WORK/new.db" "$WORK/late-error.tmx"
check "a failed import does not leave the TM it created" test ! -e "$WORK/new.db"
check "... nor its companion files" test -z "$(ls "$WORK" | grep '^new.db')"
expect_error "one non-TMX file to import" any "got" "$TMALIGN" import --db "$DB" "$S/ru.txt"
expect_error "segment of invalid UTF-8" any "invalid.txt:2:" "$TMALIGN" segment --lang ru "$WORK/invalid.txt"
expect_error "align of an empty file" any "empty.txt" "$TMALIGN" align --src-lang ru --tgt-lang en "$WORK/empty.txt" "$S/en.txt"
expect_error "unknown command-line option" any "--frobnicate" "$TMALIGN" query --db "$DB" --frobnicate x
expect_error "query --limit 0" any "limit" "$TMALIGN" query --db "$DB" --limit 0 x
expect_error "query of a TM that does not exist" any "nope.db" "$TMALIGN" query --db "$WORK/nope.db" "x"
check "a failed query does not create the TM" test ! -e "$WORK/nope.db"
expect_error "a text file given as the TM" any "ru.txt" "$TMALIGN" stats --db "$S/ru.txt"
check "the TM still answers after all that" grep -q '^units: *11$' <("$TMALIGN" stats --db "$DB")
finish
