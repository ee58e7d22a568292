#!/usr/bin/env python3
"""Plain text of an HTML page's body: one block element (p, li, dt, dd, hN, pre lines, td) per line,
whitespace collapsed. Usage: html2txt.py FILE.html > out.txt"""
import html.parser, re, sys
BLOCK = {"p","li","dt","dd","h1","h2","h3","h4","h5","h6","div","pre","tr","td","th","br","title","table","blockquote"}
SKIP = {"script","style","head"}
class P(html.parser.HTMLParser):
    def __init__(s):
        super().__init__(convert_charrefs=True); s.out=[]; s.cur=[]; s.skip=0; s.pre=0
    def flush(s):
        t="".join(s.cur)
        if s.pre:
            for l in t.split("\n"):
                l=l.strip()
                if l: s.out.append(l)
        else:
            t=re.sub(r"\s+"," ",t).strip()
            if t: s.out.append(t)
        s.cur=[]
    def handle_starttag(s,tag,a):
        if tag in SKIP: s.skip+=1
        if tag in BLOCK: s.flush()
        if tag=="pre": s.pre+=1
    def handle_endtag(s,tag):
        if tag in BLOCK: s.flush()
        if tag=="pre": s.pre-=1
        if tag in SKIP: s.skip-=1
    def handle_data(s,d):
        if not s.skip: s.cur.append(d)
p=P(); p.feed(open(sys.argv[1],encoding="utf-8").read()); p.flush()
print("\n".join(p.out))
