#!/usr/bin/env python3
"""Truth-free accuracy of budget-extract records on PDFs: printed numbers vs the record's values.

    scripts/coverage.py RECORDS_DIR [--pdf-root DIR] [--per-file] [--details FILE]
                        [--json FILE] [--baseline FILE] [--cache DIR]

For every PDF record under RECORDS_DIR (the `-o` folder of a run), each page that holds a
table of the record is read again from the PDF's text layer (`pdftotext -bbox`, poppler) and
its numeric words are compared, as a multiset, with the record's values on that page (a row's
page is its `origin`; values are converted back from 元 to the table's printed unit, 960700 in
a 万元 table is 96.07; "1,234.50", "1234.5", full-width digits and "-31.46" all compare equal):

- printed  numeric words on the page that look like amounts (see "exclusions" below);
- matched  record values found among the printed words (also when the PDF prints one number
           as two words, "370,219.2" wrapped over "5", and the join is exactly a record value);
- lost     printed amounts that no record value accounts for (cells not read, rows merged,
           a continuation page or a last column dropped, ...);
- astext   printed amounts the record holds only inside a text (a `texts` cell, a row name:
           performance forms, two cells glued into one text). Not lost, but not read either:
           `read` = (printed - lost - astext) / printed.
- invented record values not printed anywhere on their page: the worst failure, a number that
           looks right but is not on the page (an amount glued to the next code "92835.98302",
           code parts joined "27502", ...). Counted apart, because each says something else:
  dup      the number is on the page, but fewer times than in the record (a merged cell
           repeated on every row of a performance form, a table emitted twice);
  codeval  a code read as an amount ("2050803-培训支出" in a code column taken as 元);
  fromtext a number inside a text read as an amount (a target "≥90%" kept as 90 together with
           its text is by design and counts as matched);
  altunit  found only after converting with another unit (元 ↔ 万元 ↔ 千元): a column with its
           own unit header ("预算数（万元）" in a table without a unit line, fine) or a wrong
           table unit (a 10000x error). Counted as matched, listed in --details;
  inv0     (JSON only) a record 0 not printed: harmless when the page prints "-" or a blank.
- offpage  amounts on pages where the record has no table at all, on lines that hold two or
           more amounts (grid lines, not prose): tables not found at all (a project table's
           continuation pages without a title, ...). Not part of `lost`.

Exclusions (printed words that are matched when a record value equals them but never count as
lost): years (1990-2099 as a bare integer), page numbers (a lone integer in the top or bottom
margin, or decorated: "- 3 -", "— 37 —", "第 3 页"), column-number rows (1 2 3 4 ... or a row
with 栏次/甲/乙), codes (a bare integer at the start of a line, one whose digits are a row code of
the record, 3/5/7-digit function/economic codes, 2-digit 款/项 parts with a leading zero or after
their 类), 行次 (a bare integer up to 200 right after a row name or another 行次), percentages,
and numbers set in running text (a CJK word closer than a character's height: "安排 5.00 万元",
"表 3"). Numbers inside words (prose "收入9,316.63万元", "2026年", names) are not numeric words.

Checked against truth: on the 9 PDF golden samples (tests/golden, --pdf-root samples) it reports
0 lost and 0 invented; on the 8 PDFs of tests/real_truth every lost / invented number it
listed was checked on the page and is a real difference (rows merged or missing, code parts
glued into values, last columns dropped), except 4 words of 北京 p27 where the PDF's text has
no decimal point ("264 640000") and the record's value comes from the next page.

What it cannot see:
- Only the text layer: a scan, or glyphs mapped to wrong characters, read the same wrong way as
  the extractor (if both agree on a wrong text layer, it reports a match).
- Values are compared by number per page, not by cell: a value put in the wrong column or row
  of the same page (two cells swapped, a 基本支出 value under 项目支出) is a match whenever the
  same number is printed anywhere on that page. tests/real_truth shows such errors (广州 信访
  表5 p11: every 基本支出 value under 项目支出, 小计 blank) that this script reports as clean;
  codes and names are not compared either (烟台 审计 公开表6: economic codes 5xx for 3xx). Repeated numbers (a 合计 equal to its only row)
  hide each other the same way. What it proves is that every record value is printed on its
  page and every printed amount is in the record; not that each sits in the right cell.
- The unit is the record's own: a table whose unit the record got wrong still matches (its
  values are wrong by 10000 in 元, but convert back to the printed digits); see `altunit` and
  the `unit?` pages in --details (the page's "单位：" line disagrees with the record).
- Bare integers that look like codes or years are never lost (an amount 2025 in a 元 table).
- Words glued by the PDF ("563.15563.15") or numbers split over two words are not numbers;
  they are counted as `glued` and show up as invented values.

Deterministic, and needs only poppler's pdftotext (the extraction of one PDF is cached in
--cache, default /tmp/coverage-cache, keyed by the file's sha256).
`--json FILE` writes the totals (and per group) as JSON; `--baseline FILE` exits 1 when the run
has more lost, invented or offpage amounts, or fewer matched, than that JSON.
"""
import argparse
import collections
import hashlib
import html
import json
import os
import re
import subprocess
import sys
import unicodedata
from decimal import Decimal, InvalidOperation

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from corpus_summary import load_records  # noqa: E402  (one reader of a records folder)

