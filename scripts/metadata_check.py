#!/usr/bin/env python3
"""Compares each record's report metadata (department, year, kind) with the corpus README's
table of files (../shared/real-cn/README.md: `| `file` | city | department | kind | year | …`).

    python3 scripts/metadata_check.py RECORDS_DIR README.md [--json F] [--baseline F]

Prints one line per mismatch and a total. The README's department is the publishing
department as named in the document; a record naming a sub-unit of it, or the department with a
scope suffix such as （本级）/（汇总）, counts as right when one contains the other after the
suffix is dropped. With --baseline F, exits 1 when more fields are wrong than F records.
"""
import argparse
import json
import re
import sys
from pathlib import Path

KINDS = {
    "部门预算": "budget",
    "单位预算": "budget",
    "部门决算": "final_accounts",
    "单位决算": "final_accounts",
    "绩效目标": "performance",
    "绩效自评": "performance",
}
SCOPE = re.compile(r"[（(](本级|汇总|部门|单位)[)）]$")


def readme_rows(path):
    rows = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        m = re.match(r"^\| `([^`]+)` \| ([^|]*) \| ([^|]*) \| ([^|]*) \| ([^|]*) \|", line)
        if m:
            rows[m.group(1)] = {
                "department": m.group(3).strip(),
                "kind": KINDS.get(m.group(4).strip(), m.group(4).strip()),
                "year": int(m.group(5)) if m.group(5).strip().isdigit() else None,
            }
    return rows


def same_department(got, want):
    if not got:
        return False
    got = SCOPE.sub("", got.replace("(", "（").replace(")", "）"))
    want = SCOPE.sub("", want.replace("(", "（").replace(")", "）"))
    return got == want or got in want or want in got


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("records")
    ap.add_argument("readme")
    ap.add_argument("--json")
    ap.add_argument("--baseline")
    a = ap.parse_args()
    want = readme_rows(a.readme)
    wrong = []
    for name, w in sorted(want.items()):
        f = Path(a.records) / (name + ".json")
        if not f.exists():
            wrong.append((name, "record", "missing", ""))
            continue
        rep = json.loads(f.read_text(encoding="utf-8")).get("report", {})
        if not same_department(rep.get("department"), w["department"]):
            wrong.append((name, "department", rep.get("department"), w["department"]))
        if w["year"] is not None and rep.get("year") != w["year"]:
            wrong.append((name, "year", rep.get("year"), w["year"]))
        if rep.get("kind") != w["kind"]:
            wrong.append((name, "kind", rep.get("kind"), w["kind"]))
    for name, field, got, exp in wrong:
        print(f"{name}: {field} {got!r}, README says {exp!r}")
    fields = 3 * len(want)
    print(f"TOTAL files {len(want)}  fields {fields}  wrong {len(wrong)}")
    if a.json:
        Path(a.json).write_text(json.dumps({"files": len(want), "wrong": len(wrong)}) + "\n")
    if a.baseline:
        base = json.loads(Path(a.baseline).read_text())
        if len(wrong) > base["wrong"]:
            print(f"WORSE: {len(wrong)} wrong fields, baseline {base['wrong']}")
            sys.exit(1)
        print("not worse than the baseline")


if __name__ == "__main__":
    main()
