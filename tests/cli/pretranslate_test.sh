#!/usr/bin/env bash
# pretranslate: XLIFF 1.2 and the TMX of the units offered, on the sample and on a 1000-segment
# document made from ../shared's NTREX texts (skipped, saying so, when ../shared is absent).
#   MODE cli:     the XLIFF is valid against the XLIFF 1.2 schemas (xmllint), targets, states and
#                 alt-trans are consistent, repetitions get the same target; the TMX holds just the
#                 units offered; bad input fails with one line and writes nothing.
#   MODE interop: translate-toolkit reads every unit with its target, and check_cat_import.sh
#                 (OmegaT) translates the document from the --export-tmx TMX exactly as the XLIFF's
#                 exact matches say. Exit 77 (skipped) without OmegaT or python3-translate.
# Usage: pretranslate_test.sh TMALIGN PROJECT_ROOT SHARED_DIR cli|interop
TMALIGN=$1 ROOT=$2 SHARED=$3 MODE=$4
PY=/usr/bin/python3  # the Debian python, which sees python3-translate
CHECK=$SHARED/tools/check_cat_import.sh
if [ "$MODE" = interop ]; then
  if [ ! -r "$CHECK" ]; then echo "SKIPPED: $CHECK absent (../shared is not beside the project)"; exit 77; fi
  if [ ! -r /usr/share/omegat/OmegaT.jar ] || ! "$PY" -c 'import translate' 2> /dev/null; then
    echo "SKIPPED: omegat or python3-translate not installed (scripts/test.sh installs them)"; exit 77
  fi
fi
source "$(dirname "$0")/testlib.sh"
S=$ROOT/samples/embassy
XSD=$SHARED/data/schemas/xliff
NTREX=$SHARED/data/alignment/ntrex-ruen

# valid FILE.xlf: valid against the transitional and the strict XLIFF 1.2 schema.
valid() {
  xmllint --noout --nonet --schema "$XSD/xliff-core-1.2-transitional.xsd" "$1" 2> "$WORK/xmllint.log" &&
    xmllint --noout --nonet --schema "$XSD/xliff-core-1.2-strict.xsd" "$1" 2>> "$WORK/xmllint.log" ||
    { head -5 "$WORK/xmllint.log"; return 1; }
}
can_validate() { command -v xmllint > /dev/null && [ -r "$XSD/xliff-core-1.2-transitional.xsd" ]; }

# consistent FILE.xlf FILE.tmx ALTERNATIVES: prints "units targets translated review" and checks, with
# the standard library's XML parser, what docs/formats.md promises: a target's state and qualifier
# agree with the first <alt-trans> (its match), which offers the same text; no more than
# 1 + ALTERNATIVES alt-trans a unit; every alt-trans pair is a unit of the TMX and every TMX unit is
# offered somewhere; units with the same source have the same target.
consistent() {
  python3 - "$@" << 'PY'
import sys, xml.etree.ElementTree as ET
xlf, tmx, alternatives = sys.argv[1], sys.argv[2], int(sys.argv[3])
ns = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
text = lambda e: "" if e is None else (e.text or "")
tmx_units = set()
for tu in ET.parse(tmx).getroot().iter("tu"):
    segs = [text(tuv.find("seg")) for tuv in tu.findall("tuv")]
    tmx_units.add((segs[0], segs[1]))
units = ET.parse(xlf).getroot().findall(".//x:trans-unit", ns)
counts = {"targets": 0, "translated": 0, "needs-review-translation": 0}
offered, by_source, bad = set(), {}, []
for u in units:
    uid, source, target = u.get("id"), text(u.find("x:source", ns)), u.find("x:target", ns)
    alts = u.findall("x:alt-trans", ns)
    if len(alts) > 1 + alternatives: bad.append(f"unit {uid}: {len(alts)} alt-trans")
    for a in alts:
        offered.add((text(a.find("x:source", ns)), text(a.find("x:target", ns))))
    if target is None:
        if alts and int(alts[0].get("match-quality")) >= 75: bad.append(f"unit {uid}: a match of 75 % or more but no target")
        continue
    counts["targets"] += 1
    state, qualifier = target.get("state"), target.get("state-qualifier")
    counts[state] = counts.get(state, 0) + 1
    quality = int(alts[0].get("match-quality")) if alts else -1
    expected = {101: "id-match", 100: "exact-match"}.get(quality, "fuzzy-match")
    if qualifier != expected: bad.append(f"unit {uid}: qualifier {qualifier} for a {quality} % match")
    if state == "translated" and quality < 100: bad.append(f"unit {uid}: translated from a {quality} % match")
    if text(target) != text(alts[0].find("x:target", ns)): bad.append(f"unit {uid}: target is not the first alt-trans")
    if by_source.setdefault(source, text(target)) != text(target): bad.append(f"unit {uid}: a repetition with another target")
if offered - tmx_units: bad.append(f"{len(offered - tmx_units)} offered pairs not in the TMX")
if tmx_units - offered: bad.append(f"{len(tmx_units - offered)} TMX units never offered")
for b in bad[:10]: print("  " + b, file=sys.stderr)
print(len(units), counts["targets"], counts["translated"], counts["needs-review-translation"])
sys.exit(1 if bad else 0)
PY
}

