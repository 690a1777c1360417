#!/usr/bin/env python3
"""Independent oracle for cell placement: compare budget-extract's records with pdfplumber's
ruled-table reading of the same pages, without truth files.

usage: oracle_compare.py RECORDS_DIR PDF_ROOT [--per-file] [--details FILE] [--cache DIR]

RECORDS_DIR is a run's output (records RECORDS_DIR/REL.json for the input PDF_ROOT/REL).
For every page holding rows of a table (rows carry their page in `origin`), pdfplumber's tables
of that page (lines strategy: ruled tables only) are read; pdfplumber's rows are aligned to ours
(by code and normalised name, wrapped names joined), its columns are mapped to our value columns
(by header path, else by order between header anchors) and every cell is compared after unit
conversion (our values are 元; the page prints the table's unit). A cell is:
  agree      same number (or both blank: counted apart as `blank`)
  missing    ours blank, pdfplumber has a number
  extra      ours has a number, pdfplumber's cell is blank
  shift      our number is pdfplumber's number of another column of the same row
  different  both numbers, not equal (and not a shift)
  text       ours a number where pdfplumber reads text (a column mapped wrong, or a name read
             as a value)
Rows: `row_lacking` = a pdfplumber row with numbers in the columns of one of our tables that no
row of ours matches. Pages: `page_no_table` = pdfplumber finds a numeric table on a page where we
have no table; `rows_unchecked` = our rows on pages where pdfplumber finds no matching table
(unruled tables: pdfplumber's lines strategy reads nothing there, so nothing is claimed).
"""
import argparse
import hashlib
import json
import os
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from decimal import Decimal, InvalidOperation

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools",
                                "real_truth"))
from draft import clean, split_code  # noqa: E402  (one cell cleaner for both tools)
import pdfplumber  # noqa: E402

CACHE_VERSION = 3
UNIT_FACTOR = {"元": Decimal(1), "千元": Decimal(1000), "万元": Decimal(10000),
               "百万元": Decimal(1000000), "亿元": Decimal(100000000)}
# our column units compared as numbers (text and indicator columns are not)
NUMERIC_UNITS = {"元", "%", "count", "score"}
CLASSES = ("agree", "missing", "extra", "shift", "different", "text")
NUMBER = re.compile(r"^[-−]?\d+(\.\d+)?%?$")
BLANK = {"", "-", "—", "－", "--", "——", "/", "－－", "―", "─", "0.00-", "—-"}
# header words of a line-number column (行次), which our records keep as rows[].line
LINE_HEADERS = {"行次", "栏次", "行号", "序号"}
TITLE_CELL = re.compile(r"单位[:：]|部门[:：]|^公开\d|表\d*$|^附表|编制单位")


# ---------------------------------------------------------------- pdfplumber side (cached)

def plumb_pdf(path):
    """{page: [table]} where table = {"cells": rows of [text, colspan, rowspan] | None}."""
    out = {}
    with pdfplumber.open(path) as pdf:
        for n, page in enumerate(pdf.pages, 1):
            tables = []
            # fake bold prints each character several times over itself; content drawn
            # outside the page box (another page's table left in the stream) is not printed
            shown = page.within_bbox(page.bbox).dedupe_chars()
            for tb in shown.find_tables():
                texts = tb.extract()
                xs = sorted({c[0] for c in tb.cells})
                tops = sorted({c[1] for c in tb.cells})
                grid = []
                for i, row in enumerate(tb.rows):
                    line = []
                    for j, bbox in enumerate(row.cells):
                        if bbox is None:
                            line.append(None)
                            continue
                        cs = sum(1 for x in xs if bbox[0] - 0.5 <= x < bbox[2] - 0.5)
                        rs = sum(1 for y in tops if bbox[1] - 0.5 <= y < bbox[3] - 0.5)
                        line.append([clean(texts[i][j]), max(cs, 1), max(rs, 1)])
                    grid.append(line)
                if grid:
                    tables.append({"cells": grid})
            if tables:
                out[n] = tables
            page.close()
    return out


