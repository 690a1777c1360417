#!/usr/bin/env python3
"""Build the hostile-input fixtures of tests/fixtures/bad/hostile/ (issue 9).

Each file is small and built byte by byte (stdlib only), so the exact hostility is visible
here: lying counts, huge spans and dimensions, looping sector chains, bad zip member names,
fanning-out PDF forms. Run from the repository root:  python3 tools/hostile/make_hostile.py
Large cases (100,000 zip members, /dev/zero, FIFOs) are built at test time instead.
"""
import io
import os
import struct
import zipfile

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "fixtures", "bad", "hostile")

CT_XLSX = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
</Types>"""
RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
WB = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"""
WB_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>
</Relationships>"""
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def xlsx(path, sheet_data, merges="", sst='<sst %s count="1" uniqueCount="1"><si><t>收入支出决算总表</t></si></sst>' % NS):
    sheet = f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}><sheetData>{sheet_data}</sheetData>{merges}</worksheet>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CT_XLSX)
        z.writestr("_rels/.rels", RELS)
        z.writestr("xl/workbook.xml", WB)
        z.writestr("xl/_rels/workbook.xml.rels", WB_RELS)
        z.writestr("xl/worksheets/sheet1.xml", sheet)
        z.writestr("xl/sharedStrings.xml", '<?xml version="1.0" encoding="UTF-8"?>' + sst)


def docx(path, body):
    doc = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           f'<w:body>{body}</w:body></w:document>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        z.writestr("word/document.xml", doc)


# ---------------------------------------------------------------- OLE compound file (xls)

ENDOFCHAIN, FREESECT, FATSECT, NOSTREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF


def rec(typ, data):
    return struct.pack("<HH", typ, len(data)) + data


def biff_workbook(sheet_records):
    """A BIFF8 workbook stream: globals (one sheet) + one worksheet substream."""
    bof_globals = rec(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0, 0, 0, 0))
    name = "Sheet1".encode("ascii")
    def bound(pos):
        return rec(0x0085, struct.pack("<IBBBB", pos, 0, 0, len(name), 0) + name)
    head = bof_globals + rec(0x0042, struct.pack("<H", 1200))
    pos = len(head) + len(bound(0)) + len(rec(0x000A, b""))
    globals_ = head + bound(pos) + rec(0x000A, b"")
    sheet = rec(0x0809, struct.pack("<HHHHII", 0x0600, 0x0010, 0, 0, 0, 0)) + sheet_records + rec(0x000A, b"")
    stream = globals_ + sheet
    # Keep the stream out of the mini stream (>= 4096 bytes) with a padding record at the end.
    if len(stream) < 4096:
        stream += rec(0x00E1, b"") * 0  # placeholder, padding below
        stream += b"\x00" * (4096 - len(stream))
    return stream


def dir_entry(name, typ, start, size, child=NOSTREAM):
    n = name.encode("utf-16-le") + b"\x00\x00"
    return (n.ljust(64, b"\x00") + struct.pack("<HBB", len(n), typ, 1)
            + struct.pack("<III", NOSTREAM, NOSTREAM, child) + b"\x00" * 16 + struct.pack("<I", 0)
            + b"\x00" * 16 + struct.pack("<II", start, size) + b"\x00" * 4)


def cfb(stream, fat_patch=None, dir_next=ENDOFCHAIN):
    """Sector 0: FAT, sector 1: directory, sectors 2..: the Workbook stream."""
    n = (len(stream) + 511) // 512
    fat = [FATSECT, dir_next] + [2 + i + 1 for i in range(n - 1)] + [ENDOFCHAIN]
    if fat_patch:
        for k, v in fat_patch.items():
            fat[k] = v
    fat += [FREESECT] * (128 - len(fat))
    header = (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + b"\x00" * 16
              + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\x00" * 6
              + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, ENDOFCHAIN, 0, ENDOFCHAIN, 0)
              + struct.pack("<I", 0) + struct.pack("<I", FREESECT) * 108)
    assert len(header) == 512
    dirs = (dir_entry("Root Entry", 5, ENDOFCHAIN, 0, child=1)
            + dir_entry("Workbook", 2, 2, len(stream))).ljust(512, b"\x00")
    body = stream.ljust(n * 512, b"\x00")
    return header + struct.pack("<128I", *fat) + dirs + body


def number(row, col, v):
    return rec(0x0203, struct.pack("<HHHd", row, col, 0, v))


def dims(r0, r1, c0, c1):
    return rec(0x0200, struct.pack("<IIHHH", r0, r1, c0, c1, 0))


def pdf(objects):
    """A PDF from object bodies (1-based numbering), with a correct xref table."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for o in offsets:
        out += b"%010d 00000 n \n" % o
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def stream_obj(dict_body, data):
    return b"<< %s /Length %d >>\nstream\n" % (dict_body, len(data)) + data + b"\nendstream"


