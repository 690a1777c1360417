#!/usr/bin/env python3
"""Render pages to PNG (pypdfium2, no poppler needed): render.py FILE.pdf OUTPREFIX DPI PAGE...
Optional crop: PAGE:x0,y0,x1,y1 as fractions of the page (e.g. 5:0,0.5,1,1 = bottom half)."""
import sys
import pypdfium2 as pdfium

path, prefix, dpi = sys.argv[1], sys.argv[2], float(sys.argv[3])
pdf = pdfium.PdfDocument(path)
for spec in sys.argv[4:]:
    n, _, crop = spec.partition(":")
    img = pdf[int(n) - 1].render(scale=dpi / 72).to_pil()
    if crop:
        x0, y0, x1, y1 = (float(v) for v in crop.split(","))
        w, h = img.size
        img = img.crop((int(x0 * w), int(y0 * h), int(x1 * w), int(y1 * h)))
    else:  # trim the white margins
        from PIL import ImageOps
        box = ImageOps.invert(img.convert("L")).point(lambda v: 255 if v > 40 else 0).getbbox()
        if box:
            img = img.crop((max(0, box[0] - 8), max(0, box[1] - 8), box[2] + 8, box[3] + 8))
    out = f"{prefix}-{spec.replace(':', '_').replace(',', '_')}.png"
    img.save(out)
    print(out, img.size)
