#!/usr/bin/env bash
# Collections, provenance and context from the command line: the sample imported into the default
# collection and a small TMX into "law"; query/analyze/pretranslate/concordance/export of one
# collection or both; stats per collection; unknown names (exit 2, one line); query's dates,
# creators and number-substituted targets (plain and --json); conflicting translations side by
# side; --context-before/--context-after giving 101 % on a TM imported from two texts.
# Usage: collections_test.sh TMALIGN PROJECT_ROOT
TMALIGN=$1 ROOT=$2
source "$(dirname "$0")/testlib.sh"
S=$ROOT/samples/embassy
DB=$WORK/tm.db

# Two translations of one sentence, made by different people at different times.
cat > "$WORK/law.tmx" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
<header creationtool="test" creationtoolversion="1" segtype="sentence" o-tmf="test" adminlang="en" srclang="ru" datatype="plaintext"/>
<body>
<tu creationdate="20240105T101500Z" creationid="anna">
<tuv xml:lang="ru"><seg>Договор вступает в силу 1 января.</seg></tuv>
<tuv xml:lang="en"><seg>The contract enters into force on 1 January.</seg></tuv>
</tu>
<tu creationdate="20240310T080000Z" creationid="boris" changedate="20240402T120000Z" changeid="vera">
<tuv xml:lang="ru"><seg>Договор вступает в силу 1 января.</seg></tuv>
<tuv xml:lang="en"><seg>The agreement takes effect on January 1.</seg></tuv>
</tu>
</body>
</tmx>
EOF

check "import of the sample into the default collection" \
  grep -q ': 11 new' <("$TMALIGN" import --db "$DB" --src-lang ru --tgt-lang en --no-dictionary "$S/ru.txt" "$S/en.txt")
check "import of a TMX into --collection law" \
  grep -q ': 2 new' <("$TMALIGN" import --db "$DB" --collection law "$WORK/law.tmx")
# The units' creators and dates as the TMX gives them. (Set in the file as long as the TMX reader
# does not keep creationid/changedate; with it, this changes nothing.)
python3 - "$DB" <<'PY' || fail "setting the units' provenance"
import sqlite3, sys, calendar, time
db = sqlite3.connect(sys.argv[1])
t = lambda s: calendar.timegm(time.strptime(s, "%Y%m%dT%H%M%SZ"))
db.execute("UPDATE units SET created_at = ?, created_by = 'anna' WHERE target LIKE 'The contract%'",
           (t("20240105T101500Z"),))
db.execute("""UPDATE units SET created_at = ?, created_by = 'boris', changed_at = ?, changed_by = 'vera'
              WHERE target LIKE 'The agreement%'""", (t("20240310T080000Z"), t("20240402T120000Z")))
db.commit()
PY

ru7=$(sed -n 7p "$S/ru.sents") en7=$(sed -n 7p "$S/en.sents")
CONTRACT="Договор вступает в силу 1 января."
rows() { grep -c '^[0-9]*%'; }  # match lines of query's plain output

# --- one collection, both, all
check "query finds the sample in every collection (default)" test "$("$TMALIGN" query --db "$DB" "$ru7" | rows)" -eq 1
check "query --collection default finds it" test "$("$TMALIGN" query --db "$DB" --collection default "$ru7" | rows)" -eq 1
check "query --collection law does not" test "$("$TMALIGN" query --db "$DB" --collection law "$ru7" 2> /dev/null | rows)" -eq 0
check "query --collection law finds the contract twice" \
  test "$("$TMALIGN" query --db "$DB" --collection law "$CONTRACT" | rows)" -eq 2
check "query --collection default --collection law finds both" \
  test "$("$TMALIGN" query --db "$DB" --collection default --collection law --min-score 100 "$ru7" | rows)" -eq 1 -a \
       "$("$TMALIGN" query --db "$DB" --collection law --collection default "$CONTRACT" | rows)" -eq 2
check "concordance --collection law" test "$("$TMALIGN" concordance --db "$DB" --collection law договор | wc -l)" -eq 2
check "concordance --collection default has no contract" \
  test "$("$TMALIGN" concordance --db "$DB" --collection default договор 2> /dev/null | wc -l)" -eq 0
