#!/usr/bin/env python3
"""build.py NN (in the working folder): NN.{en,ru}.seg -> NN.{en,ru} sentence files, NN.draft (1-1 inside equal paragraphs, '?' beads
otherwise), NN.review (side by side with global indices). A paragraph '@@' is an empty placeholder."""
import sys
nn=sys.argv[1]
def paras(path):
    ps=[[]]
    for line in open(path,encoding='utf-8').read().split('\n'):
        if not line.strip():
            if ps[-1]: ps.append([])
            continue
        ps[-1].append(line.strip())
    if not ps[-1]: ps.pop()
    return [[] if p==['@@'] else p for p in ps]
en=paras(f'{nn}.en.seg'); ru=paras(f'{nn}.ru.seg')
if len(en)!=len(ru):
    print(f'paragraph counts differ: en {len(en)} ru {len(ru)}', file=sys.stderr)
n=min(len(en),len(ru))
ei=ri=0; draft=[]; rev=[]
for k in range(max(len(en),len(ru))):
    pe=en[k] if k<len(en) else []; pr=ru[k] if k<len(ru) else []
    rs=list(range(ri,ri+len(pr))); es=list(range(ei,ei+len(pe)))
    rev.append(f'===== paragraph {k}')
    for i,s in zip(rs,pr): rev.append(f'  R{i}: {s}')
    for i,s in zip(es,pe): rev.append(f'  E{i}: {s}')
    if len(pe)==len(pr):
        for a,b in zip(rs,es): draft.append(f'[{a}]:[{b}]')
    elif not pe:
        for a in rs: draft.append(f'[{a}]:[]')
    elif not pr:
        for b in es: draft.append(f'[]:[{b}]')
    else:
        draft.append('? '+str(rs)+':'+str(es))
    ei+=len(pe); ri+=len(pr)
open(f'{nn}.en','w').write(''.join(s+'\n' for p in en for s in p))
open(f'{nn}.ru','w').write(''.join(s+'\n' for p in ru for s in p))
open(f'{nn}.draft','w').write('\n'.join(draft)+'\n')
open(f'{nn}.review','w').write('\n'.join(rev)+'\n')
print(f'{nn}: ru {ri} en {ei} sentences, {len(draft)} draft beads, {sum(d.startswith("?") for d in draft)} to resolve')
