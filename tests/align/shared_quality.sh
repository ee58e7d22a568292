#!/usr/bin/env bash
# Quality gates of issue 4 on the shared gold sets, through the CLI as a user runs it (with the
# installed dictionaries): `tmalign align --presegmented --format beads` scored with
# ../shared/tools/score_align.py (via bench/align_quality.py, which adds the confidence AUC).
#
#   ntrex-ruen     strict F1 >= 0.97, lax F1 >= 0.99
#   textberg-defr  strict F1 >= 0.85 (with dict-freedict-deu-fra installed; skipped without it)
#
# Usage: shared_quality.sh TMALIGN [--shared DIR]
# Exit 77 = skipped (../shared or python3 absent); 1 = below a gate or a failed run.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$HERE/../..
TMALIGN=${1:?usage: shared_quality.sh TMALIGN [--shared DIR]}
shift
SHARED=$ROOT/../shared
while [ $# -gt 0 ]; do
  case $1 in
    --shared) SHARED=${2:?--shared needs a folder}; shift 2 ;;
    *) echo "shared_quality.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
SCORER=$SHARED/tools/score_align.py
QUALITY=$ROOT/bench/align_quality.py
if [ ! -r "$SCORER" ]; then echo "SKIPPED: $SCORER absent (../shared is not beside the project)"; exit 77; fi
if ! command -v python3 > /dev/null; then echo "SKIPPED: python3 not installed"; exit 77; fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/tmalign-quality.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
failed=0

# gate SET SRC TGT EXT_SRC EXT_TGT MIN_STRICT MIN_LAX
gate() {
  local set=$1 src=$2 tgt=$3 xs=$4 xt=$5 min_strict=$6 min_lax=$7 args=() gold doc
  for gold in "$SHARED/data/alignment/$set"/*.gold; do
    doc=${gold%.gold}
    local out=$WORK/$set-$(basename "$doc")
    # One run, two outputs: the beads from the TSV rows would need the texts; run twice instead.
    if ! "$TMALIGN" align --src-lang "$src" --tgt-lang "$tgt" --presegmented --format beads \
         "$doc.$xs" "$doc.$xt" > "$out.beads" 2> "$WORK/err" ||
       ! "$TMALIGN" align --src-lang "$src" --tgt-lang "$tgt" --presegmented --format tsv \
         "$doc.$xs" "$doc.$xt" > "$out.tsv" 2>> "$WORK/err"; then
      echo "FAIL: tmalign align on $doc: $(cat "$WORK/err")"; failed=1; return
    fi
    args+=("$gold" "$out.beads" "$out.tsv")
  done
  local json
  json=$(python3 "$QUALITY" --scorer "$SCORER" "${args[@]}") || { echo "FAIL: scoring $set"; failed=1; return; }
  echo "$set: $json"
  if python3 - "$json" "$min_strict" "$min_lax" <<'PY'
import json, sys
r = json.loads(sys.argv[1])
ok = r["f1_strict"] >= float(sys.argv[2]) and r["f1_lax"] >= float(sys.argv[3])
sys.exit(0 if ok else 1)
PY
  then
    echo "PASS: $set strict F1 >= $min_strict, lax F1 >= $min_lax"
  else
    echo "REGRESSION in F1 on $set: gates strict $min_strict, lax $min_lax"; failed=1
  fi
}

gate ntrex-ruen ru en ru en 0.97 0.99
if [ -r /usr/share/dictd/freedict-deu-fra.index ]; then
  gate textberg-defr de fr de fr 0.85 0
else
  echo "SKIPPED textberg-defr: dict-freedict-deu-fra is not installed (scripts/lib.sh installs it)"
fi
exit $failed