"$TMALIGN" export --db "$DB" --collection law -o "$WORK/law-out.tmx" 2> /dev/null
check "export --collection law writes its 2 units" test "$(grep -c '<tu[ >]' "$WORK/law-out.tmx")" -eq 2
"$TMALIGN" export --db "$DB" -o "$WORK/all.tmx" 2> /dev/null
check "export without --collection writes all 13 units" test "$(grep -c '<tu[ >]' "$WORK/all.tmx")" -eq 13
printf '%s\n' "$CONTRACT" > "$WORK/contract.txt"
check "analyze --collection law: a 100 % match" \
  grep -q '^100% *1 ' <("$TMALIGN" analyze --db "$DB" --lang ru --collection law "$WORK/contract.txt")
check "analyze --collection default: no match" \
  grep -q '^no match *1 ' <("$TMALIGN" analyze --db "$DB" --lang ru --collection default "$WORK/contract.txt")
"$TMALIGN" pretranslate --db "$DB" --src-lang ru --tgt-lang en --collection law "$WORK/contract.txt" \
  > "$WORK/law.xlf" 2> /dev/null
check "pretranslate --collection law offers both translations" test "$(grep -c '<alt-trans' "$WORK/law.xlf")" -eq 2
"$TMALIGN" pretranslate --db "$DB" --src-lang ru --tgt-lang en --collection default "$WORK/contract.txt" \
  > "$WORK/default.xlf" 2> /dev/null
check "pretranslate --collection default offers none" test "$(grep -c '<alt-trans' "$WORK/default.xlf")" -eq 0

# --- stats
"$TMALIGN" stats --db "$DB" > "$WORK/stats"
check "stats counts 2 collections" grep -q '^collections: *2$' "$WORK/stats"
check "stats lists each collection with its units and language pairs" python3 - "$WORK/stats" <<'PY'
import sys
lines = open(sys.argv[1]).read().splitlines()
at = lines.index("  default: 11 units")
assert lines[at + 1:at + 4] == ["    ru -> en: 11 units", "  law: 2 units", "    ru -> en: 2 units"], lines
PY
check "stats --json: collections and per-collection language pairs" python3 - <("$TMALIGN" stats --db "$DB" --json) <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
assert s["collections"] == [{"name": "default", "units": 11}, {"name": "law", "units": 2}], s
assert [(p["collection"], p["source_lang"], p["target_lang"], p["units"]) for p in s["language_pairs"]] == \
    [("default", "ru", "en", 11), ("law", "ru", "en", 2)], s
assert s["units"] == 13 and s["schema_version"] == 4, s
PY

# --- unknown or bad names: the store's message, exit 2, nothing created or changed
expect_error "query --collection nope" 2 "no collection 'nope' in .* (it has: default, law)" \
  "$TMALIGN" query --db "$DB" --collection nope "$ru7"
expect_error "query with one known and one unknown collection" 2 "no collection 'nope'" \
  "$TMALIGN" query --db "$DB" --collection law --collection nope "$ru7"
expect_error "analyze --collection nope" 2 "no collection 'nope'" \
  "$TMALIGN" analyze --db "$DB" --lang ru --collection nope "$WORK/contract.txt"
expect_error "pretranslate --collection nope" 2 "no collection 'nope'" \
  "$TMALIGN" pretranslate --db "$DB" --src-lang ru --tgt-lang en --collection nope -o "$WORK/none.xlf" \
  "$WORK/contract.txt"
check "a failed pretranslate writes no file" test ! -e "$WORK/none.xlf"
expect_error "concordance --collection nope" 2 "no collection 'nope'" \
  "$TMALIGN" concordance --db "$DB" --collection nope договор
expect_error "export --collection nope" 2 "no collection 'nope'" \
  "$TMALIGN" export --db "$DB" --collection nope
expect_error "import --collection ''" 2 "empty collection name" \
  "$TMALIGN" import --db "$WORK/new.db" --collection '' --src-lang ru --tgt-lang en "$S/ru.txt" "$S/en.txt"
