#!/usr/bin/env python3
"""Same document, written another way: rewrite every PDF of a folder and compare
budget-extract's records of the original and of the rewrite row by row.

usage: reprint_compare.py SRC_DIR [--via cairo|rotate|scale:F] [--work DIR] [--bin BIN]
                          [--verbose]

--via cairo (default): reprinted by pdftocairo (poppler-utils): fonts re-embedded as subsets,
  every glyph positioned on its own, rules and fake-bold outlines redrawn as paths, clips
  rewritten.
--via rotate: every page stored turned a quarter and shown upright by /Rotate 90 (how
  Distiller stores landscape tables), with pypdf.
--via scale:F: every page and its content scaled by F (a table shrunk to fit A4 is printed in
  5-6 pt), with pypdf.
The rewrite shows the same pages. A layout rule that depends on how one producer writes its
file or on absolute sizes, rather than on what the page shows, gives different rows for the
two. Each difference is printed (with --verbose, the first row that differs); the last line
counts the rows equal in both.
"""
import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile


def rewrite_pypdf(src, out, via):
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import RectangleObject

    writer = PdfWriter(clone_from=PdfReader(src))
    for page in writer.pages:
        page.transfer_rotation_to_content()
        x0, y0, x1, y1 = [float(v) for v in page.cropbox]
        w, h = x1 - x0, y1 - y0
        page.add_transformation((1, 0, 0, 1, -x0, -y0))
        if via == "rotate":
            # stored (x, y) -> (h - y, x); /Rotate 90 shows it as before
            page.add_transformation((0, 1, -1, 0, h, 0))
            box = RectangleObject([0, 0, h, w])
        else:
            f = float(via.split(":", 1)[1])
            page.add_transformation((f, 0, 0, f, 0, 0))
            box = RectangleObject([0, 0, w * f, h * f])
        page.mediabox = box
        page.cropbox = box
        if via == "rotate":
            page.rotation = 90
    with open(out, "wb") as fh:
        writer.write(fh)


def reprint(src, dst, via):
    n = 0
    for f in sorted(glob.glob(os.path.join(src, "**", "*.pdf"), recursive=True)):
        out = os.path.join(dst, os.path.relpath(f, src))
        os.makedirs(os.path.dirname(out), exist_ok=True)
        if not os.path.exists(out):
            if via == "cairo":
                r = subprocess.run(["pdftocairo", "-pdf", f, out], capture_output=True)
                if r.returncode != 0:
                    print(f"reprint failed: {f}: {r.stderr.decode(errors='replace')[:200]}")
                    continue
            else:
                try:
                    rewrite_pypdf(f, out, via)
                except Exception as e:  # a file pypdf cannot rewrite is left out
                    print(f"rewrite failed: {f}: {e}")
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
    ap.add_argument("--via", default="cairo", help="cairo, rotate or scale:F")
    ap.add_argument("--work", help="keep reprints and records here (default: a temp dir)")
    ap.add_argument("--bin", default="target/release/budget-extract")
    ap.add_argument("--verbose", action="store_true", help="print the first differing row")
    a = ap.parse_args()
    work = a.work or tempfile.mkdtemp(prefix="reprint-")
    reprinted = os.path.join(work, "pdf")
    n = reprint(a.src, reprinted, a.via)
    print(f"{n} PDFs rewritten ({a.via}) under {reprinted}")
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
