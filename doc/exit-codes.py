#!/usr/bin/env python3
"""Prints the EXIT STATUS rows of mig-host(1), in scdoc, from the table in
host-stub/exit-codes.h: the manual says the codes the program has.

  exit-codes.py host-stub/exit-codes.h
"""
import re
import sys
import textwrap

STRING = r'"(?:[^"\\]|\\.)*"'
ROW = re.compile(r'X\s*\(\s*(\w+)\s*,\s*(\d+)\s*,\s*(' + STRING + r')\s*,\s*((?:'
                 + STRING + r'\s*)+)\)')


def literal(text):
    """The value of adjacent C string literals (only \\" and \\\\ escapes)."""
    parts = re.findall(STRING, text)
    return ''.join(p[1:-1].replace('\\"', '"').replace('\\\\', '\\')
                   for p in parts)


def main():
    source = open(sys.argv[1], encoding='utf-8').read().replace('\\\n', ' ')
    rows = ROW.findall(source)
    if not rows:
        sys.exit(f'{sys.argv[1]}: no X(NAME, CODE, HELP, MANUAL) rows')
    out = []
    for _, code, _, manual in rows:
        out.append(f'*{code}*')
        out.extend('\t' + line for line in
                   textwrap.wrap(literal(manual), 72))
        out.append('')
    print('\n'.join(out).rstrip('\n'))


main()