DB=$WORK/tm.db
"$TMALIGN" import --db "$DB" --src-lang ru --tgt-lang en "$S/ru.txt" "$S/en.txt" > /dev/null ||
  { echo "FAIL: cannot set up the TM"; exit 1; }

# ------------------------------------------------------------------------------------- the sample
# The sample against the TM made from it (as in analyze_test.sh): 13 segments, 9 of them units of
# their own (100 %: translated), 4 halves of 2:1 units (below 75 %: no target).
"$TMALIGN" pretranslate --db "$DB" --src-lang ru --tgt-lang en "$S/ru.txt" -o "$WORK/ru.xlf" \
  --export-tmx "$WORK/ru.tmx" 2> "$WORK/summary"
check "pretranslate of the sample exits 0" test $? -eq 0
check "the summary: 9 translated, 4 without a match" \
  grep -q 'pretranslated 13 segments of .*ru.txt: 9 translated, 0 to review, 4 without a match of 75% or more' "$WORK/summary"
if [ "$MODE" = cli ]; then
  if can_validate; then
    check "the sample's XLIFF is valid against XLIFF 1.2 (transitional and strict XSD)" valid "$WORK/ru.xlf"
  else
    echo "skip: xmllint (libxml2-utils) or the XLIFF schemas (../shared) absent: XSD validation not run"
  fi
  check "the sample: 13 units, 9 targets, 9 translated" test "$(consistent "$WORK/ru.xlf" "$WORK/ru.tmx" 3)" = "13 9 9 0"
  check "the sample: the TMX holds the 11 units offered (9 exact, 2 of the 2:1 units as alternatives)" \
    test "$(grep -cE '<tu[ >]' "$WORK/ru.tmx")" -eq 11
  check "the sample: target languages and tool in <file>" \
    grep -q 'source-language="ru" target-language="en" datatype="plaintext" tool-id="tmalign"' "$WORK/ru.xlf"
  "$TMALIGN" pretranslate --db "$DB" --src-lang ru --tgt-lang en --alternatives 0 --min-score 50 "$S/ru.txt" \
    > "$WORK/stdout.xlf" 2> /dev/null
  check "no -o: the XLIFF on stdout; --min-score 50 gives 2 more targets (to review)" \
    test "$(consistent "$WORK/stdout.xlf" "$WORK/ru.tmx" 0 2> /dev/null)" = "13 11 9 2"
  "$TMALIGN" pretranslate --db "$DB" --src-lang ru --tgt-lang en --copy-source "$S/ru.txt" -o "$WORK/copy.xlf" 2> /dev/null
  check "--copy-source: the 4 segments without a match get their source, state needs-translation" \
    test "$(grep -c 'state="needs-translation"' "$WORK/copy.xlf")" -eq 4
  "$TMALIGN" pretranslate --db "$DB" --src-lang ru --tgt-lang de "$S/ru.txt" -o "$WORK/de.xlf" \
    --export-tmx "$WORK/de.tmx" 2> /dev/null
  check "--tgt-lang de: no ru -> de unit, so no target and an empty TMX" \
    test "$(grep -c '<target' "$WORK/de.xlf"):$(grep -cE '<tu[ >]' "$WORK/de.tmx")" = "0:0"
  # A changed document: one word changed in the headline (87 %) and a repeated sentence.
  printf '%s\n\n%s\n\n%s\n' \
    'Посольство России ответило на обвинения Китая в кибератаках' \
    '«К сожалению, коллеги на предметные дискуссии не идут», — констатировали в дипмиссии.' \
    '«К сожалению,   коллеги на предметные дискуссии не идут», — констатировали в дипмиссии.' \
    > "$WORK/new.txt"
  "$TMALIGN" pretranslate --db "$DB" --src-lang ru --tgt-lang en "$WORK/new.txt" -o "$WORK/new.xlf" 2> "$WORK/summary"
  check "changed document: the fuzzy headline to review, the sentence and its repetition translated" \
    test "$(consistent "$WORK/new.xlf" "$WORK/ru.tmx" 3 2> /dev/null | cut -d' ' -f1-4)" = "3 3 2 1"
  check "changed document: the summary counts the repetition" grep -q '(1 repetitions)' "$WORK/summary"
  check "changed document: the fuzzy target says so" grep -q 'state="needs-review-translation" state-qualifier="fuzzy-match"' "$WORK/new.xlf"