check "a refused import creates no TM" test ! -e "$WORK/new.db"
expect_error "import of a TMX with a control character in --collection" 2 "control character" \
  "$TMALIGN" import --db "$WORK/new.db" --collection "$(printf 'a\tb')" "$WORK/law.tmx"
check "nor does a refused TMX import" test ! -e "$WORK/new.db"

# --- query output: dates, creators, numbers; conflicting translations side by side
"$TMALIGN" query --db "$DB" "Договор вступает в силу 5 января." > "$WORK/q"
check "query shows both translations of the contract, numbers put in, with their dates" diff - "$WORK/q" <<'EOF'
83%	Договор вступает в силу 1 января.	The contract enters into force on 1 January.
  numbers: The contract enters into force on 5 January.
  created 2024-01-05 10:15 by anna
83%	Договор вступает в силу 1 января.	The agreement takes effect on January 1.
  numbers: The agreement takes effect on January 5.
  created 2024-03-10 08:00 by boris, changed 2024-04-02 12:00 by vera
EOF
check "query of the sample: the match line, then its creation date" python3 - <("$TMALIGN" query --db "$DB" "$ru7") "$ru7" "$en7" <<'PY'
import re, sys
lines = open(sys.argv[1]).read().splitlines()
assert lines[0] == "100%\t" + sys.argv[2] + "\t" + sys.argv[3], lines
assert re.fullmatch(r"  created \d{4}-\d\d-\d\d \d\d:\d\d", lines[1]), lines
assert len(lines) == 2, lines
PY
check "query --json: adapted target, dates and creators" python3 - <("$TMALIGN" query --db "$DB" --json "Договор вступает в силу 5 января.") <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
assert [x["score"] for x in m] == [83, 83], m
a, b = m
assert a["adapted_target"] == "The contract enters into force on 5 January.", a
assert (a["created_at"], a["created_by"], a["changed_at"], a["changed_by"]) == \
    ("2024-01-05T10:15:00Z", "anna", "", ""), a
assert (b["created_at"], b["created_by"], b["changed_at"], b["changed_by"]) == \
    ("2024-03-10T08:00:00Z", "boris", "2024-04-02T12:00:00Z", "vera"), b
assert b["target"] == "The agreement takes effect on January 1.", b
PY
check "query --json of an exact match: adapted_target empty" python3 - <("$TMALIGN" query --db "$DB" --json "$CONTRACT") <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
assert len(m) == 2 and all(x["score"] == 100 and x["adapted_target"] == "" for x in m), m
PY
check "concordance --json carries the dates too" python3 - <("$TMALIGN" concordance --db "$DB" --json --collection law договор) <<'PY'
import json, sys
h = json.load(open(sys.argv[1]))
assert [x["created_by"] for x in h] == ["anna", "boris"], h
PY

# --- context matches: 101 % for a sentence of the imported text asked with its neighbours
ru6=$(sed -n 6p "$S/ru.sents") ru8=$(sed -n 8p "$S/ru.sents")
score() { "$TMALIGN" query --db "$DB" --json "$@" | python3 -c 'import json, sys; m = json.load(sys.stdin); print(m[0]["score"] if m else "none")'; }
check "query with its neighbours as context: 101" test "$(score --context-before "$ru6" --context-after "$ru8" "$ru7")" = 101
check "context compared after white-space normalisation" \
  test "$(score --context-before "  $ru6" --context-after "$(sed 's/ /\n/' <<< "$ru8")" "$ru7")" = 101
check "other neighbours: 100" test "$(score --context-before "$ru8" --context-after "$ru6" "$ru7")" = 100
check "without context: 100" test "$(score "$ru7")" = 100
ru1=$(sed -n 1p "$S/ru.sents") ru2=$(sed -n 2p "$S/ru.sents")
check "the document's first sentence: --context-before '' is its start" \
  test "$(score --context-before '' --context-after "$ru2" "$ru1")" = 101
check "--min-score 101 keeps only the context match" \
  test "$("$TMALIGN" query --db "$DB" --min-score 101 --context-before "$ru6" --context-after "$ru8" "$ru7" | rows)" -eq 1
expect_error "--context-before without --context-after" 2 "context-after" \
  "$TMALIGN" query --db "$DB" --context-before "$ru6" "$ru7"
finish
