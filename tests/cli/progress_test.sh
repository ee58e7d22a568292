#!/usr/bin/env bash
# The progress bar of analyze, pretranslate and import as a user sees it: nothing on a standard
# error that is a file; on a terminal (a pseudo-terminal made by python's pty module) a bar that
# ends cleared, with standard output unchanged; nothing for an operation shorter than the 1 s
# delay. TMALIGN_PROGRESS_DELAY_MS=0 lets the quick sample operations draw.
# Usage: progress_test.sh TMALIGN PROJECT_ROOT
TMALIGN=$1 ROOT=$2
source "$(dirname "$0")/testlib.sh"
S=$ROOT/samples/embassy
DB=$WORK/tm.db
ESC=$(printf '\033')
CR=$(printf '\r')
"$TMALIGN" import --db "$DB" --src-lang ru --tgt-lang en --no-dictionary "$S/ru.txt" "$S/en.txt" \
  > /dev/null || { echo "FAIL: cannot import the sample"; exit 1; }

# A document of 2000 distinct sentences (the sample's, numbered): long enough for a few redraws.
python3 - "$S/ru.sents" "$WORK/doc.txt" <<'PY'
import sys
sentences = [l for l in open(sys.argv[1], encoding="utf-8").read().splitlines() if l]
with open(sys.argv[2], "w", encoding="utf-8") as out:
    for i in range(2000):
        out.write(sentences[i % len(sentences)].rstrip(".") + " (" + str(i) + ").\n\n")
PY

# on_tty OUT ERR COMMAND...: runs COMMAND with standard error on a pseudo-terminal (standard
# output into the file OUT), writes what the terminal received into ERR, exits with its status.
cat > "$WORK/on_tty.py" <<'PY'
import os, pty, subprocess, sys
master, slave = pty.openpty()
with open(sys.argv[1], "wb") as out:
    child = subprocess.Popen(sys.argv[3:], stdin=subprocess.DEVNULL, stdout=out, stderr=slave)
os.close(slave)
received = b""
while True:
    try:
        chunk = os.read(master, 65536)
    except OSError:  # EIO: the child closed the terminal
        break
    if not chunk:
        break
    received += chunk
open(sys.argv[2], "wb").write(received)
sys.exit(child.wait())
PY
on_tty() { python3 "$WORK/on_tty.py" "$@"; }

# ends_cleared FILE [REGEX]: the terminal got at least one bar, and the last thing drawn erased it
# ("\r ESC[K"); after that comes nothing, or one line that REGEX matches.
ends_cleared() {
  python3 - "$1" "${2:-}" <<'PY'
import re, sys
data = open(sys.argv[1], "rb").read().decode()
after = sys.argv[2]
erase = "\r\x1b[K"
assert data.startswith("\r"), repr(data[:200])
cut = data.rfind(erase)
assert cut >= 0, repr(data[-300:])
tail = data[cut + len(erase):]
# After the erase only the final message, if any (a pty turns "\n" into "\r\n").
if after:
    assert re.fullmatch(after + "\r\n", tail), (repr(tail), after)
else:
    assert tail == "", repr(tail)
PY
}

export TMALIGN_PROGRESS_DELAY_MS=0

# --- standard error a file: no bar
"$TMALIGN" analyze --db "$DB" --lang ru "$WORK/doc.txt" > "$WORK/plain.out" 2> "$WORK/plain.err"
check "analyze, stderr a file: nothing on stderr" test ! -s "$WORK/plain.err"
"$TMALIGN" pretranslate --db "$DB" --src-lang ru --tgt-lang en "$WORK/doc.txt" -o "$WORK/plain.xlf" \
  2> "$WORK/pre.err"
check "pretranslate, stderr a file: only its summary line" \
  test "$(wc -l < "$WORK/pre.err")" -eq 1 -a "$(grep -c "[$ESC$CR]" "$WORK/pre.err")" -eq 0
"$TMALIGN" import --db "$WORK/b.db" --src-lang ru --tgt-lang en --no-dictionary "$S/ru.txt" "$S/en.txt" \
  > /dev/null 2> "$WORK/import.err"
check "import, stderr a file: nothing on stderr" test ! -s "$WORK/import.err"

# --- standard error a terminal: a bar, cleared at the end; standard output unchanged
if on_tty "$WORK/tty.out" "$WORK/tty.err" "$TMALIGN" analyze --db "$DB" --lang ru "$WORK/doc.txt"; then
  check "analyze on a terminal draws a bar with percent and count" \
    grep -q "analyze \[#*-*\] *[0-9]*%  [0-9]*/2000" "$WORK/tty.err"
  check "analyze on a terminal ends with the bar cleared" ends_cleared "$WORK/tty.err"
  check "analyze's table is the same with a bar on stderr" cmp "$WORK/plain.out" "$WORK/tty.out"
else
  fail "analyze on a terminal exits 0"
fi
on_tty "$WORK/json.out" "$WORK/json.err" "$TMALIGN" analyze --db "$DB" --lang ru --json "$WORK/doc.txt"
check "analyze --json on a terminal: the bar is on stderr only" grep -q "analyze \[" "$WORK/json.err"
check "and the JSON on stdout is clean" \
  python3 -c 'import json, sys; json.load(open(sys.argv[1])); assert b"\x1b" not in open(sys.argv[1], "rb").read()' "$WORK/json.out"

on_tty "$WORK/pre.out" "$WORK/pre.tty" "$TMALIGN" pretranslate --db "$DB" --src-lang ru --tgt-lang en \
  "$WORK/doc.txt" -o "$WORK/tty.xlf"
check "pretranslate on a terminal draws a bar" grep -q "pretranslate \[#*-*\]" "$WORK/pre.tty"
check "pretranslate clears it before its summary line" ends_cleared "$WORK/pre.tty" \
  "tmalign: pretranslated 2000 segments of [^\r\n]*"
check "pretranslate writes the same XLIFF with a bar" cmp "$WORK/plain.xlf" "$WORK/tty.xlf"

on_tty "$WORK/import.out" "$WORK/import.tty" "$TMALIGN" import --db "$WORK/c.db" --src-lang ru \
  --tgt-lang en --no-dictionary "$S/ru.txt" "$S/en.txt"
check "import of two texts on a terminal shows its stage" grep -q "import: " "$WORK/import.tty"
check "import of two texts clears it" ends_cleared "$WORK/import.tty"
check "import prints its result on stdout as ever" grep -q ': 11 new' "$WORK/import.out"

# --- the default delay: an operation shorter than 1 s draws nothing, even on a terminal
unset TMALIGN_PROGRESS_DELAY_MS
on_tty "$WORK/quick.out" "$WORK/quick.err" "$TMALIGN" analyze --db "$DB" --lang ru "$S/ru.txt"
check "a quick analyze on a terminal draws nothing (1 s delay)" test ! -s "$WORK/quick.err"
finish
