#!/usr/bin/env python3
"""Print pdfplumber's tables of some pages as raw rows (a draft to check on the page image).

usage: dump_tables.py FILE.pdf FIRST [LAST] [--text]
--text uses pdfplumber's text strategy (for tables drawn without ruling lines).
"""
import sys
import pdfplumber

def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    text = "--text" in sys.argv
    path, first = args[0], int(args[1])
    last = int(args[2]) if len(args) > 2 else first
    settings = {"vertical_strategy": "text", "horizontal_strategy": "text"} if text else {}
    with pdfplumber.open(path) as pdf:
        for n in range(first, last + 1):
            page = pdf.pages[n - 1]
            for i, t in enumerate(page.extract_tables(settings)):
                print(f"## page {n} table {i} ({len(t)} rows)")
                for row in t:
                    print(" | ".join("" if c is None else c.replace("\n", "⏎") for c in row))

if __name__ == "__main__":
    main()