else
  # What OmegaT must write from the TMX: the XLIFF's translated exact matches; the source elsewhere.
  omegat_texts() {  # omegat_texts XLIFF SOURCE_OUT EXPECTED_OUT
    "$PY" - "$@" << 'PY'
import sys
from translate.storage import xliff
xlf, source_out, expected_out = sys.argv[1:4]
with open(source_out, "w") as src, open(expected_out, "w") as exp:
    for u in xliff.xlifffile.parsefile(xlf).units:
        t = u.xmlelement.find("{urn:oasis:names:tc:xliff:document:1.2}target")
        state = t.get("state") if t is not None else None
        if state == "needs-review-translation" and t.get("state-qualifier") == "exact-match":
            continue  # conflicting translations in the TM: which one OmegaT takes is its choice
        src.write(u.source.replace("\n", " ") + "\n")
        exp.write((u.target if state == "translated" else u.source).replace("\n", " ") + "\n")
PY
  }
  # every_target XLIFF: translate-toolkit reads the file, and each unit with a <target> in the XML
  # with exactly that target (and one without, with none).
  every_target() {
    "$PY" - "$1" << 'PY'
import sys
from lxml import etree
from translate.storage import xliff
ns = "{urn:oasis:names:tc:xliff:document:1.2}"
store = xliff.xlifffile.parsefile(sys.argv[1])
xml_units = etree.parse(sys.argv[1]).getroot().iter(ns + "trans-unit")
bad = with_target = 0
for unit, element in zip(store.units, xml_units, strict=True):
    target = element.find(ns + "target")
    expected = None if target is None else "".join(target.itertext())
    with_target += expected is not None
    if (unit.target or None) != expected or unit.source != "".join(element.find(ns + "source").itertext()):
        bad += 1; print(f"unit {element.get('id')}: translate-toolkit reads {unit.target!r}, the file holds {expected!r}")
print(f"translate-toolkit: {len(store.units)} units, {with_target} with a target, {bad} read otherwise")
sys.exit(1 if bad or not store.units else 0)
PY
  }
  check "translate-toolkit reads every unit of the sample with its target" every_target "$WORK/ru.xlf"
  "$TMALIGN" pretranslate --db "$DB" --src-lang ru --tgt-lang en --copy-source "$S/ru.txt" \
    -o "$WORK/copy.xlf" --export-tmx "$WORK/ru.tmx" 2> /dev/null
  omegat_texts "$WORK/copy.xlf" "$WORK/source.txt" "$WORK/expected.txt"
  check "OmegaT translates the sample from the --export-tmx TMX as the XLIFF's exact matches say" \
    bash "$CHECK" -s ru -t en -p -x "$WORK/copy.xlf" "$WORK/ru.tmx" "$WORK/source.txt" "$WORK/expected.txt"
fi

# ------------------------------------------------------------------------ a 1000-segment document
# A TM from NTREX documents 0-81 (their gold alignment as a TMX, imported), and a document of 1000
# paragraphs: 520 sentences of those documents as they are, 230 edited (a word dropped, doubled or
# two swapped; a number changed), 150 from documents 82-122 (not in the TM) and 100 repeated. The
# segmenter splits a few paragraphs (headline and sentence on one line), so there are a few more
# segments than paragraphs.
if [ ! -d "$NTREX" ]; then
  echo "skip: $NTREX absent (../shared is not beside the project): the 1000-segment document is not tested"
  finish
