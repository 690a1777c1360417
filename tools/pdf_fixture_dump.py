#!/usr/bin/env python3
"""Dump PDF pages as PageContent JSON (the serde shape of src/read/pdf/page.rs) for layout
test fixtures. Development aid only: CI never runs this; the JSON it writes is committed.

usage: pdf_fixture_dump.py FILE.pdf PAGES OUT.json      (PAGES: "3,5-7", 1-based)
"""
import json
import sys

import pdfplumber


def parse_pages(spec, n):
    out = []
    for part in spec.split(","):
        if "-" in part:
            a, b = part.split("-")
            out.extend(range(int(a), int(b) + 1))
        else:
            out.append(int(part))
    return [p for p in out if 1 <= p <= n]


def r(v):
    return round(float(v), 2)


THIN = 2.5


def is_white(color):
    if color is None:
        return False
    if isinstance(color, (int, float)):
        color = (color,)
    try:
        vals = [float(v) for v in color]
    except (TypeError, ValueError):
        return False
    if len(vals) == 4:  # CMYK
        return all(v < 0.02 for v in vals)
    return all(v > 0.98 for v in vals)


def add_seg(segs, x0, y0, x1, y1):
    """Keep horizontal and vertical segments only (diagonals and curves dropped)."""
    x0, x1 = min(x0, x1), max(x0, x1)
    y0, y1 = min(y0, y1), max(y0, y1)
    if x1 - x0 < 0.01 and y1 - y0 < 0.01:
        return
    if y1 - y0 < 0.5:
        y = (y0 + y1) / 2
        segs.append({"x0": r(x0), "y0": r(y), "x1": r(x1), "y1": r(y)})
    elif x1 - x0 < 0.5:
        x = (x0 + x1) / 2
        segs.append({"x0": r(x), "y0": r(y0), "x1": r(x), "y1": r(y1)})


def page_content(page, number):
    glyphs = []
    for c in page.chars:
        t = c["text"]
        if t.strip() == "":
            continue
        m = c.get("matrix") or (1, 0, 0, 1, 0, 0)
        # upright in the displayed page: pdfplumber's flag, but also reject rotated matrices
        upright = bool(c.get("upright", True)) and abs(m[1]) < 1e-3 and abs(m[2]) < 1e-3
        glyphs.append(
            {
                "text": t,
                "x0": r(c["x0"]),
                "y0": r(c["top"]),
                "x1": r(c["x1"]),
                "y1": r(c["bottom"]),
                "size": r(c["size"]),
                "upright": upright,
            }
        )
    segs = []
    for o in page.lines:
        if o.get("stroke", True) and not is_white(o.get("stroking_color")):
            add_seg(segs, o["x0"], o["top"], o["x1"], o["bottom"])
    for o in page.rects:
        x0, y0, x1, y1 = o["x0"], o["top"], o["x1"], o["bottom"]
        if o.get("fill") and not is_white(o.get("non_stroking_color")):
            # a thin filled rectangle is a rule; a large filled one is a background
            if y1 - y0 <= THIN:
                add_seg(segs, x0, (y0 + y1) / 2, x1, (y0 + y1) / 2)
            elif x1 - x0 <= THIN:
                add_seg(segs, (x0 + x1) / 2, y0, (x0 + x1) / 2, y1)
        if o.get("stroke") and not is_white(o.get("stroking_color")):
            add_seg(segs, x0, y0, x1, y0)
            add_seg(segs, x0, y1, x1, y1)
            add_seg(segs, x0, y0, x0, y1)
            add_seg(segs, x1, y0, x1, y1)
    for o in page.curves:
        if not (o.get("stroke") and not is_white(o.get("stroking_color"))):
            continue
        pts = o.get("pts") or []
        for (ax, ay), (bx, by) in zip(pts, pts[1:]):
            add_seg(segs, ax, ay, bx, by)
    return {
        "number": number,
        "width": r(page.width),
        "height": r(page.height),
        "glyphs": glyphs,
        "segments": segs,
        "undecodable_glyphs": sum(1 for c in page.chars if "(cid:" in c["text"]),
        "has_images": bool(page.images),
    }


def main():
    path, spec, out = sys.argv[1], sys.argv[2], sys.argv[3]
    pages = []
    with pdfplumber.open(path) as pdf:
        for n in parse_pages(spec, len(pdf.pages)):
            pages.append(page_content(pdf.pages[n - 1], n))
    with open(out, "w", encoding="utf-8") as f:
        json.dump(pages, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
