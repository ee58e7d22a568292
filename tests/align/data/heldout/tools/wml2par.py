#!/usr/bin/env python3
"""HTTT_ROOT=DIR wml2par.py LANG FILE[:FROM-TO] ... : the translatable story= and message= strings of Wesnoth WML files in file
order, one a line; LANG=en prints the English msgid, ru the msgstr from the campaign's .mo (gettext)."""
import gettext, re, sys
import os
root=os.environ.get('HTTT_ROOT', '.') + '/usr/share/games/wesnoth/1.16/'  # where wesnoth-1.16-httt is unpacked
lang=sys.argv[1]
tr=gettext.GNUTranslations(open(root+'locale/ru/LC_MESSAGES/wesnoth-httt.mo','rb'))
pat=re.compile(r'\b(story|message)\s*=\s*_\s*"((?:[^"]|"")*)"', re.S)
for arg in sys.argv[2:]:
    path,_,rng=arg.partition(':')
    text=open(root+path,encoding='utf-8').read()
    if rng:
        a,b=rng.split('-'); text=text[text.index(a):text.index(b)]
    for m in pat.finditer(text):
        s=m.group(2).replace('""','"')
        t=s if lang=='en' else tr.gettext(s)
        if lang!='en' and t==s: print('UNTRANSLATED:',s[:60],file=sys.stderr)
        t=re.sub(r'</?[a-z]+>','',t)
        print(re.sub(r'\s+',' ',t).strip())
