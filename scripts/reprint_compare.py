#!/usr/bin/env python3
"""Same document, another producer: reprint every PDF of a folder with pdftocairo (poppler-utils)
and compare budget-extract's records of the original and of the reprint row by row.

usage: reprint_compare.py SRC_DIR [--work DIR] [--bin BIN] [--verbose]

A reprint shows the same pages but is written by another program: fonts re-embedded as
subsets, every glyph positioned on its own, rules and fake-bold outlines redrawn as paths,
clips rewritten. A layout rule that depends on how one producer writes its file, rather than
on what the page shows, gives different rows for the two. Each difference is printed with the
first row that differs; the last line counts the rows equal in both.
"""
import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile


def reprint(src, dst):
    n = 0
    for f in sorted(glob.glob(os.path.join(src, "**", "*.pdf"), recursive=True)):
        out = os.path.join(dst, os.path.relpath(f, src))
        os.makedirs(os.path.dirname(out), exist_ok=True)
        if not os.path.exists(out):
            r = subprocess.run(["pdftocairo", "-pdf", f, out], capture_output=True)
            if r.returncode != 0:
                print(f"reprint failed: {f}: {r.stderr.decode(errors='replace')[:200]}")
                continue
        n += 1
    return n


def records(d):
    out = {}
    for f in sorted(glob.glob(os.path.join(d, "**", "*.pdf.json"), recursive=True)):
        out[os.path.relpath(f, d)] = json.load(open(f))
    return out


def rows_by_table(rec):
    """(kind, title) -> list of (code, name, values) in record order."""
    out = {}
    for t in rec.get("tables", []):
        key = (t["kind"], t.get("title"))
        for row in t.get("rows", []):
            values = json.dumps(row.get("values"), ensure_ascii=False, sort_keys=True)
            out.setdefault(key, []).append((row.get("code"), row.get("name"), values))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("src")
    ap.add_argument("--work", help="keep reprints and records here (default: a temp dir)")
    ap.add_argument("--bin", default="target/release/budget-extract")
    ap.add_argument("--verbose", action="store_true", help="print the first differing row")
    a = ap.parse_args()
    work = a.work or tempfile.mkdtemp(prefix="reprint-")
    reprinted = os.path.join(work, "pdf")
    n = reprint(a.src, reprinted)
    print(f"{n} PDFs reprinted under {reprinted}")
    outs = {}
    for label, d in (("original", a.src), ("reprint", reprinted)):
        outs[label] = os.path.join(work, "out-" + label)
        subprocess.run([a.bin, "-q", "-o", outs[label], d], check=False)
    a_recs, b_recs = records(outs["original"]), records(outs["reprint"])
    total = same = files_differ = 0
    for f, ra in a_recs.items():
        rb = b_recs.get(f)
        if rb is None:
            print(f"{f}: no record for the reprint")
            files_differ += 1
            continue
        ta, tb = rows_by_table(ra), rows_by_table(rb)
        lines = []
        for key, rows_a in ta.items():
            rows_b = tb.get(key, [])
            equal = sum(1 for x, y in zip(rows_a, rows_b) if x == y)
            total += len(rows_a)
            same += equal
            if equal < len(rows_a) or len(rows_a) != len(rows_b):
                lines.append(f"  {key[0]} {key[1]!r}: rows {len(rows_a)} / {len(rows_b)}, "
                             f"equal {equal}")
                if a.verbose:
                    for x, y in zip(rows_a, rows_b):
                        if x != y:
                            lines.append(f"    original {x[:2]} {x[2][:120]}")
                            lines.append(f"    reprint  {y[:2]} {y[2][:120]}")
                            break
        for key in tb:
            if key not in ta:
                lines.append(f"  only in the reprint: {key[0]} {key[1]!r} ({len(tb[key])} rows)")
        if lines:
            files_differ += 1
            print(f)
            print("\n".join(lines))
    print(f"rows equal {same} of {total}; files differing {files_differ} of {len(a_recs)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
