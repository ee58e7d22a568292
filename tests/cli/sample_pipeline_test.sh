#!/usr/bin/env bash
# The whole job on samples/embassy, run through the built binary as a user would.
# Usage: sample_pipeline_test.sh TMALIGN PROJECT_ROOT [SHARED_DIR]
TMALIGN=$1 ROOT=$2 SHARED=${3:-}
source "$(dirname "$0")/testlib.sh"
S=$ROOT/samples/embassy

# segment reproduces the hand-made sentence lists (an empty line separates paragraphs).
"$TMALIGN" segment --lang ru "$S/ru.txt" > "$WORK/ru.out" || fail "segment ru exits 0"
"$TMALIGN" segment --lang en "$S/en.txt" > "$WORK/en.out" || fail "segment en exits 0"
check "segment --lang ru reproduces ru.sents" diff <(grep -v '^$' "$WORK/ru.out") "$S/ru.sents"
check "segment --lang en reproduces en.sents" diff <(grep -v '^$' "$WORK/en.out") "$S/en.sents"
check "segment separates the 9 Russian paragraphs by empty lines" \
  test "$(grep -c '^$' "$WORK/ru.out")" -eq 8
check "segment reads stdin" diff <("$TMALIGN" segment --lang ru < "$S/ru.txt") "$WORK/ru.out"

# jsonl: byte offsets point at the sentence in the input.
"$TMALIGN" segment --lang ru --format jsonl "$S/ru.txt" > "$WORK/ru.jsonl"
check "segment --format jsonl offsets slice the input to the sentence" python3 - "$S/ru.txt" "$WORK/ru.jsonl" <<'PY'
import json, sys
data = open(sys.argv[1], "rb").read()
rows = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
assert len(rows) == 13, len(rows)
for r in rows:
    assert data[r["start"]:r["end"]].decode("utf-8") == r["text"], r
assert [r["paragraph"] for r in rows][-2:] == [8, 8]
PY

# A large input is read and segmented piece by piece: the same sentences, offsets into the file.
for i in $(seq 1 400); do cat "$S/ru.txt"; printf '\n\n'; done > "$WORK/big.txt"
"$TMALIGN" segment --lang ru --format jsonl "$WORK/big.txt" > "$WORK/big.jsonl"
check "segment of a 1.4 MB file (several pieces and buffers): 400 x 13 sentences, offsets slice the file" python3 - "$WORK/big.txt" "$WORK/big.jsonl" "$WORK/ru.jsonl" <<'PY'
import json, sys
data = open(sys.argv[1], "rb").read()
rows = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
one = [json.loads(l)["text"] for l in open(sys.argv[3], encoding="utf-8")]
assert len(rows) == 400 * 13, len(rows)
for r in rows:
    assert data[r["start"]:r["end"]].decode("utf-8") == r["text"], r
assert [r["text"] for r in rows] == one * 400
assert rows[-1]["paragraph"] == 400 * 9 - 1, rows[-1]
PY

# align reproduces the gold beads, from raw text.
"$TMALIGN" align --src-lang ru --tgt-lang en --format beads "$S/ru.txt" "$S/en.txt" > "$WORK/beads"
check "align --format beads equals gold.align" diff "$WORK/beads" "$S/gold.align"
"$TMALIGN" align --src-lang ru --tgt-lang en --presegmented --format beads "$S/ru.sents" "$S/en.sents" > "$WORK/beads.pre"
check "align --presegmented on the gold sentences equals gold.align" diff "$WORK/beads.pre" "$S/gold.align"
"$TMALIGN" align --src-lang ru --tgt-lang en "$S/ru.txt" "$S/en.txt" > "$WORK/pairs.tsv"
check "align TSV: one row a bead, three columns, score in [0,1]" awk -F'\t' '
  NF != 3 || $3 < 0 || $3 > 1 { bad = 1 } END { exit bad || NR != 11 }' "$WORK/pairs.tsv"

# import, query, dedup.
DB=$WORK/tm.db
check "import of the sample succeeds" "$TMALIGN" import --db "$DB" --src-lang ru --tgt-lang en "$S/ru.txt" "$S/en.txt"
again=$("$TMALIGN" import --db "$DB" --src-lang ru --tgt-lang en "$S/ru.txt" "$S/en.txt")
check "importing the same pair again stores no new unit ($again)" grep -q ': 0 new, 11 already' <<< "$again"
ru7=$(sed -n 7p "$S/ru.sents") en7=$(sed -n 7p "$S/en.sents")
"$TMALIGN" query --db "$DB" --json "$ru7" > "$WORK/q100.json"
check "query of a stored sentence returns its translation at 100" python3 - "$WORK/q100.json" "$en7" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
assert m and m[0]["score"] == 100 and m[0]["target"] == sys.argv[2], m
PY
changed=${ru7/коллеги/партнёры}
"$TMALIGN" query --db "$DB" --json "$changed" > "$WORK/q-one-word.json"
check "query with one word changed scores below 100 and above 70" python3 - "$WORK/q-one-word.json" "$en7" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
assert m and 70 < m[0]["score"] < 100 and m[0]["target"] == sys.argv[2], m
PY
check "query prints 'SCORE%<TAB>source<TAB>target'" grep -q "^100%	$ru7	$en7\$" <("$TMALIGN" query --db "$DB" "$ru7")
for q in "$ru7" "$changed" "Посольство России" "—"; do
  check "query --exhaustive prints what the index finds: $q" \
    cmp <("$TMALIGN" query --db "$DB" --min-score 0 --limit 20 --json "$q") \
        <("$TMALIGN" query --db "$DB" --min-score 0 --limit 20 --json --exhaustive "$q")
done
check "stats counts 11 units" grep -q '^units: *11$' <("$TMALIGN" stats --db "$DB")

# export TMX; it is valid and reads back to the same units.
check "export writes TMX" "$TMALIGN" export --db "$DB" --format tmx -o "$WORK/a.tmx"
check "export to stdout equals export to a file" cmp <("$TMALIGN" export --db "$DB" | grep -v creationdate) <(grep -v creationdate "$WORK/a.tmx")
if [ -n "$SHARED" ] && [ -r "$SHARED/data/schemas/tmx14.dtd" ] && command -v xmllint > /dev/null; then
  check "exported TMX validates against tmx14.dtd" \
    xmllint --noout --nonet --dtdvalid "$SHARED/data/schemas/tmx14.dtd" "$WORK/a.tmx"
else
  echo "skip: tmx14.dtd (../shared) or xmllint absent: DTD validation not run"
fi
check "import of the exported TMX succeeds" "$TMALIGN" import --db "$WORK/b.db" "$WORK/a.tmx"
"$TMALIGN" export --db "$WORK/b.db" -o "$WORK/b.tmx"
check "TMX round trip: export -> import -> export gives the same units" \
  diff <(grep -v creationdate "$WORK/a.tmx") <(grep -v creationdate "$WORK/b.tmx")

# every command documents itself.
for cmd in segment align import query export stats; do
  check "$cmd --help exits 0" "$TMALIGN" "$cmd" --help > /dev/null
done
check "--version" grep -q '^tmalign [0-9]' <("$TMALIGN" --version)
finish
