#!/bin/sh
# seg.sh TMALIGN NN: NN.{en,ru}.par (one paragraph a line) -> NN.{en,ru}.seg (one sentence a line, a blank line
# between paragraphs), with tmalign's own segmenter; run in the working folder.
for l in en ru; do
  sed 's/$/\n/' "$2.$l.par" | "$1" segment --lang $l > "$2.$l.seg"
done