UNITS = {"元": 1, "千元": 1000, "万元": 10000, "十万元": 100000, "百万元": 1000000,
         "千万元": 10000000, "亿元": 100000000}
ALT_MULTIPLIERS = (1, 10000, 1000, 100000000)

NUM_RE = re.compile(r"^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
PERCENT_RE = re.compile(r"^[-+]?\d+(?:\.\d+)?%$")
DASH_RE = re.compile(r"^[-—–－~～]+$|^/$")
# looks numeric but is not one number: glued cells, a comma where it does not belong
GLUED_RE = re.compile(r"^[-+]?[\d,]*\d\.\d+[\d,.]*\.\d+$")
PAGE_NO_RE = re.compile(r"^(?:[-—–]?\d{1,4}[-—–]?|第\d+页|共\d+页|第|页|共|[-—–/]|\d+/\d+)$")
CJK_RE = re.compile(r"[\u4e00-\u9fff]")
UNIT_LINE_RE = re.compile(r"单位[:：]?\s*(亿元|千万元|百万元|十万元|万元|千元|元)")
# first three digits of function (2xx), income (1xx), economic (3xx, 5xx) subject codes
CODE_PREFIX_RE = re.compile(r"^(?:1(?:0\d|1\d)|2(?:0\d|1\d|2\d|3\d)|3(?:0\d|1\d|99)|5(?:0\d|1\d|99))")
WORD_RE = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')
PAGE_RE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')


def fold(text):
    """Full-width digits, commas, minus signs to ASCII."""
    t = unicodedata.normalize("NFKC", text).strip()
    return t.replace("−", "-").replace("‐", "-").replace("，", ",")


def dec_key(d):
    """Canonical key of a decimal: 96.070 and 96.07 equal, -0 is 0."""
    d = d.normalize()
    if d == 0:
        return "0"
    s = format(d, "f")
    return s


def parse_amount(text):
    if not NUM_RE.match(text):
        return None
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


# ---------------------------------------------------------------- PDF words


def pdf_words(path, cache_dir):
    """{page: (width, height, [(x0, y0, x1, y1, text)])} from pdftotext -bbox, cached by sha256."""
    with open(path, "rb") as f:
        sha = hashlib.sha256(f.read()).hexdigest()
    cached = os.path.join(cache_dir, sha + ".json") if cache_dir else None
    if cached and os.path.exists(cached):
        with open(cached, encoding="utf-8") as f:
            return {int(k): v for k, v in json.load(f).items()}
    out = subprocess.run(["pdftotext", "-bbox", path, "-"], capture_output=True, check=False)
    text = out.stdout.decode("utf-8", "replace")
    pages = {}
    for n, chunk in enumerate(text.split("<page ")[1:], start=1):
        m = PAGE_RE.match("<page " + chunk)
        w, h = (float(m.group(1)), float(m.group(2))) if m else (0.0, 0.0)
        words = [(float(a), float(b), float(c), float(d), html.unescape(t))
                 for a, b, c, d, t in WORD_RE.findall(chunk)]
        pages[n] = (w, h, words)
    if cached:
        os.makedirs(cache_dir, exist_ok=True)
        tmp = cached + ".tmp%d" % os.getpid()
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(pages, f, ensure_ascii=False)
        os.replace(tmp, cached)
    return pages


def lines_of(words):
    """Words grouped into lines by vertical centre, each line sorted left to right."""
    ws = sorted(words, key=lambda w: ((w[1] + w[3]) / 2, w[0]))
    lines = []
    for w in ws:
        yc = (w[1] + w[3]) / 2
        h = max(w[3] - w[1], 1.0)
        if lines and abs(yc - lines[-1][0]) <= 0.4 * h:
            lines[-1][1].append(w)
        else:
            lines.append([yc, [w]])
    return [sorted(l[1], key=lambda w: w[0]) for l in lines]


def in_prose(line, texts, i):
    """A number set in running text ("预算安排 5.00 万元", "表 3"): a word with CJK letters sits
    next to it closer than a character's height. Table cells are further apart."""
    w = line[i]
    h = max(w[3] - w[1], 1.0)
    if i > 0 and CJK_RE.search(texts[i - 1]) and w[0] - line[i - 1][2] < 0.8 * h:
        return True
    if i + 1 < len(line) and CJK_RE.search(texts[i + 1]) and line[i + 1][0] - w[2] < 0.8 * h:
        return True
    return False


class Token:
    __slots__ = ("text", "key", "kind", "page", "line", "box")

    def __init__(self, text, key, kind, page, line, box):
        self.text, self.key, self.kind, self.page, self.line, self.box = (
            text, key, kind, page, line, box)


def page_tokens(page_no, page, codes):
    """Numeric words of a page: kind 'amount' (counts when lost), 'weak' (code, year, column
    number, page number, percent: only matched), 'dash' (a printed "-" for zero), 'glued'."""
    width, height, words = page
    toks = []
    units = set()
    for line in lines_of(words):
        texts = [fold(w[4]) for w in line]
        line_text = " ".join(texts)
        for m in UNIT_LINE_RE.finditer(line_text.replace(" ", "")):
            units.add(m.group(1))
        yc = (line[0][1] + line[0][3]) / 2
        in_margin = height and (yc < 0.07 * height or yc > 0.88 * height)
        nums = [parse_amount(t) for t in texts]
        ints = [t for t, n in zip(texts, nums) if n is not None and re.fullmatch(r"\d+", t)]
        # page number line: nothing but a small integer and page-number decoration
        decorated = len(texts) > 1  # "- 3 -", "— 37 —", "第 3 页"
        if (in_margin or decorated) and len(ints) == 1 and all(PAGE_NO_RE.match(t) for t in texts):
            continue
        colnum_line = ("栏次" in line_text or "甲" in texts or "乙" in texts
                       # "** 1 2 3" (杭州), also over one value column ("** 1")
                       or (len(texts) > 1 and set(texts[0]) <= {"*", "＊"}
                           and all(re.fullmatch(r"\d{1,2}", t) for t in texts[1:])))
        if not colnum_line and len(ints) >= 3 and len(ints) == sum(n is not None for n in nums):
            vals = [int(t) for t in ints]
            if all(b == a + 1 for a, b in zip(vals, vals[1:])) and vals[-1] <= 60:
                colnum_line = True
        leading = True  # still in the run of bare integers that opens the line (codes, 序号)
        for i, (w, t, n) in enumerate(zip(line, texts, nums)):
            if n is None:
                if PERCENT_RE.match(t):
                    toks.append(Token(t, dec_key(Decimal(t[:-1])), "weak", page_no, line_text, w[:4]))
                elif DASH_RE.match(t):
                    if not (in_margin and len(texts) <= 3):
                        toks.append(Token(t, "0", "dash", page_no, line_text, w[:4]))
                elif GLUED_RE.match(t):
                    toks.append(Token(t, None, "glued", page_no, line_text, w[:4]))
                leading = False
                continue
            bare = re.fullmatch(r"\d+", t) is not None
            weak = False
            if in_prose(line, texts, i):
                weak = True
            elif colnum_line:
                weak = True
            elif bare and 1990 <= n <= 2099:
                weak = True
            elif bare and (leading or t in codes or (t[0] == "0" and len(t) > 1)
                           or (len(t) in (3, 5, 7) and CODE_PREFIX_RE.match(t))):
                weak = True
            elif bare and n <= 200 and i > 0 and (
                    CJK_RE.search(texts[i - 1]) or (
                        toks and toks[-1].kind == "weak" and toks[-1].line == line_text
                        and re.fullmatch(r"\d{1,3}", toks[-1].text) and texts[i - 1] == toks[-1].text)):
                weak = True  # 行次: the line number printed after a row name in 决算 tables
            elif bare and len(t) == 2 and toks and toks[-1].kind == "weak" and \
                    toks[-1].line == line_text and re.fullmatch(r"\d{3,5}", toks[-1].text):
                weak = True  # 款/项 part printed after its 类 ("302 27")
            if not bare:
                leading = False
            toks.append(Token(t, dec_key(n), "weak" if weak else "amount", page_no, line_text, w[:4]))
    return toks, units


# ---------------------------------------------------------------- record values


class Value:
    __slots__ = ("yuan", "key", "mult", "table", "row", "col", "page", "text")

    def __init__(self, yuan, key, mult, table, row, col, page, text):
        self.yuan, self.key, self.mult, self.table, self.row, self.col, self.page, self.text = (
            yuan, key, mult, table, row, col, page, text)


def row_page(row, pages):
    m = re.match(r"page (\d+)", row.get("origin", ""))
    if m:
        return int(m.group(1))
    return pages[0] if pages else None


def record_values(rec):
    """{page: [Value]}, {page: set(table units)}, set(codes), {page: Counter(numbers in texts)}."""
    by_page = collections.defaultdict(list)
    texts = collections.defaultdict(collections.Counter)
    units = collections.defaultdict(set)
    codes = set()
    for t in rec.get("tables", []):
        pages = (t.get("location") or {}).get("pages")
        if not pages:
            continue
        unit = t.get("unit")
        mult = UNITS.get(unit, 1)
        colunit = {c["key"]: c.get("unit", "元") for c in t.get("columns", [])}
        title = (t.get("label", "") + " " + t.get("title", "")).strip()
        for p in pages:
            units[p].add(unit)
        for row in t.get("rows", []):
            p = row_page(row, pages)
            if row.get("code"):
                codes.add(row["code"])
                # 款/项 parts printed in their own columns
                codes.update({row["code"][3:5], row["code"][5:7]} - {""})
            for k, v in (row.get("values") or {}).items():
                if v is None:
                    continue
                d = Decimal(str(v))
                m = mult if colunit.get(k, "元") == "元" else 1
                text = (row.get("texts") or {}).get(k)
                by_page[p].append(Value(d, dec_key(d / m), m, title, row.get("name", ""), k, p,
                                        text))
            units.setdefault(p, set()).add(unit)
            for x in [row.get("name", "")] + list((row.get("texts") or {}).values()):
                texts[p].update(text_numbers(x))
        for p in pages:
            texts[p].update(text_numbers(t.get("title", "")))
    return by_page, units, codes, texts


def text_numbers(text):
    """Keys of the numbers inside a text (row names, text columns: "≥95%", "12个", "[201]")."""
    out = []
    for m in re.finditer(r"\d[\d,]*(?:\.\d+)?", fold(text or "")):
        try:
            out.append(dec_key(Decimal(m.group(0).replace(",", ""))))
        except InvalidOperation:
            pass
    return out


# ---------------------------------------------------------------- comparison


class Tally:
    FIELDS = ("pages", "printed", "matched", "lost", "astext", "invented", "dup", "codeval",
              "fromtext", "split", "inv0", "altunit", "offpage", "glued", "unit_mismatch")

    def __init__(self):
        for f in self.FIELDS:
            setattr(self, f, 0)
        self.files = 0

    def add(self, other):
        self.files += other.files
        for f in self.FIELDS:
            setattr(self, f, getattr(self, f) + getattr(other, f))

    def recall(self):
        """Share of the printed amounts that the record holds as values."""
        return (self.printed - self.lost - self.astext) / self.printed if self.printed else 1.0

    def line(self):
        return (f"pages {self.pages:4}  printed {self.printed:6}  matched {self.matched:6}  "
                f"lost {self.lost:5}  astext {self.astext:4}  invented {self.invented:4}  dup {self.dup:4}  "
                f"codeval {self.codeval:4}  fromtext {self.fromtext:4}  altunit {self.altunit:3}  offpage {self.offpage:5}  "
                f"read {100 * self.recall():5.1f}%")

    def as_json(self):
        d = {f: getattr(self, f) for f in self.FIELDS}
        d["files"] = self.files
        return d


class PageResult:
    def __init__(self):
        self.matched = 0
        self.split = 0
        self.lost, self.astext = [], []
        self.invented, self.dup, self.codeval, self.fromtext = [], [], [], []
        self.zeros, self.alt = [], []


def compare_page(values, toks, text_nums, codes, words):
    """Multiset match of a page's record values with its printed numeric words."""
    r = PageResult()
    pool = collections.defaultdict(list)  # key -> tokens, amounts first
    for t in sorted(toks, key=lambda t: (t.kind != "amount", t.kind != "weak")):
        if t.key is not None:
            pool[t.key].append(t)
    used = set()

    def take(key):
        for t in pool.get(key, ()):
            if id(t) not in used:
                used.add(id(t))
                return t
        return None

    rest = []
    for v in values:
        if take(v.key):
            r.matched += 1
        else:
            rest.append(v)
    rest = match_split(rest, toks, used, r)
    # digit runs that open a word ("2050803-培训支出", "[201]一般公共服务"): codes as printed
    word_codes = set(codes)
    embedded = set()  # numbers printed inside words ("≥90%", "3578批次", "2026年...")
    for w in words:
        t = fold(w[4])
        m = re.match(r"^[\[［【(（]?(\d{2,})", t)
        if m:
            word_codes.add(m.group(1))
        if not NUM_RE.match(t):
            embedded.update(text_numbers(t))
    for v in rest:
        if v.yuan == 0:
            r.zeros.append(v)  # a dash token, a blank, or nothing: not a wrong number
            take("0")
            continue
        for m in ALT_MULTIPLIERS:
            if m != v.mult and take(dec_key(v.yuan / m)):
                r.alt.append(v)
                break
        else:
            if v.key in pool:
                r.dup.append(v)  # printed on the page, but fewer times than in the record
            elif v.yuan == int(v.yuan) and str(int(v.yuan)) in word_codes:
                r.codeval.append(v)  # a code read as an amount
            elif v.key in embedded:
                if v.text is not None and v.key in text_numbers(v.text):
                    r.matched += 1  # a target "≥90%" kept as 90 with its text: by design
                else:
                    r.fromtext.append(v)  # a number inside a text read as an amount
            else:
                r.invented.append(v)
    spare = collections.Counter(text_nums)
    for t in toks:
        if t.kind != "amount" or id(t) in used:
            continue
        if spare[t.key] > 0:
            spare[t.key] -= 1
            r.astext.append(t)  # the record holds it in a name or text column
        else:
            r.lost.append(t)
    return r


def match_split(values, toks, used, r):
    """Numbers the PDF prints in two pieces: wrapped in a narrow cell ("370,219.2" over "5")
    or with the decimal point lost ("264" "640000"). Two unused words are joined only when
    the join is exactly a record value of the page, so no new number is made up."""
    want = collections.Counter(v.key for v in values)
    if not want:
        return values
    free = [t for t in toks if t.key is not None and id(t) not in used and t.kind != "dash"]
    joined = collections.defaultdict(list)
    for a in free:
        ax0, ay0, ax1, ay1 = a.box
        h = max(ay1 - ay0, 1.0)
        for b in free:
            if b is a or not re.fullmatch(r"\d{1,6}", b.text):
                continue
            bx0, by0, bx1, by1 = b.box
            below = 0 <= by0 - ay1 < 1.2 * h and bx0 < ax1 + 1 and bx1 > ax0 - 1
            beside = abs(by0 - ay0) < 0.3 * h and 0 <= bx0 - ax1 < 0.8 * h
            if below:
                cands = [a.text + b.text]
            elif beside and re.fullmatch(r"[-+]?[\d,]+", a.text):
                cands = [a.text + "." + b.text]
            else:
                continue
            for c in cands:
                n = parse_amount(c)
                if n is not None and want[dec_key(n)]:
                    joined[dec_key(n)].append((a, b))
    rest = []
    for v in values:
        for a, b in joined.get(v.key, ()):
            if id(a) not in used and id(b) not in used:
                used.update((id(a), id(b)))
                r.matched += 1
                r.split += 1
                break
        else:
            rest.append(v)
    return rest


def match_across_pages(results):
    """A number cut by the page break: its first digits end one page ("12,437.3", lost there),
    the rest open the next page in the same column ("6"), and the record holds the join
    (12,437.36) on the first page. Matched only when the join is exactly the invented value."""
    for (p, r, *_), (q, _, next_toks, _) in zip(results, results[1:]):
        if q != p + 1 or not r.invented:
            continue
        heads = [t for t in r.lost]
        tails = [t for t in next_toks if re.fullmatch(r"\d{1,6}", t.text)]
        for v in list(r.invented):
            for a in heads:
                b = next((b for b in tails if b.box[0] < a.box[2] + 1 and b.box[2] > a.box[0] - 1
                          and parse_amount(a.text + b.text) is not None
                          and dec_key(parse_amount(a.text + b.text)) == v.key), None)
                if b is not None:
                    r.invented.remove(v)
                    r.lost.remove(a)
                    heads.remove(a)
                    tails.remove(b)
                    r.matched += 1
                    r.split += 1
                    break


def offpage_tokens(toks):
    """Amounts on a page without a record table, on lines holding two or more amounts."""
    per_line = collections.Counter(t.line for t in toks if t.kind == "amount")
    return [t for t in toks if t.kind == "amount" and per_line[t.line] >= 2]


def check_record(rec, pdf, cache_dir, details):
    tally = Tally()
    tally.files = 1
    pages = pdf_words(pdf, cache_dir)
    by_page, rec_units, codes, text_nums = record_values(rec)
    table_pages = set(rec_units) | set(by_page)
    tally.pages = len([p for p in table_pages if p in pages])
    results = []
    for p in sorted(pages):
        toks, printed_units = page_tokens(p, pages[p], codes)
        tally.glued += sum(t.kind == "glued" for t in toks)
        if p not in table_pages:
            off = offpage_tokens(toks)
            tally.offpage += len(off)
            for t in off:
                details.append(("offpage", p, t.text, t.line))
            continue
        tally.printed += sum(t.kind == "amount" for t in toks)
        r = compare_page(by_page.get(p, []), toks, text_nums.get(p, ()), codes, pages[p][2])
        results.append((p, r, toks, printed_units))
    match_across_pages(results)
    for p, r, _, printed_units in results:
        tally.matched += r.matched + len(r.alt)
        tally.lost += len(r.lost)
        tally.astext += len(r.astext)
        tally.invented += len(r.invented)
        tally.dup += len(r.dup)
        tally.codeval += len(r.codeval)
        tally.fromtext += len(r.fromtext)
        tally.split += r.split
        tally.inv0 += len(r.zeros)
        tally.altunit += len(r.alt)
        stated = {u for u in rec_units.get(p, ()) if u}
        if printed_units and stated and not stated & printed_units:
            tally.unit_mismatch += 1
            details.append(("unit?", p, "/".join(sorted(stated)),
                            "page says " + "/".join(sorted(printed_units))))
        for t in r.lost:
            details.append(("lost", p, t.text, t.line))
        for kind, vs in (("invented", r.invented), ("dup", r.dup), ("codeval", r.codeval),
                         ("fromtext", r.fromtext), ("altunit", r.alt)):
            for v in vs:
                details.append((kind, p, fmt_value(v), f"{v.table} | {v.row[:60]} | {v.col}"))
    return tally


def fmt_value(v):
    return f"{v.key} ({format(v.yuan.normalize(), 'f')} 元)"


# ---------------------------------------------------------------- records


def resolve_pdf(src, pdf_root):
    if os.path.isabs(src):
        return src
    cands = []
    if pdf_root:
        cands.append(os.path.join(pdf_root, src))
        # a record made with another cwd: try the path's tail under the root
        parts = src.replace("\\", "/").split("/")
        for i in range(1, len(parts)):
            cands.append(os.path.join(pdf_root, *parts[i:]))
    cands.append(src)
    for c in cands:
        if os.path.isfile(c):
            return c
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("records_dir")
    ap.add_argument("--pdf-root", help="resolve source.path relative to this folder (default cwd)")
    ap.add_argument("--per-file", action="store_true", help="one line per record")
    ap.add_argument("--details", help="write every lost / invented / altunit / offpage number here")
    ap.add_argument("--json", help="write the totals as JSON to this file")
    ap.add_argument("--baseline", help="fail (exit 1) when worse than this JSON")
    ap.add_argument("--cache", default="/tmp/coverage-cache",
                    help="folder for cached pdftotext words ('' for none)")
    ap.add_argument("--worst", type=int, default=10, help="list the N worst files (default 10)")
    args = ap.parse_args()

    total = Tally()
    groups = collections.OrderedDict()
    per_file = []
    skipped = collections.Counter()
    detail_lines = []
    for rel, rec in load_records(args.records_dir):
        src = rec["source"]
        if src.get("format") != "pdf" or "!" in src.get("path", ""):
            skipped["not a PDF file"] += 1
            continue
        pdf = resolve_pdf(src["path"], args.pdf_root)
        if not pdf:
            skipped["PDF not found"] += 1
            print(f"skip {rel}: {src['path']} not found", file=sys.stderr)
            continue
        details = []
        t = check_record(rec, pdf, args.cache or None, details)
        group = rel.split(os.sep)[0] if os.sep in rel else "."
        groups.setdefault(group, Tally()).add(t)
        total.add(t)
        per_file.append((rel, t))
        if args.per_file:
            print(f"{rel}\n    {t.line()}")
        for kind, page, text, ctx in details:
            detail_lines.append(f"{rel}\tp{page}\t{kind}\t{text}\t{ctx}")

    print()
    for g, t in groups.items():
        print(f"{g:12} files {t.files:3}  {t.line()}")
    print(f"{'TOTAL':12} files {total.files:3}  {total.line()}")
    if total.glued or total.unit_mismatch:
        print(f"glued numbers {total.glued}, pages whose 单位 line disagrees with the record "
              f"{total.unit_mismatch}")
    for why, n in sorted(skipped.items()):
        print(f"skipped {n} records: {why}")
    if args.worst and per_file:
        print(f"\nworst {args.worst} (invented x3 + lost + offpage):")
        ranked = sorted(per_file, key=lambda x: (-(3 * x[1].invented + x[1].lost + x[1].offpage), x[0]))
        for rel, t in ranked[: args.worst]:
            print(f"  {rel}\n      {t.line()}")

    if args.details:
        with open(args.details, "w", encoding="utf-8") as f:
            f.write("file\tpage\tkind\tnumber\tcontext\n")
            for l in detail_lines:
                f.write(l + "\n")

    if args.json:
        out = {"total": total.as_json(), "groups": {g: t.as_json() for g, t in groups.items()}}
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(out, f, ensure_ascii=False, indent=1, sort_keys=True)
            f.write("\n")

    if args.baseline:
        with open(args.baseline, encoding="utf-8") as f:
            base = json.load(f)["total"]
        worse = [f"{k} {base[k]} -> {getattr(total, k)}" for k in ("lost", "invented", "offpage")
                 if getattr(total, k) > base.get(k, 0)]
        if total.matched < base.get("matched", 0):
            worse.append(f"matched {base['matched']} -> {total.matched}")
        if worse:
            print("\nWORSE than the baseline " + args.baseline + ": " + "; ".join(worse))
            return 1
        print("\nnot worse than the baseline " + args.baseline)
    return 0


if __name__ == "__main__":
    sys.exit(main())
