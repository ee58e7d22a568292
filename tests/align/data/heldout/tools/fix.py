#!/usr/bin/env python3
"""fix.py NN 'BEAD;BEAD' ... : replace the '?' draft lines in order with the given beads (';'-separated per '?'),
write NN.gold and check it covers every sentence once, in order."""
import sys,re
nn=sys.argv[1]; repl=sys.argv[2:]
out=[]; k=0
for line in open(f'{nn}.draft').read().split('\n'):
    if not line: continue
    if line.startswith('?'):
        out += [b.strip() for b in repl[k].split(';')]; k+=1
    else: out.append(line)
assert k==len(repl), f'{len(repl)} replacements for {k} ? lines'
open(f'{nn}.gold','w').write('\n'.join(out)+'\n')
nr=len(open(f'{nn}.ru').read().splitlines()); ne=len(open(f'{nn}.en').read().splitlines())
rs=[];es=[]
for b in out:
    m=re.fullmatch(r'\[([\d, ]*)\]:\[([\d, ]*)\]',b); assert m,b
    r=[int(x) for x in m.group(1).replace(',',' ').split()]; e=[int(x) for x in m.group(2).replace(',',' ').split()]
    assert r or e, b
    for s,lst in ((r,rs),(e,es)):
        if s: assert s==list(range(s[0],s[-1]+1)), ('not contiguous',b)
    rs+=r; es+=e
assert rs==list(range(nr)), ('ru coverage', nr)
assert es==list(range(ne)), ('en coverage', ne)
shapes={}
for b in out:
    m=re.fullmatch(r'\[([\d, ]*)\]:\[([\d, ]*)\]',b)
    sh=f"{len(m.group(1).split(',')) if m.group(1) else 0}-{len(m.group(2).split(',')) if m.group(2) else 0}"
    shapes[sh]=shapes.get(sh,0)+1
print(nn,'ok: ru',nr,'en',ne,'beads',len(out),'shapes',dict(sorted(shapes.items())))
