#!/usr/bin/env bash
# OmegaT imports the sample's TMX: ../shared/tools/check_cat_import.sh runs OmegaT 3.6 headless on
# the sample's Russian segments (one aligned segment a line, -p) with the exported TMX in tm/auto/,
# and passes only if OmegaT writes exactly the English of every segment.
# Usage: omegat_import_test.sh TMALIGN PROJECT_ROOT SHARED_DIR. Exit 77 = skipped.
TMALIGN=$1 ROOT=$2 SHARED=$3
CHECK=$SHARED/tools/check_cat_import.sh
if [ ! -r "$CHECK" ]; then echo "SKIPPED: $CHECK absent (../shared is not beside the project)"; exit 77; fi
if [ ! -r /usr/share/omegat/OmegaT.jar ] || ! /usr/bin/python3 -c 'import translate' 2> /dev/null; then
  echo "SKIPPED: omegat or python3-translate not installed (scripts/test.sh installs them)"; exit 77
fi
source "$(dirname "$0")/testlib.sh"
S=$ROOT/samples/embassy
"$TMALIGN" import --db "$WORK/tm.db" --src-lang ru --tgt-lang en "$S/ru.txt" "$S/en.txt" > /dev/null || exit 1
"$TMALIGN" export --db "$WORK/tm.db" --format tmx -o "$WORK/embassy.tmx" || exit 1
# The segments OmegaT gets and what it must write: each aligned pair's source and target.
"$TMALIGN" align --src-lang ru --tgt-lang en "$S/ru.txt" "$S/en.txt" > "$WORK/pairs.tsv" || exit 1
awk -F'\t' '$1 != "" && $2 != "" { print $1 }' "$WORK/pairs.tsv" > "$WORK/source.txt"
awk -F'\t' '$1 != "" && $2 != "" { print $2 }' "$WORK/pairs.tsv" > "$WORK/expected.txt"
check "OmegaT imports the exported TMX and translates every segment with it" \
  bash "$CHECK" -s ru -t en -p "$WORK/embassy.tmx" "$WORK/source.txt" "$WORK/expected.txt"
finish