fi
python3 - "$NTREX" "$WORK" << 'PY' || { echo "FAIL: cannot make the 1000-segment document"; exit 1; }
import glob, os, random, re, sys
from xml.sax.saxutils import escape
ntrex, work = sys.argv[1:3]
rng = random.Random(5)
units, exact, new = [], [], []
for n, gold in enumerate(sorted(glob.glob(os.path.join(ntrex, "*.gold")))):
    stem = gold[:-len(".gold")]
    ru = open(stem + ".ru", encoding="utf-8").read().split("\n")
    en = open(stem + ".en", encoding="utf-8").read().split("\n")
    if n >= 82:
        new += [line for line in ru if line.strip()]
        continue
    for bead in open(gold, encoding="utf-8"):
        s, t = (sorted(map(int, re.findall(r"\d+", side))) for side in bead.split(":"))
        if s and t:
            units.append((" ".join(ru[i] for i in s), " ".join(en[j] for j in t)))
            if len(s) == 1: exact.append(ru[s[0]])
with open(os.path.join(work, "ntrex.tmx"), "w", encoding="utf-8") as f:
    f.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="test" '
            'creationtoolversion="1" segtype="sentence" o-tmf="test" adminlang="en" srclang="ru" datatype="plaintext"/><body>\n')
    for s, t in units:
        f.write(f'<tu><tuv xml:lang="ru"><seg>{escape(s)}</seg></tuv><tuv xml:lang="en"><seg>{escape(t)}</seg></tuv></tu>\n')
    f.write("</body></tmx>\n")
def edit(line):
    words = line.split()
    if re.search(r"\d", line) and rng.random() < 0.5:
        return re.sub(r"\d+", lambda m: str(int(m.group()) + 7), line, count=1)
    i = rng.randrange(1, len(words) - 1)
    op = rng.choice("drop double swap".split())
    if op == "drop": del words[i]
    elif op == "double": words.insert(i, words[i])
    else: words[i], words[i + 1] = words[i + 1], words[i]
    return " ".join(words)