def plumb_cached(path, cache):
    if not cache:
        return plumb_pdf(path)
    with open(path, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    file = os.path.join(cache, f"{digest}.v{CACHE_VERSION}.json")
    if os.path.exists(file):
        with open(file, encoding="utf-8") as f:
            return {int(k): v for k, v in json.load(f).items()}
    data = plumb_pdf(path)
    os.makedirs(cache, exist_ok=True)
    with open(file, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False)
    return data


class PTable:
    """One pdfplumber table: anchor texts on a grid, each position's owning anchor."""

    def __init__(self, cells):
        self.nrows = len(cells)
        self.ncols = max((len(r) for r in cells), default=0)
        self.owner = [[None] * self.ncols for _ in range(self.nrows)]
        self.anchor = {}
        self.merged = {}  # first grid column -> the grid columns of one printed column
        for i, row in enumerate(cells):
            for j, c in enumerate(row):
                if c is None:
                    continue
                text, cs, rs = c
                self.anchor[(i, j)] = (text, cs, rs)
                for a in range(i, min(i + rs, self.nrows)):
                    for b in range(j, min(j + cs, self.ncols)):
                        self.owner[a][b] = (i, j)

    def cell(self, i, j):
        """Text of column j of row i: of the row's cell covering it (a grid whose ruling
        differs from row to row has cells spanning several grid columns), over the grid columns
        merged into j."""
        for c in self.merged.get(j, [j]):
            o = self.owner[i][c] if c < self.ncols else None
            t = self.text(*o) if o and o[0] == i else ""
            if t.strip():
                return t
        return ""

    def span_cell(self, i, name_col, j):
        """cell(i, j) over the rows the row's name cell spans: a grid cut by ruling segments
        puts the value of a tall row in one of its sub-rows."""
        a = self.anchor.get((i, name_col)) if name_col is not None else None
        for r in range(i, min(i + (a[2] if a else 1), self.nrows)):
            if self.owner[r][j] == (i, name_col):
                continue  # the name cell itself, spanning over the value columns
            t = self.cell(r, j)
            if t.strip():
                return t
        return ""

    def joined_names(self, i):
        """(column, label) pairs of a two-level label: the cells of row i left to right, with
        a group cell merged down from a row above ('一般公共预算资金' over '小计')."""
        out, prefix, seen = [], "", set()
        for j in range(self.ncols):
            o = self.owner[i][j]
            if o is None or o in seen:
                continue
            seen.add(o)
            t = self.anchor[o][0]
            if not t.strip() or parse_num(t)[0] == "num":
                continue
            prefix += t
            if prefix != t:  # (a group cell alone on a sub-row below is not the row's name)
                out.append((j, norm_name(prefix)))
        return out

    def text(self, i, j):
        """Text of the cell starting at (i, j); '' for a position covered by a merged cell."""
        a = self.anchor.get((i, j))
        return a[0] if a else ""

    def row_texts(self, i):
        return [self.text(i, j) for j in range(self.ncols)]

    def header_path(self, j, first_data):
        """Header texts over column j, top down, in the rows above the first data row."""
        path, seen = [], set()
        for i in range(first_data):
            o = self.owner[i][j]
            if o is None or o in seen:
                continue
            seen.add(o)
            text, cs, _ = self.anchor[o]
            t = norm_header(text)
            if not t or t.isdigit() or TITLE_CELL.search(text) or (cs >= self.ncols and self.ncols > 2):
                continue
            path.append(t)
        return path


# ---------------------------------------------------------------- normalising

def nfkc(s):
    return unicodedata.normalize("NFKC", s or "")


def norm_name(s):
    s = nfkc(s)
    s = re.sub(r"\s+", "", s)
    return s.replace("：", ":").strip(":").lower()


def norm_header(s):
    s = norm_name(s)
    s = re.sub(r"\((万?元|千元|亿元|%|个|人|辆)\)$", "", s)
    return s


def parse_num(text):
    """('num', Decimal) | ('blank', None) | ('text', text)."""
    t = nfkc(text).replace(",", "").replace(" ", "").strip()
    if t in BLANK or not t:
        return ("blank", None)
    neg = t.startswith("(") and t.endswith(")")
    if neg:
        t = t[1:-1]
    if NUMBER.match(t):
        try:
            v = Decimal(t.rstrip("%").replace("−", "-"))
        except InvalidOperation:
            return ("text", text)
        return ("num", -v if neg else v)
    return ("text", text)


def row_code_names(texts):
    """Codes and (column, normalised name) pairs of one pdfplumber row."""
    codes, names = set(), []
    lead = ""
    leading = True
    for j, t in enumerate(texts):
        s = re.sub(r"\s+", "", t)
        if not s:
            continue
        if s.isdigit():
            if leading:
                lead += s
            if 3 <= len(s) <= 12:
                codes.add(s)
            continue
        leading = False
        code, name = split_code(t)
        if code:
            codes.add(code)
            names.append((j, norm_name(name)))
        m = re.match(r"^(\d{3,})\s+(\D.*)$", t.strip())
        if m:
            codes.add(m.group(1))
            names.append((j, norm_name(m.group(2))))
        names.append((j, norm_name(t)))
    if len(lead) >= 3:
        codes.add(lead)
    return codes, names


# ---------------------------------------------------------------- comparing one block

PAGE = re.compile(r"page (\d+)")


def table_factor(unit):
    return UNIT_FACTOR.get((unit or "").strip())


class Block:
    """Our rows of one table on one page."""

    def __init__(self, table, rows, page):
        self.table, self.rows, self.page = table, rows, page
        self.columns = table["columns"]
        self.header = None  # (ncols, header paths) of pdfplumber's grid, when printed here


def match_rows(block, pt, name_col=None):
    """[(our row index, pdfplumber row, name column)] in order; pdfplumber rows used once.
    Names count left of and in the name column only, once the majority has shown which it is
    (a header cell '合计' right of it is not our row '合计')."""
    if name_col is None:
        first = match_rows(block, pt, pt.ncols)
        cols = Counter(j for _, _, j in first if j is not None)
        if not cols:
            return first
        # ties to the right: '合计' printed in the code column is one row of few
        name_col = max(cols, key=lambda j: (cols[j], j))
    info = [row_code_names(pt.row_texts(i)) for i in range(pt.nrows)]
    for i, (_, names) in enumerate(info):
        names.extend(pt.joined_names(i))
    nums = [sum(1 for t in pt.row_texts(i) if parse_num(t)[0] == "num") for i in range(pt.nrows)]
    used, out, last = set(), [], -1
    for k, r in enumerate(block.rows):
        name = norm_name(r["name"])
        if not name:  # a unit's subtotal row keeps the unit's name in texts (unit_name)
            name = next((norm_name(v) for v in (r.get("texts") or {}).values()
                         if norm_name(v)), "")
        code = r.get("code")
        has_value = any(v is not None for v in r["values"].values())
        best = None
        for i in range(pt.nrows):
            if i in used or (has_value and nums[i] == 0):
                continue
            codes, names = info[i]
            names = [(j, n) for j, n in names if j <= name_col]
            cols = [j for j, n in names if n and n == name]
            wrapped = []
            if not cols and i + 1 < pt.nrows and nums[i + 1] == 0:
                # a name wrapped onto the next row of its own (ruled per line)
                nxt = dict((j, n) for j, n in info[i + 1][1])
                wrapped = [j for j, n in names if n and nxt.get(j) and n + nxt[j] == name]
            cols = cols or wrapped
            cols = cols[::-1]  # the rightmost: a name printed twice is the row's own last
            score = 0
            if cols:
                score += 2
            if code and code in codes:
                score += 3 if cols else 1
            elif code and codes and cols and any(len(c) == len(code) for c in codes):
                score -= 1  # same name, another code ('行政运行' under another 款)
            if score <= 0:
                continue
            key = (i > last, score, -abs(i - last))
            if best is None or key > best[0]:
                best = (key, i, cols[0] if cols else None)
        if best:
            _, i, j = best
            used.add(i)
            last = i
            out.append((k, i, j))
    return out


def is_text_column(pt, j, rows):
    """Mostly text (not numbers) in these rows: a name, a comparator, a unit column."""
    texts = [pt.cell(i, j) for i in rows if pt.cell(i, j).strip()]
    words = [t for t in texts if parse_num(t)[0] == "text"]
    return bool(texts) and len(words) * 2 > len(texts)


def merge_split_columns(pt, region, first_data, rows):
    """Adjacent grid columns under one header cell (or the second under no header text) that
    never both hold text in a row are one printed column: ruling segments that differ from row to row split it in pdfplumber's grid
    (the numbers then sit now in one, now in the other). Keeps the first of each run; its text
    is read by PTable.cell over the run (PTable.merged)."""
    out = []
    paths = {j: pt.header_path(j, first_data) for j in region}
    for j in region:
        if out and first_data > 0:
            prev = out[-1]
            last = pt.merged.get(prev, [prev])[-1]
            head = pt.owner[first_data - 1]
            # under one header cell, or under none (a sliver between ruling segments) while
            # the page prints a header
            one = head[j] is not None and head[j] == head[last]
            sliver = not paths[j] and any(paths.values())
            if last == j - 1 and (one or sliver) and not any(
                    pt.cell(i, c).strip() and pt.cell(i, j).strip()
                    for i in rows for c in pt.merged.get(prev, [prev])):
                pt.merged.setdefault(prev, [prev]).append(j)
                continue
        out.append(j)
    return out


def map_columns(block, pt, name_col, first_data, data_rows, matched_rows, inherited=None,
                keys=None):
    """{our column index: pdfplumber column} by header path, gaps filled by order. A page
    continuing a table without its header takes the header of the table's earlier page
    (inherited: ncols, {column: path}), the grids aligned at their right edge."""
    region = []
    for j in range(name_col + 1, pt.ncols):
        if is_text_column(pt, j, matched_rows):
            if block.table.get("side"):
                break  # the other side's names: its values are not ours
            continue
        if not set(pt.header_path(j, first_data)[-1:]) & LINE_HEADERS:
            region.append(j)
    # a merged data cell spanning several grid columns leaves the covered ones textless
    region = [j for j in region
              if any(pt.owner[i][j] == (i, j) for i in data_rows) or not data_rows]
    pt.merged = {}  # per block: the rows compared decide which columns are one
    region = merge_split_columns(pt, region, first_data, matched_rows)
    paths = {j: pt.header_path(j, first_data) for j in region}
    if not any(paths.values()) and inherited:
        # aligned at the right edge: a page may lose or gain an empty leading column
        off = inherited[0] - pt.ncols
        paths = {j: inherited[1].get(j + off, []) for j in region}
    elif any(paths.values()):
        block.header = (pt.ncols, {j: pt.header_path(j, first_data) for j in range(pt.ncols)})
    ours = [[norm_header(s) for s in c["header"].split("/")]
            if c["unit"] in NUMERIC_UNITS and (keys is None or c["key"] in keys)
            else None for c in block.columns]

    def score(h, p):
        if not p:
            return 0
        if len(p) >= len(h) and p[-len(h):] == h:
            return 3 + len(h)
        if "".join(h) == "".join(p) or "".join(h) == p[-1]:
            return 3
        if h[-1] == p[-1]:
            return 2
        if len(h[-1]) >= 2 and len(p[-1]) >= 2 and (h[-1] in p[-1] or p[-1] in h[-1]):
            return 1
        return 0

    scores = {(c, j): score(h, paths[j]) if h else 0 for c, h in enumerate(ours) for j in region}
    mapping = {}
    for c in range(len(ours)):
        best = max((scores[(c, j)] for j in region), default=0)
        if best < 2:
            continue
        js = [j for j in region if scores[(c, j)] == best]
        rivals = [d for d in range(len(ours)) if d != c and scores.get((d, js[0]), 0) >= best]
        if len(js) == 1 and not rivals:
            mapping[c] = js[0]
    # keep anchors in order (drop any that cross an earlier one)
    last = -1
    for c in sorted(mapping):
        if mapping[c] <= last:
            del mapping[c]
        else:
            last = mapping[c]
    # fill the gaps between anchors by order when the counts agree
    anchors = [(-1, -1)] + sorted(mapping.items()) + [(len(ours), len(region))]
    pos = {j: k for k, j in enumerate(region)}
    for (c0, j0), (c1, j1) in zip(anchors, anchors[1:]):
        k0 = pos[j0] if j0 in pos else -1
        k1 = pos[j1] if j1 in pos else len(region)
        gap_ours = [c for c in range(c0 + 1, c1) if ours[c]]
        gap_theirs = region[k0 + 1:k1]
        if gap_ours and len(gap_ours) == len(gap_theirs):
            for c, j in zip(gap_ours, gap_theirs):
                mapping[c] = j
    texts = [c for c, h in enumerate(ours) if h is None]
    if block.table.get("side") and len(texts) > 1 and texts[0] == 0 and \
            len(mapping) < len(ours) - len(texts) and name_col + len(ours) <= pt.ncols:
        # lists side by side (支出功能科目 | 预算数 | 经济科目 | 预算数 …): our columns, their
        # name columns included, in printed order from the row's name column on
        mapping = {c: name_col + c for c, h in enumerate(ours) if h}
        region = sorted(set(region) | set(mapping.values()))
    return mapping, region


def col_value(block, r, c, factor):
    """Our value of column c of row r in the printed unit (None for blank)."""
    col = block.columns[c]
    v = r["values"].get(col["key"])
    if v is None:
        return None
    return Decimal(str(v)) / (factor if col["unit"] == "元" else Decimal(1))


def compare_block(block, pt, stats, details, where, inherited=None):
    matches = match_rows(block, pt)
    name_cols = Counter(j for _, _, j in matches if j is not None)
    if not name_cols:
        # a table of one nameless row (三公 经费, a 收入总表 without a name column): the grid's
        # only row of amounts
        amounts = [i for i in range(pt.nrows)
                   if sum(1 for t in pt.row_texts(i) if parse_num(t)[0] == "num") >= 2]
        if len(block.rows) != 1 or norm_name(block.rows[0]["name"]) or len(amounts) != 1:
            return False
        matches, name_cols = [(0, amounts[0], None)], Counter({-1: 1})
    # the parts of a form (a project's amounts, its indicators) are rows with other columns and
    # other name columns: each part is aligned on its own
    parts = defaultdict(list)
    for m in matches:
        parts[frozenset(block.rows[m[0]]["values"])].append(m)
    if len(parts) == 1:
        return compare_part(block, pt, matches, name_cols, stats, details, where, inherited,
                            True)
    ok = False
    for part in parts.values():
        cols = Counter(j for _, _, j in part if j is not None)
        if cols:
            ok |= compare_part(block, pt, part, cols, stats, details, where, inherited, False)
    return ok


def compare_part(block, pt, matches, name_cols, stats, details, where, inherited, lacking):
    """Compare the matched rows (one name column); `lacking`: also report pdfplumber's rows
    that none of ours matched."""
    name_col = max(name_cols, key=lambda j: (name_cols[j], j))
    first_data = min(i for _, i, _ in matches)
    data_rows = [i for i in range(first_data, pt.nrows)]
    keys = set().union(*(block.rows[k]["values"] for k, _, _ in matches))
    mapping, region = map_columns(block, pt, name_col, first_data, data_rows,
                                  [i for _, i, _ in matches], inherited, keys)
    factor = table_factor(block.table.get("unit"))
    comparable = [c for c, col in enumerate(block.columns)
                  if col["unit"] in NUMERIC_UNITS and col["key"] in keys]
    if not comparable:
        stats["rows_matched"] += len(matches)
        return True
    if factor is None:
        # unit not printed: the factor that makes more cells agree
        votes = Counter()
        for f in (Decimal(1), Decimal(10000)):
            for k, i, _ in matches:
                for c in comparable:
                    if c in mapping and block.columns[c]["unit"] == "元":
                        p = parse_num(pt.cell(i, mapping[c]))
                        v = block.rows[k]["values"].get(block.columns[c]["key"])
                        if p[0] == "num" and v is not None and Decimal(str(v)) / f == p[1]:
                            votes[f] += 1
        factor = votes.most_common(1)[0][0] if votes else Decimal(1)
    stats["rows_matched"] += len(matches)
    unmapped = [c for c in comparable if c not in mapping]
    stats["columns_unmapped"] += len(unmapped)
    if unmapped:
        details.append((where, block.page, block.table["id"], "",
                        " ; ".join(block.columns[c]["header"] for c in unmapped), "",
                        " ; ".join("/".join(pt.header_path(j, first_data)) for j in region),
                        "unmapped"))
    for k, i, nj in matches:
        r = block.rows[k]
        for c in comparable:
            if c not in mapping:
                continue
            col = block.columns[c]
            if col["key"] not in r["values"]:
                continue  # a part of a form without this column (an indicator row)
            f = factor if col["unit"] == "元" else Decimal(1)
            v = r["values"].get(col["key"])
            ours = None if v is None else Decimal(str(v)) / f
            kind, p = parse_num(pt.span_cell(i, nj, mapping[c]))
            if p is None and ours is not None and len(comparable) == 1 and nj is not None:
                # a label/value form ('其中：财政拨款 | 29.78'): the value right of the label
                # (or a total's label spanning both lists of a side, its value at the end)
                right = [pt.cell(i, j) for j in range(nj + 1, pt.ncols)
                         if pt.owner[i][j] != (i, nj) and pt.cell(i, j).strip()]
                if right:
                    kind, p = parse_num(right[0])
            if kind == "text":
                if ours is None:
                    continue
                cls = "text"
            elif ours is None and p is None:
                stats["blank"] += 1
                continue
            elif ours is not None and p is not None and ours == p:
                stats["agree"] += 1
                continue
            else:
                others = {j: parse_num(pt.span_cell(i, nj, j)) for j in region
                          if j != mapping[c]}
                if ours is not None and any(o == ("num", ours) for o in others.values()):
                    cls = "shift"
                elif ours is None:
                    cls = "missing"
                elif p is None:
                    cls = "extra"
                else:
                    cls = "different"
            stats[cls] += 1
            details.append((where, block.page, block.table["id"], r["name"], col["header"],
                            "" if ours is None else str(ours.normalize()),
                            pt.span_cell(i, nj, mapping[c]), cls))
    if not lacking:
        return True
    # pdfplumber rows with numbers in this block's columns that none of ours matched
    matched = {i for _, i, _ in matches}
    cols = set(mapping.values())
    last = max(matched)
    # past our last row only when the table ends on this page (else the rest is another table's)
    ends_here = block.rows[-1] is block.table["rows"][-1]
    for i in range(first_data, pt.nrows):
        if i in matched or (i > last and not ends_here):
            continue
        texts = pt.row_texts(i)
        if not any(parse_num(pt.cell(i, j))[0] == "num" and parse_num(pt.cell(i, j))[1] != 0
                   for j in cols):
            continue
        name = texts[name_col] if name_col < len(texts) else ""
        if not name.strip() and not any(t.strip() for t in texts[:name_col]):
            continue
        label = norm_name("".join(t for t in texts[:name_col + 1] if parse_num(t)[0] == "text"))
        nums = {c: parse_num(pt.cell(i, j)) for c, j in mapping.items()}
        if label and any(
                norm_name(r["name"]) != label
                and (norm_name(r["name"]).startswith(label) or norm_name(r["name"]).endswith(label))
                and all(n[0] != "num" or col_value(block, r, c, factor) == n[1]
                        for c, n in nums.items())
                for r in block.rows):
            # one part of a two-level label ('一般公共预算资金' | '小计') on a sub-row of its
            # own in pdfplumber's grid, with the numbers of our row of the joined label
            stats["row_label_part"] += 1
            continue
        stats["row_lacking"] += 1
        details.append((where, block.page, block.table["id"], name or " ".join(texts[:name_col]),
                        "", "", " | ".join(pt.cell(i, j) for j in sorted(cols)), "row_lacking"))
    return True


def numeric_table(pt):
    """Amounts in a row or more (decimals: not codes, years or line numbers): 4 or more in all,
    2 or more in one row (a 三公 table has a single row of amounts)."""
    per_row = [sum(1 for t in pt.row_texts(i) if parse_num(t)[0] == "num" and "." in t)
               for i in range(pt.nrows)]
    return sum(per_row) >= 4 and max(per_row, default=0) >= 2


# ---------------------------------------------------------------- one record

def compare_record(rec, pdf_path, cache, stats, details, where):
    plumb = plumb_cached(pdf_path, cache)
    blocks = defaultdict(list)
    for t in rec.get("tables", []):
        if "pages" not in t.get("location", {}):
            continue
        by_page = defaultdict(list)
        for r in t["rows"]:
            m = PAGE.search(r.get("origin", ""))
            if m:
                by_page[int(m.group(1))].append(r)
        for page, rows in by_page.items():
            blocks[page].append(Block(t, rows, page))
    our_pages = set(blocks) | {p for t in rec.get("tables", [])
                               for p in t.get("location", {}).get("pages", [])}
    headers = {}  # table id -> header of its last page that printed one
    for page, bs in sorted(blocks.items()):
        pts = [PTable(t["cells"]) for t in plumb.get(page, [])]
        for b in bs:
            ok = False
            # the pdfplumber table holding most of the block's rows
            ranked = sorted(pts, key=lambda pt: -len(match_rows(b, pt)))
            for pt in ranked:
                ok = compare_block(b, pt, stats, details, where, headers.get(b.table["id"]))
                if ok:
                    break
            if b.header:
                headers[b.table["id"]] = b.header
            if not ok:
                stats["rows_unchecked"] += len(b.rows)
                details.append((where, page, b.table["id"], f"{len(b.rows)} rows", "", "",
                                f"{len(pts)} pdfplumber tables", "unchecked"))
    for page, tables in sorted(plumb.items()):
        if page in our_pages:
            continue
        if any(numeric_table(PTable(t["cells"])) for t in tables):
            stats["page_no_table"] += 1
            details.append((where, page, "", "", "", "", "", "page_no_table"))


def record_inputs(records_dir, pdf_root):
    """(record path, pdf path, relative name) for every PDF record of the run."""
    for root, _, files in os.walk(records_dir):
        for f in sorted(files):
            if not f.endswith(".json") or f.startswith("_"):
                continue
            rec_path = os.path.join(root, f)
            rel = os.path.relpath(rec_path, records_dir)[:-len(".json")]
            pdf = os.path.join(pdf_root, rel)
            if rel.lower().endswith(".pdf") and os.path.exists(pdf):
                yield rec_path, pdf, rel


KEYS = ("agree", "missing", "extra", "shift", "different", "text", "row_lacking",
        "page_no_table", "rows_matched", "rows_unchecked", "row_label_part", "columns_unmapped", "blank")


def line(name, s):
    compared = sum(s[c] for c in CLASSES)
    pct = f"{100 * s['agree'] / compared:5.1f}%" if compared else "   - "
    return (f"{name[:48]:48} cells {compared:6} agree {pct} "
            + " ".join(f"{k} {s[k]}" for k in KEYS[1:]))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("records")
    ap.add_argument("pdf_root")
    ap.add_argument("--per-file", action="store_true")
    ap.add_argument("--details")
    ap.add_argument("--cache", default=os.path.join(os.environ.get("TMPDIR", "/tmp"),
                                                     "oracle-plumb-cache"),
                    help="pdfplumber tables per PDF, by SHA-256 ('' for none)")
    a = ap.parse_args()
    total, groups, details = Counter(), defaultdict(Counter), []
    for rec_path, pdf, rel in sorted(record_inputs(a.records, a.pdf_root), key=lambda x: x[2]):
        with open(rec_path, encoding="utf-8") as f:
            rec = json.load(f)
        s = Counter()
        compare_record(rec, pdf, a.cache, s, details, rel)
        total.update(s)
        group = rel.split(os.sep)[0] if os.sep in rel else "."
        groups[group].update(s)
        if a.per_file:
            print(line(rel, s))
    if a.per_file:
        print()
    for g in sorted(groups):
        print(line(g, groups[g]))
    print(line("TOTAL", total))
    if a.details:
        with open(a.details, "w", encoding="utf-8") as f:
            f.write("file\tpage\ttable\trow\tcolumn\tours\tpdfplumber\tclass\n")
            for d in details:
                f.write("\t".join(str(x).replace("\t", " ").replace("\n", "⏎") for x in d)
                        + "\n")


if __name__ == "__main__":
    main()
