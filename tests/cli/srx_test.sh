#!/usr/bin/env bash
# `tmalign segment --srx/--srx-only` as a user runs it: SRX files load, and bad ones or bad option
# combinations fail with one line naming the problem.
# Usage: srx_test.sh TMALIGN PROJECT_ROOT SHARED_DIR
TMALIGN=$1 ROOT=$2 SHARED=$3
source "$(dirname "$0")/testlib.sh"

ERROR_STDIN=$WORK/text.txt
loads() { "$TMALIGN" segment --lang "$1" --srx "$2" < "$WORK/text.txt" > "$WORK/out" && [ -s "$WORK/out" ]; }

printf 'Ask Mr. Holmes. He knows.\n' > "$WORK/text.txt"
cat > "$WORK/ru_only.srx" <<'SRX'
<?xml version="1.0" encoding="UTF-8"?>
<srx xmlns="http://www.lisa.org/srx20" version="2.0">
  <header cascade="yes"/>
  <body>
    <languagerules>
      <languagerule languagerulename="Russian">
        <rule break="no"><beforebreak>\bг\.</beforebreak><afterbreak>\s</afterbreak></rule>
      </languagerule>
    </languagerules>
    <maprules><languagemap languagepattern="ru.*" languagerulename="Russian"/></maprules>
  </body>
</srx>
SRX
printf '<srx xmlns="http://www.lisa.org/srx20" version="2.0">\n<header cascade="yes">\n<body/></srx>\n' \
  > "$WORK/malformed.srx"

expect_error "--srx-only needs --srx" 2 "srx" "$TMALIGN" segment --lang en --srx-only
expect_error "a missing SRX file is named" 1 "missing.srx" "$TMALIGN" segment --lang en --srx "$WORK/missing.srx"
expect_error "malformed SRX names file, line and column" 1 "malformed.srx:3:[0-9]" \
  "$TMALIGN" segment --lang en --srx "$WORK/malformed.srx"
expect_error "an SRX file without rules for the language" 2 "no rules for language 'en'" \
  "$TMALIGN" segment --lang en --srx "$WORK/ru_only.srx"

# A user rule changes a break: "Rev." does not end a sentence once the user says so, and with
# --srx-only the user's rules alone decide.
cat > "$WORK/user.srx" <<'SRX'
<?xml version="1.0" encoding="UTF-8"?>
<srx xmlns="http://www.lisa.org/srx20" version="2.0">
  <header cascade="yes"/>
  <body>
    <languagerules>
      <languagerule languagerulename="Mine">
        <rule break="no"><beforebreak>\bRevd\.</beforebreak><afterbreak>\s</afterbreak></rule>
        <rule break="yes"><beforebreak>;</beforebreak><afterbreak>\s</afterbreak></rule>
      </languagerule>
    </languagerules>
    <maprules><languagemap languagepattern="en.*" languagerulename="Mine"/></maprules>
  </body>
</srx>
SRX
printf 'Ask the Revd. Smith; he knows.\n' > "$WORK/user.txt"
check "without --srx the built-in rules split after 'Revd.'" \
  test "$("$TMALIGN" segment --lang en "$WORK/user.txt" | wc -l)" -eq 2
check "a user no-break rule keeps 'Revd. Smith' together and a user break rule splits at ';'" \
  diff <("$TMALIGN" segment --lang en --srx "$WORK/user.srx" "$WORK/user.txt") \
       <(printf 'Ask the Revd. Smith;\nhe knows.\n')
check "--srx-only: the user's rules alone decide" \
  diff <("$TMALIGN" segment --lang en --srx "$WORK/user.srx" --srx-only "$WORK/user.txt") \
       <(printf 'Ask the Revd. Smith;\nhe knows.\n')

# --export-srx prints the built-in rules as SRX; loaded back alone they segment the samples as the
# built-in rules do.
"$TMALIGN" segment --export-srx > "$WORK/builtin.srx" 2> "$WORK/err"
check "--export-srx exits 0 without --lang and writes SRX 2.0" \
  grep -q 'version="2.0"' "$WORK/builtin.srx"
check "--export-srx maps ru and en" grep -q 'languagepattern="ru\.\*"' "$WORK/builtin.srx"
expect_error "--export-srx with --lang" 2 "export-srx" "$TMALIGN" segment --export-srx --lang ru
expect_error "segment without --lang or --export-srx" 2 "lang" "$TMALIGN" segment
for lang in ru en; do
  check "exported rules with --srx-only reproduce samples/embassy/$lang.sents" \
    diff <("$TMALIGN" segment --lang $lang --srx "$WORK/builtin.srx" --srx-only \
             "$ROOT/samples/embassy/$lang.txt" | grep -v '^$') "$ROOT/samples/embassy/$lang.sents"
done

for file in okapi_default.srx languagetool_segment.srx; do
  if [ ! -f "$SHARED/data/srx/$file" ]; then echo "skip: $SHARED/data/srx/$file is absent"; continue; fi
  for lang in ru en; do
    check "$file loads for $lang" loads "$lang" "$SHARED/data/srx/$file"
  done
done
finish