def fanout_pdf(pages=50, depth=12, fan=8):
    """Form k draws form k+1 `fan` times; the leaf shows text. Every page draws form 0."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", None,
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    first_form = len(objs) + 1
    for k in range(depth):
        n = first_form + k
        if k + 1 < depth:
            res = b"<< /XObject << /F %d 0 R >> >>" % (n + 1)
            data = b"q 1 0 0 1 1 1 cm /F Do Q " * fan
        else:
            res = b"<< /Font << /H 3 0 R >> >>"
            data = b"BT /H 8 Tf 10 10 Td (1234567890 abcdefghij) Tj ET 0 0 m 100 0 l S"
        objs.append(stream_obj(b"/Type /XObject /Subtype /Form /BBox [0 0 600 800] /Resources " + res, data))
    kids = []
    for p in range(pages):
        content_n = len(objs) + 1
        objs.append(stream_obj(b"", b"/F0 Do"))
        kids.append(len(objs) + 1)
        objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents %d 0 R "
                    b"/Resources << /XObject << /F0 %d 0 R >> >> >>" % (content_n, first_form))
    objs[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), pages)
    return pdf(objs)


def raw_name_zip(path, names, content=b"%PDF-1.4\n"):
    """A zip whose member names are raw bytes (no UTF-8 flag), written through placeholders."""
    buf = io.BytesIO()
    placeholders = []
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        for i, raw in enumerate(names):
            ph = ("%05d" % i).encode() + b"x" * (len(raw) - 5)
            assert len(ph) == len(raw)
            placeholders.append((ph, raw))
            z.writestr(ph.decode("ascii"), content)
    data = buf.getvalue()
    for ph, raw in placeholders:
        assert data.count(ph) == 2, ph
        data = data.replace(ph, raw)
    with open(path, "wb") as f:
        f.write(data)


def main():
    os.makedirs(OUT, exist_ok=True)
    p = lambda name: os.path.join(OUT, name)
    table = lambda cell: f'<w:tbl><w:tblGrid><w:gridCol/></w:tblGrid><w:tr>{cell}</w:tr></w:tbl>'
    tc = lambda pr, text: f'<w:tc><w:tcPr>{pr}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>'
    docx(p("docx_gridspan_4e9.docx"), table(tc('<w:gridSpan w:val="4000000000"/>', "合计") + tc("", "1")))
    docx(p("docx_gridbefore_4e9.docx"),
         '<w:tbl><w:tr><w:trPr><w:gridBefore w:val="4000000000"/></w:trPr>' + tc("", "合计") + '</w:tr></w:tbl>')
    docx(p("docx_many_spans.docx"), table("".join(tc('<w:gridSpan w:val="4000"/>', str(i)) for i in range(200))))

    xlsx(p("xlsx_sst_unique_1e11.xlsx"), '<row r="1"><c r="A1" t="s"><v>0</v></c></row>',
         sst=f'<sst {NS} count="100000000000" uniqueCount="100000000000"><si><t>收入支出决算总表</t></si></sst>')
    xlsx(p("xlsx_far_corners.xlsx"),
         '<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')
    xlsx(p("xlsx_merge_whole_sheet.xlsx"), '<row r="1"><c r="A1" t="s"><v>0</v></c></row>',
         merges='<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>')
    many = "".join(f'<mergeCell ref="A{2 * i + 2}:B{2 * i + 2}"/>' for i in range(30000))
    xlsx(p("xlsx_30000_merges.xlsx"), '<row r="1"><c r="A1" t="s"><v>0</v></c></row>',
         merges=f'<mergeCells count="30000">{many}</mergeCells>')

    good = number(0, 0, 2240101.0) + number(0, 1, 96.07)
    with open(p("xls_control.xls"), "wb") as f:
        f.write(cfb(biff_workbook(dims(0, 1, 0, 2) + good)))
    with open(p("xls_dimensions_huge.xls"), "wb") as f:
        f.write(cfb(biff_workbook(dims(0, 0xFFFFFFFF, 0, 0xFFFF) + good)))
    with open(p("xls_far_cells.xls"), "wb") as f:
        f.write(cfb(biff_workbook(dims(0, 1, 0, 2) + good + number(0xFFFF, 0xFFFF, 1.0))))
    with open(p("xls_fat_self_loop.xls"), "wb") as f:
        f.write(cfb(biff_workbook(good), fat_patch={2: 2}))
    with open(p("xls_fat_two_cycle.xls"), "wb") as f:
        f.write(cfb(biff_workbook(good), fat_patch={2: 3, 3: 2}))
    with open(p("xls_directory_self_loop.xls"), "wb") as f:
        f.write(cfb(biff_workbook(good), dir_next=1))

    raw_name_zip(p("zip_bad_names.zip"), [
        b"nul\x00inside.pdf",
        b"new\nline.pdf",
        b"bad\xff\xfe\x80bytes.pdf",
        b"long" + b"x" * 296 + b".pdf",
        b"dir/" + "长".encode("utf-8") * 100 + b".pdf",
    ])
    # Same name twice, and one name in GBK (no UTF-8 flag) next to the same name in UTF-8.
    name = "决算.pdf"
    raw_name_zip(p("zip_colliding_names.zip"),
                 [b"a.pdf", b"a.pdf", name.encode("gbk"), name.encode("utf-8"), b"sub/../a.pdf"])

    with open(p("pdf_form_fanout.pdf"), "wb") as f:
        f.write(fanout_pdf())


if __name__ == "__main__":
    main()
