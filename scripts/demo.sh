#!/usr/bin/env bash
# The main job on the sample: segment both texts, align them, import the pairs into a translation
# memory, run a fuzzy query and export TMX. Installs what is missing and builds (Release) first.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$TMALIGN_ROOT"
export LC_ALL=C.UTF-8  # bash counts characters, not bytes, when it shortens sentences below

ensure_packages "${TMALIGN_BUILD_PACKAGES[@]}" mueller7-dict  # the sample is ru-en
cmake_build_dir=build/release
build "$cmake_build_dir" -DCMAKE_BUILD_TYPE=Release -DTMALIGN_BUILD_TESTS=OFF
tmalign=$cmake_build_dir/src/cli/tmalign

sample=samples/embassy
out=build/demo
mkdir -p "$out"
rm -f "$out/embassy.db" "$out/embassy.db-wal" "$out/embassy.db-shm"

"$tmalign" segment --lang ru "$sample/ru.txt" > "$out/ru.sents"
"$tmalign" segment --lang en "$sample/en.txt" > "$out/en.sents"
"$tmalign" align --src-lang ru --tgt-lang en "$sample/ru.txt" "$sample/en.txt" > "$out/pairs.tsv"
"$tmalign" align --src-lang ru --tgt-lang en --format beads "$sample/ru.txt" "$sample/en.txt" > "$out/beads"
"$tmalign" import --db "$out/embassy.db" --src-lang ru --tgt-lang en "$sample/ru.txt" "$sample/en.txt" > "$out/import.log"
query="Россия неоднократно предлагала европейским странам совместно противодействовать киберпреступности."
"$tmalign" query --db "$out/embassy.db" --limit 3 "$query" > "$out/query.tsv"
"$tmalign" export --db "$out/embassy.db" --format tmx -o "$out/embassy.tmx" 2>/dev/null

short() { local text=$1 width=$2; if [ ${#text} -gt "$width" ]; then echo "${text:0:$((width - 1))}…"; else echo "$text"; fi; }
echo
echo "== tmalign demo on $sample (ru -> en)"
echo "segmented: $(grep -c . "$out/ru.sents") Russian and $(grep -c . "$out/en.sents") English sentences"
echo "aligned:   $(wc -l < "$out/pairs.tsv") beads; score = confidence in [0,1]; all pairs in $out/pairs.tsv"
paste "$out/beads" "$out/pairs.tsv" | while IFS=$'\t' read -r bead source target score; do
  printf '  %s  %-14s %s\n  %19s -> %s\n' "$score" "$bead" "$(short "$source" 60)" "" "$(short "$target" 60)"
done
echo "stored:    $(cat "$out/import.log")"
echo "query:     $query"
if [ -s "$out/query.tsv" ]; then
  # A match is "SCORE%<TAB>source<TAB>target"; indented lines after it add the number-substituted
  # target and who made the unit when (docs/cli.md, "query").
  while IFS= read -r line; do
    if [[ $line == [0-9]*%$'\t'* ]]; then
      IFS=$'\t' read -r score source target <<< "$line"
      printf '  %4s  %s\n        -> %s\n' "$score" "$(short "$source" 100)" "$(short "$target" 100)"
    else
      printf '        %s\n' "${line#"${line%%[! ]*}"}"
    fi
  done < "$out/query.tsv"
else
  echo "  (no match)"
fi
echo "TMX:       $out/embassy.tmx ($(grep -cE '<tu[ >]' "$out/embassy.tmx") units, TMX 1.4b)"
