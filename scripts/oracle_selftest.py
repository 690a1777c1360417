#!/usr/bin/env python3
"""Check that scripts/oracle_compare.py sees the errors it is for: takes one record of a run and
its PDF, plants one error of each kind in a copy and asserts each is reported.

usage: oracle_selftest.py RECORD.json PDF   (a record whose tables include budget.income,
budget.expenditure and budget.general_budget_basic on ruled pages, e.g. 无锡 信访局)
"""
import copy
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def run(rec, pdf):
    with tempfile.TemporaryDirectory() as d:
        name = os.path.basename(pdf)
        os.makedirs(os.path.join(d, "r"))
        os.makedirs(os.path.join(d, "p"))
        os.symlink(os.path.abspath(pdf), os.path.join(d, "p", name))
        with open(os.path.join(d, "r", name + ".json"), "w", encoding="utf-8") as f:
            json.dump(rec, f, ensure_ascii=False)
        det = os.path.join(d, "details.tsv")
        subprocess.run([sys.executable, os.path.join(HERE, "oracle_compare.py"),
                        os.path.join(d, "r"), os.path.join(d, "p"), "--details", det],
                       check=True, capture_output=True)
        with open(det, encoding="utf-8") as f:
            return [line.rstrip("\n").split("\t") for line in f][1:]


def table(rec, kind):
    return next(t for t in rec["tables"] if t["kind"] == kind)


def main():
    rec = json.load(open(sys.argv[1], encoding="utf-8"))
    pdf = sys.argv[2]
    clean = [d for d in run(rec, pdf) if d[7] not in ("unmapped",)]
    assert not clean, f"the unchanged record disagrees: {clean[:3]}"

    bad = copy.deepcopy(rec)
    inc = table(bad, "budget.income")  # values one column to the right (a text column read)
    keys = [c["key"] for c in inc["columns"]]
    for r in inc["rows"]:
        vals = [r["values"][k] for k in keys]
        r["values"] = dict(zip(keys, [None] + vals[:-1]))
    exp = table(bad, "budget.expenditure")  # one wrong number
    exp["rows"][1]["values"]["total"] += 100
    basic = table(bad, "budget.general_budget_basic")  # one row lost
    lost = basic["rows"].pop(2)
    gone = bad["tables"].pop(bad["tables"].index(table(bad, "budget.three_public")))
    only = [p for p in gone["location"]["pages"]
            if p not in {q for t in bad["tables"] for q in t["location"].get("pages", [])}]
    got = run(bad, pdf)
    classes = {}
    for d in got:
        classes.setdefault(d[7], []).append(d)
    assert any(d[2] == inc["id"] for d in classes.get("shift", [])), "shift not seen"
    assert any(d[2] == inc["id"] for d in classes.get("missing", [])), "missing not seen"
    assert any(d[2] == exp["id"] for d in classes.get("different", [])), "wrong number not seen"
    assert any(d[2] == basic["id"] and d[3] == lost["name"]
               for d in classes.get("row_lacking", [])), "lost row not seen"
    if only:
        assert any(int(d[1]) in only for d in classes.get("page_no_table", [])), \
            "lost table not seen"
    print(f"ok: {', '.join(f'{k} {len(v)}' for k, v in sorted(classes.items()))}")


if __name__ == "__main__":
    main()
