#!/usr/bin/env bash
# Scores tmalign's sentence alignment on the held-out real Russian-English translations in
# tests/align/data/heldout/ (README.md there says where each text comes from and how its gold was made).
# Every document is aligned with `tmalign align --src-lang ru --tgt-lang en --presegmented --format beads`
# and scored with ../shared/tools/score_align.py (strict and lax F1, Sennrich & Volk 2011); the total
# is over all documents' beads together, as score_align.py computes it for several pairs.
#
# Usage: heldout_score.sh TMALIGN [--shared DIR] [--min-strict-f1 F]
#   --shared DIR        the shared folder (default: ../shared beside the project root)
#   --min-strict-f1 F   exit 1 when the total strict F1 is below F (the ctest quality gate)
# Exit 77 = skipped (score_align.py or python3 absent); 1 = below the floor or a failed run.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
DATA=$HERE/data/heldout
TMALIGN=${1:?usage: heldout_score.sh TMALIGN [--shared DIR] [--min-strict-f1 F]}
shift
SHARED=$HERE/../../../shared
FLOOR=
while [ $# -gt 0 ]; do
  case $1 in
    --shared) SHARED=${2:?--shared needs a folder}; shift 2 ;;
    --min-strict-f1) FLOOR=${2:?--min-strict-f1 needs a number}; shift 2 ;;
    *) echo "heldout_score.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
SCORER=$SHARED/tools/score_align.py
if [ ! -r "$SCORER" ]; then echo "SKIPPED: $SCORER absent (../shared is not beside the project)"; exit 77; fi
if ! command -v python3 > /dev/null; then echo "SKIPPED: python3 not installed"; exit 77; fi
if [ ! -x "$TMALIGN" ]; then echo "heldout_score.sh: '$TMALIGN' is not an executable" >&2; exit 1; fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/tmalign-heldout.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# f1 JSON KEY: one figure of score_align.py's JSON line.
f1() { python3 -c 'import json, sys; print("%.4f" % json.loads(sys.argv[1])[sys.argv[2]])' "$1" "$2"; }

pairs=()
printf '%-26s %5s %5s %6s %10s %8s\n' document ru en beads strict_F1 lax_F1
for gold in "$DATA"/*.gold; do
  doc=$(basename "$gold" .gold)
  test=$WORK/$doc.beads
  if ! "$TMALIGN" align --src-lang ru --tgt-lang en --presegmented --format beads \
       "$DATA/$doc.ru" "$DATA/$doc.en" > "$test" 2> "$WORK/err"; then
    echo "FAIL: tmalign align on $doc: $(cat "$WORK/err")"; exit 1
  fi
  score=$(python3 "$SCORER" "$gold" "$test") || { echo "FAIL: score_align.py on $doc"; exit 1; }
  printf '%-26s %5d %5d %6d %10s %8s\n' "$doc" "$(wc -l < "$DATA/$doc.ru")" "$(wc -l < "$DATA/$doc.en")" \
    "$(wc -l < "$gold")" "$(f1 "$score" f1_strict)" "$(f1 "$score" f1_lax)"
  pairs+=("$gold" "$test")
done
if [ ${#pairs[@]} -eq 0 ]; then echo "FAIL: no *.gold in $DATA"; exit 1; fi
total=$(python3 "$SCORER" "${pairs[@]}") || { echo "FAIL: score_align.py on all documents"; exit 1; }
strict=$(f1 "$total" f1_strict)
printf '%-26s %5s %5s %6s %10s %8s\n' TOTAL '' '' '' "$strict" "$(f1 "$total" f1_lax)"
echo "score_align.py (all documents): $total"

if [ -n "$FLOOR" ]; then
  if python3 -c 'import sys; sys.exit(0 if float(sys.argv[1]) >= float(sys.argv[2]) else 1)' "$strict" "$FLOOR"; then
    echo "PASS: total strict F1 $strict >= floor $FLOOR"
  else
    echo "FAIL: total strict F1 $strict is below the floor $FLOOR"
    exit 1
  fi
fi
