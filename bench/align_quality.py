#!/usr/bin/env python3
"""Scores `tmalign align` output against gold beads: strict and lax F1, and the confidence AUC.

    align_quality.py [--scorer SCORE_ALIGN_PY] GOLD BEADS TSV [GOLD BEADS TSV ...]

GOLD is a gold alignment and BEADS the aligner's `--format beads` output for the same document
(one bead a line, "[0, 1]:[2]"); TSV is its `--format tsv` output for the same run ("source<TAB>
target<TAB>score", one row a bead, in the same order), or "-" when no AUC is wanted. All triples are
pooled (one figure for a set of documents). Prints one JSON line:

  precision/recall/f1 strict and lax: from the shared scorer, score_align.py (Sennrich & Volk 2011),
      run on all GOLD BEADS pairs at once; its figures are passed on unchanged;
  auc: for every output bead with both sides non-empty, label = the bead is exactly a gold bead,
      score = the confidence in the TSV row; AUC = the probability that a right bead scores above a
      wrong one, ties counting 1/2 (the Mann-Whitney U statistic over n_right * n_wrong; Hanley &
      McNeil 1982). null when there is no right or no wrong bead;
  scored_beads, right_beads, wrong_beads: what the AUC was computed on.
The last four are left out when a TSV is "-".

Used by bench/align_bench (quality mode and the book runs); docs/benchmarks.md explains the figures.
Needs only the Python standard library.
"""
import json
import os
import re
import subprocess
import sys

BEAD = re.compile(r"\[([\d,\s]*)\]\s*:\s*\[([\d,\s]*)\]")


def read_beads(path):
    """Beads of a file as (source ids, target ids) tuples, read as score_align.py reads them."""
    beads = []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            m = BEAD.fullmatch(line.split("\t")[0].strip())
            if not m:
                raise SystemExit(f"{path}:{number}: not a bead line: {line[:80]!r}")
            ids = lambda s: tuple(int(x) for x in s.replace(",", " ").split())
            beads.append((ids(m.group(1)), ids(m.group(2))))
    return beads


def read_tsv(path):
    """(source empty?, target empty?, score) of each row of `tmalign align --format tsv`."""
    rows = []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            fields = line.rstrip("\n").split("\t")  # tabs inside a field are written \t
            try:
                rows.append((fields[0] == "", fields[1] == "", float(fields[2])))
            except (IndexError, ValueError):
                raise SystemExit(f"{path}:{number}: not a 'source<TAB>target<TAB>score' row: "
                                 f"{line[:80]!r}")
    return rows


def scored_beads(gold_path, beads_path, tsv_path):
    """(score, right?) for each output bead with both sides, the TSV row matched by position."""
    beads = read_beads(beads_path)
    rows = read_tsv(tsv_path)
    if len(rows) != len(beads):
        raise SystemExit(f"{tsv_path}: {len(rows)} rows but {beads_path} has {len(beads)} beads; "
                         "both must come from runs on the same input")
    gold = set(read_beads(gold_path))
    out = []
    for number, ((source, target), (no_source, no_target, score)) in enumerate(zip(beads, rows), 1):
        if (not source) != no_source or (not target) != no_target:
            raise SystemExit(f"{tsv_path}:{number}: row does not match bead {number} of {beads_path}")
        if source and target:
            out.append((score, (source, target) in gold))
    return out


def auc(pairs):
    """Mann-Whitney AUC of (score, label) pairs, ties 1/2; None without both labels."""
    right = sum(1 for _, label in pairs if label)
    wrong = len(pairs) - right
    if right == 0 or wrong == 0:
        return None
    # Walk the scores in ascending order, group ties: a right bead beats every wrong bead below
    # its score and half of those at its score.
    wrong_below = 0.0
    wins = 0.0
    ordered = sorted(pairs)
    i = 0
    while i < len(ordered):
        j = i
        r = w = 0
        while j < len(ordered) and ordered[j][0] == ordered[i][0]:
            if ordered[j][1]:
                r += 1
            else:
                w += 1
            j += 1
        wins += r * (wrong_below + w / 2.0)
        wrong_below += w
        i = j
    return wins / (right * wrong)


def main(argv):
    scorer = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared",
                          "tools", "score_align.py")
    if len(argv) >= 2 and argv[0] == "--scorer":
        scorer, argv = argv[1], argv[2:]
    if not argv or len(argv) % 3:
        raise SystemExit(__doc__)
    triples = [argv[i:i + 3] for i in range(0, len(argv), 3)]
    if not os.path.isfile(scorer):
        raise SystemExit(f"align_quality: no scorer at {scorer} (pass --scorer)")
    scorer_args = [path for gold, beads, _ in triples for path in (gold, beads)]
    done = subprocess.run([sys.executable, scorer] + scorer_args, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"align_quality: {scorer} failed: {done.stderr.strip()}")
    result = json.loads(done.stdout)
    pairs = []
    with_tsv = all(tsv != "-" for _, _, tsv in triples)
    if with_tsv:
        for gold, beads, tsv in triples:
            pairs += scored_beads(gold, beads, tsv)
    if with_tsv:
        value = auc(pairs)
        result["auc"] = None if value is None else round(value, 4)
        result["scored_beads"] = len(pairs)
        result["right_beads"] = sum(1 for _, label in pairs if label)
        result["wrong_beads"] = len(pairs) - result["right_beads"]
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
