#!/usr/bin/env python3
"""pdf2par.py PDF FIRST LAST STOP [START]: paragraphs of pages FIRST..LAST of a LaTeX-made PDF, one a line, up to the
line starting with STOP. pdftotext -layout keeps the first-line indent, which starts a paragraph; running heads
and page numbers are dropped; a word hyphenated at a line end is joined."""
import re, subprocess, sys
pdf, first, last, stop = sys.argv[1:5]
start = sys.argv[5] if len(sys.argv) > 5 else None
started = start is None
txt = subprocess.run(['pdftotext', '-layout', '-f', first, '-l', last, pdf, '-'], capture_output=True, text=True).stdout
paras = []; cur = []
def flush():
    if cur: paras.append(' '.join(cur))
    cur.clear()
for page in txt.split('\f'):
    for line in page.split('\n'):
        if not line.strip(): continue
        s = line.strip()
        if not started:
            if s.startswith(start) or re.sub(r'\s+',' ',s).startswith(start): started = True
            else: continue
        if re.fullmatch(r'\d+', s): continue                      # page number
        if re.match(r'^\d+\s{5,}\S', s) or re.search(r'\S\s{10,}\d+$', s): continue   # running head with page number
        if s.startswith(stop): flush(); print('\n'.join(paras)); sys.exit()
        heading = re.match(r'^(\d+(\.\d+)*)\s{2,}(\S.*)$', s)
        if heading:
            flush(); paras.append(heading.group(1) + ' ' + heading.group(3)); continue
        if len(line) - len(line.lstrip()) >= 2: flush()
        if cur and cur[-1].endswith('-') and not cur[-1].endswith(' -') and s[0].isalpha():
            cur[-1] = cur[-1][:-1] + s               # hyphenated word
        elif cur and cur[-1].endswith('–'):
            cur[-1] = cur[-1] + s
        else:
            cur.append(s)
flush(); print('\n'.join(paras))
