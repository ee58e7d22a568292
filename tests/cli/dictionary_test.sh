#!/usr/bin/env bash
# align/import --dictionary, --no-dictionary, --dictionary-dir as a user runs them: good
# dictionaries are used, an explicit one that cannot be read fails with one line naming it, and an
# installed one that cannot be read is left out with one warning line.
# Usage: dictionary_test.sh TMALIGN PROJECT_ROOT
TMALIGN=$1 ROOT=$2
source "$(dirname "$0")/testlib.sh"
S=$ROOT/samples/embassy
FIXTURE=$ROOT/tests/formats/data/mini-en-ru
align() { "$TMALIGN" align --src-lang ru --tgt-lang en "$@"; }
# align ... must exit 0, print one row a bead and nothing on stderr but what `pattern` allows.
aligns() {
  local stderr_pattern=$1; shift
  align "$@" "$S/ru.txt" "$S/en.txt" > "$WORK/out" 2> "$WORK/err" || { cat "$WORK/err"; return 1; }
  [ "$(wc -l < "$WORK/out")" -ge 11 ] || { echo "too few rows"; return 1; }
  if [ -z "$stderr_pattern" ]; then [ ! -s "$WORK/err" ]; else
    [ "$(wc -l < "$WORK/err")" -eq 1 ] && grep -q -- "$stderr_pattern" "$WORK/err"; fi
}

# Dictionaries named as installed ones: good, missing, corrupt, for another pair.
mkdir -p "$WORK/good" "$WORK/corrupt" "$WORK/bad_gzip" "$WORK/other" "$WORK/installed"
cp "$FIXTURE.index" "$WORK/good/mueller7.index"
cp "$FIXTURE.dict" "$WORK/good/mueller7.dict"
printf 'house\tA\n' > "$WORK/corrupt/freedict-eng-rus.index"
printf 'house <n>\nдом\n' > "$WORK/corrupt/freedict-eng-rus.dict"
printf 'house\tA\tR\n' > "$WORK/bad_gzip/freedict-rus-eng.index"
printf 'this is no gzip' > "$WORK/bad_gzip/freedict-rus-eng.dict.dz"
cp "$FIXTURE.index" "$WORK/other/freedict-deu-fra.index"
cp "$FIXTURE.dict" "$WORK/other/freedict-deu-fra.dict"
cp "$FIXTURE.index" "$WORK/unnamed.index"
cp "$FIXTURE.dict" "$WORK/unnamed.dict"

check "--no-dictionary aligns" aligns "" --no-dictionary
check "the default (installed dictionaries) aligns" aligns ""
check "--dictionary with a good file aligns" aligns "" --dictionary "$WORK/good/mueller7.index"
check "--dictionary twice" aligns "" --dictionary "$WORK/good/mueller7.index" \
  --dictionary "$WORK/good/mueller7.index"
check "--dictionary-dir with a good dictionary aligns" aligns "" --dictionary-dir "$WORK/good"
check "--dictionary-dir with no dictionary for the pair aligns" aligns "" --dictionary-dir "$WORK/other"
check "--dictionary-dir that does not exist aligns" aligns "" --dictionary-dir "$WORK/absent"
check "an installed dictionary that cannot be read is left out with one warning naming it" \
  aligns "warning: .*corrupt/freedict-eng-rus.index:1:1:" --dictionary-dir "$WORK/corrupt"
cp "$WORK/corrupt/"* "$WORK/installed/"
cp "$WORK/good/"* "$WORK/installed/"
check "... and the good ones beside it are used" aligns "warning: .*installed/freedict-eng-rus.index" \
  --dictionary-dir "$WORK/installed"
check "a corrupt dictzip installed is left out with one warning" \
  aligns "warning: .*bad_gzip/freedict-rus-eng.dict.dz.*not a valid gzip" --dictionary-dir "$WORK/bad_gzip"

expect_error "a missing --dictionary file" 1 "missing/mueller7.index" \
  align --dictionary "$WORK/missing/mueller7.index" "$S/ru.txt" "$S/en.txt"
expect_error "a corrupt --dictionary index names file, line and column" 1 \
  "corrupt/freedict-eng-rus.index:1:1: expected HEADWORD" \
  align --dictionary "$WORK/corrupt/freedict-eng-rus.index" "$S/ru.txt" "$S/en.txt"
expect_error "a --dictionary whose data is no gzip" 1 "freedict-rus-eng.dict.dz is not a valid gzip" \
  align --dictionary "$WORK/bad_gzip/freedict-rus-eng.index" "$S/ru.txt" "$S/en.txt"
expect_error "a --dictionary whose languages cannot be told from its name" 2 \
  "unnamed.index.*freedict-XXX-YYY" align --dictionary "$WORK/unnamed.index" "$S/ru.txt" "$S/en.txt"
expect_error "a --dictionary for another language pair" 2 "translates de to fr, not between ru and en" \
  align --dictionary "$WORK/other/freedict-deu-fra.index" "$S/ru.txt" "$S/en.txt"
expect_error "--dictionary with --no-dictionary" 2 "no-dictionary" \
  align --no-dictionary --dictionary "$WORK/good/mueller7.index" "$S/ru.txt" "$S/en.txt"
expect_error "--dictionary-dir with --dictionary" 2 "dictionary" \
  align --dictionary-dir "$WORK/good" --dictionary "$WORK/good/mueller7.index" "$S/ru.txt" "$S/en.txt"

# import: the same options; a bad dictionary never touches the TM.
DB=$WORK/tm.db
import() { "$TMALIGN" import --db "$DB" --src-lang ru --tgt-lang en "$@"; }
check "import --no-dictionary" import --no-dictionary "$S/ru.txt" "$S/en.txt"
check "import --dictionary" import --dictionary "$WORK/good/mueller7.index" "$S/ru.txt" "$S/en.txt"
tm_state() { sha256sum "$DB"* | sed "s|$WORK/||"; }
before=$(tm_state)
AFTER_ERROR_FAILURE="the TM changed"
after_error() { [ "$(tm_state)" = "$before" ]; }
expect_error "import with a missing --dictionary" 1 "missing/mueller7.index" \
  import --dictionary "$WORK/missing/mueller7.index" "$S/ru.txt" "$S/en.txt"
expect_error "import with a corrupt --dictionary" 1 "corrupt/freedict-eng-rus.index:1:1:" \
  import --dictionary "$WORK/corrupt/freedict-eng-rus.index" "$S/ru.txt" "$S/en.txt"
"$TMALIGN" export --db "$DB" -o "$WORK/tm.tmx" 2> /dev/null
expect_error "import of a TMX with --dictionary" 2 "TMX file aligns nothing" \
  "$TMALIGN" import --db "$DB" --dictionary "$WORK/good/mueller7.index" "$WORK/tm.tmx"
finish