long_exact = [line for line in exact if len(line.split()) >= 6]
paragraphs = rng.sample(exact, 520) + [edit(line) for line in rng.sample(long_exact, 230)] + rng.sample(new, 150)
rng.shuffle(paragraphs)
for _ in range(100):
    paragraphs.insert(rng.randrange(len(paragraphs) // 2, len(paragraphs)), rng.choice(paragraphs[: len(paragraphs) // 2]))
open(os.path.join(work, "doc1000.txt"), "w", encoding="utf-8").write("\n\n".join(paragraphs) + "\n")
PY
BIG=$WORK/big.db
"$TMALIGN" import --db "$BIG" "$WORK/ntrex.tmx" > /dev/null || { echo "FAIL: cannot import ntrex.tmx"; exit 1; }
start=$(date +%s.%N)
"$TMALIGN" pretranslate --db "$BIG" --src-lang ru --tgt-lang en --copy-source "$WORK/doc1000.txt" \
  -o "$WORK/doc1000.xlf" --export-tmx "$WORK/doc1000.tmx" 2> "$WORK/summary"
rc=$?
seconds=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.2f", e - s }')
echo "      $(cat "$WORK/summary") [${seconds} s]"
check "pretranslate of the 1000-segment document exits 0 within 60 s" test $rc -eq 0 -a "${seconds%.*}" -lt 60
if [ "$MODE" = cli ]; then
  if can_validate; then
    check "the 1000-segment XLIFF is valid against XLIFF 1.2 (transitional and strict XSD)" valid "$WORK/doc1000.xlf"
  fi
  # Without --copy-source, for consistent(): every target there is a TM match.
  "$TMALIGN" pretranslate --db "$BIG" --src-lang ru --tgt-lang en "$WORK/doc1000.txt" -o "$WORK/plain1000.xlf" 2> /dev/null
  read -r units targets translated review <<< "$(consistent "$WORK/plain1000.xlf" "$WORK/doc1000.tmx" 3)"
  check "1000-segment document: targets, states, alt-trans and the TMX consistent" test -n "$review"
  echo "      $units units, $targets targets: $translated translated, $review to review"
  check "1000-segment document: at least 1000 units" test "$units" -ge 1000
  # About 570 paragraphs are stored sentences (with their repetitions), less those the segmenter
  # splits (504 translated today); the 230 edited ones are fuzzy matches (228 to review today).
  check "1000-segment document: at least 450 translated exact matches" test "$translated" -ge 450
  check "1000-segment document: at least 180 fuzzy matches to review" test "$review" -ge 180
  check "1000-segment document: the repetitions are counted" grep -Eq '\(([1-9][0-9]{2,}) repetitions\)' "$WORK/summary"
else
  check "translate-toolkit reads every unit of the 1000-segment document with its target" every_target "$WORK/doc1000.xlf"
  omegat_texts "$WORK/doc1000.xlf" "$WORK/source.txt" "$WORK/expected.txt"
  check "OmegaT translates the 1000-segment document from the --export-tmx TMX as the XLIFF says" \
    bash "$CHECK" -s ru -t en -p -x "$WORK/doc1000.xlf" "$WORK/doc1000.tmx" "$WORK/source.txt" "$WORK/expected.txt"
  finish
fi

# ------------------------------------------------------------------------------------ bad input
# One line naming what is wrong, exit 1 (input) or 2 (command line); no output file or temporary
# file is left, and an existing output file is kept as it was.
printf 'Первая строка.\nВторая \xff строка.\n' > "$WORK/invalid.txt"
printf '\n  \n' > "$WORK/blank.txt"
mkdir -p "$WORK/outputs/adir"
echo "old" > "$WORK/outputs/kept.xlf"
after_error() {
  AFTER_ERROR_FAILURE="files were left or changed: $(ls "$WORK/outputs" | tr '\n' ' ')"
  [ "$(ls "$WORK/outputs" | tr '\n' ' ')" = "adir kept.xlf " ] && [ "$(cat "$WORK/outputs/kept.xlf")" = old ] &&
    [ ! -e "$WORK/nope.db" ]
}
O=(-o "$WORK/outputs/kept.xlf" --export-tmx "$WORK/outputs/kept.tmx")
expect_error "a TM that does not exist" 1 "nope.db" "$TMALIGN" pretranslate --db "$WORK/nope.db" --src-lang ru --tgt-lang en "${O[@]}" "$S/ru.txt"
expect_error "a text file given as the TM" 1 "ru.txt" "$TMALIGN" pretranslate --db "$S/ru.txt" --src-lang ru --tgt-lang en "${O[@]}" "$S/ru.txt"
expect_error "a blank document" 1 "blank.txt" "$TMALIGN" pretranslate --db "$DB" --src-lang ru --tgt-lang en "${O[@]}" "$WORK/blank.txt"
expect_error "a missing document" 1 "missing.txt" "$TMALIGN" pretranslate --db "$DB" --src-lang ru --tgt-lang en "${O[@]}" "$WORK/missing.txt"
expect_error "invalid UTF-8 names file, line and column" 1 "invalid.txt:2:" "$TMALIGN" pretranslate --db "$DB" --src-lang ru --tgt-lang en "${O[@]}" "$WORK/invalid.txt"
expect_error "-o in a folder that does not exist" 1 "no-such-dir/x.xlf" "$TMALIGN" pretranslate --db "$DB" --src-lang ru --tgt-lang en -o "$WORK/outputs/no-such-dir/x.xlf" "$S/ru.txt"
expect_error "-o naming a folder" 1 "adir" "$TMALIGN" pretranslate --db "$DB" --src-lang ru --tgt-lang en -o "$WORK/outputs/adir" "$S/ru.txt"
expect_error "--export-tmx unwritable: the XLIFF is not written either" 1 "no-such-dir/x.tmx" "$TMALIGN" pretranslate --db "$DB" --src-lang ru --tgt-lang en -o "$WORK/outputs/kept.xlf" --export-tmx "$WORK/outputs/no-such-dir/x.tmx" "$S/ru.txt"
expect_error "-o naming the TM" 2 "overwrite" "$TMALIGN" pretranslate --db "$DB" --src-lang ru --tgt-lang en -o "$DB" "$S/ru.txt"
expect_error "--export-tmx naming the document" 2 "overwrite" "$TMALIGN" pretranslate --db "$DB" --src-lang ru --tgt-lang en --export-tmx "$S/ru.txt" "$S/ru.txt"
expect_error "--export-tmx to stdout" 2 "export-tmx" "$TMALIGN" pretranslate --db "$DB" --src-lang ru --tgt-lang en --export-tmx - "$S/ru.txt"
expect_error "no --tgt-lang" 2 "tgt-lang" "$TMALIGN" pretranslate --db "$DB" --src-lang ru "$S/ru.txt"
expect_error "--min-score above 101" 2 "min-score" "$TMALIGN" pretranslate --db "$DB" --src-lang ru --tgt-lang en --min-score 102 "$S/ru.txt"
check "the TM is unchanged by pretranslate" test "$("$TMALIGN" stats --db "$DB" | grep units:)" = "units:              11"
finish
