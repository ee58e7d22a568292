#!/bin/sh
# man page (gz) -> one paragraph a line: groff -man -Tutf8 with a very long line, col -b, no page header/footer.
zcat "$1" | preconv | groff -man -Tutf8 -P-cbou -rLL=3000n -rHY=0 2>/dev/null | col -b -x \
 | sed 's/^ *//; s/  */ /g' | sed '1d' | grep -v '^$' | sed '$d'
