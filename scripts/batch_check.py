#!/usr/bin/env python3
"""Check a batch run end to end on a corpus (issue 8): nothing lost, everything accounted for.

    scripts/batch_check.py [--bin target/release/budget-extract] CORPUS_DIR... [--keep DIR]

1. every input file has exactly one record (one per zip member), names unique;
2. an incremental rerun skips everything; a different build (simulated by rewriting the
   manifest's build ids) redoes everything;
3. _manifest.jsonl and _run.json agree with the records (sha256, tables, checks failed, counts);
4. the exports (CSV, JSON Lines, Parquet) hold the same number of amounts as the records and
   the same sum to the last cent: read with Python's decimal, and with DuckDB / pandas when
   they are installed.
Standard library only, plus duckdb / pandas if present. Exits 1 on the first disagreement.
"""
import argparse
import csv
import decimal
import json
import os
import subprocess
import sys
import tempfile

EXTS = {".pdf", ".xlsx", ".xlsm", ".xls", ".docx", ".doc", ".wps", ".et", ".zip"}


def fail(msg):
    print(f"FAIL {msg}", file=sys.stderr)
    sys.exit(1)


def run(bin_, args):
    p = subprocess.run([bin_, *args], capture_output=True, text=True)
    if p.returncode not in (0, 1):
        fail(f"{' '.join(args)} exited {p.returncode}: {p.stderr}")
    return p


def records(out):
    for dirpath, dirs, files in os.walk(out):
        dirs.sort()
        for f in sorted(files):
            rel = os.path.relpath(os.path.join(dirpath, f), out)
            if f.endswith(".json") and not f.startswith(".") and rel != "_run.json":
                with open(os.path.join(dirpath, f), encoding="utf-8") as fh:
                    yield rel, json.load(fh, parse_float=decimal.Decimal)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="+")
    ap.add_argument("--bin", default="target/release/budget-extract")
    ap.add_argument("--keep")
    a = ap.parse_args()
    out = a.keep or tempfile.mkdtemp(prefix="batch_check.")
    files = [os.path.join(d, f) for c in a.corpus for d, _, fs in os.walk(c) for f in fs
             if os.path.splitext(f)[1].lower() in EXTS and not f.startswith((".", "~$"))]
    zips = sum(f.lower().endswith(".zip") for f in files)

    run(a.bin, ["-q", *a.corpus, "-o", out])
    recs = dict(records(out))
    manifest = [json.loads(l) for l in open(os.path.join(out, "_manifest.jsonl"), encoding="utf-8")]
    summary = json.load(open(os.path.join(out, "_run.json"), encoding="utf-8"))
    if not zips and len(manifest) != len(files):
        fail(f"{len(files)} input files but {len(manifest)} manifest lines")
    if len(recs) != len(manifest) or sorted(recs) != sorted(m["record"] for m in manifest):
        fail(f"{len(recs)} records but {len(manifest)} manifest lines")
    if len({m["input"] for m in manifest}) != len(manifest):
        fail("an input appears twice in the manifest")
    print(f"ok   {len(files)} files ({zips} zips) → {len(recs)} records, one each")

    c = summary["counts"]
    for m in manifest:
        r = recs[m["record"]]
        if (m["sha256"], m["tables"], m["checks_failed"], m["input"]) != (
            r["source"]["sha256"], len(r["tables"]), r["summary"]["checks_failed"], r["source"]["path"]
        ):
            fail(f"manifest line for {m['record']} disagrees with the record")
    if c["inputs"] != len(manifest) or c["tables"] != sum(len(r["tables"]) for r in recs.values()):
        fail(f"_run.json counts {c} disagree with the records")
    if c["ok"] + c["unreadable"] + c["timeout"] + c["internal_error"] != c["inputs"]:
        fail("_run.json statuses do not add up to the inputs")
    print(f"ok   manifest and _run.json agree with the records ({c})")

    p = run(a.bin, ["--incremental", *a.corpus, "-o", out])
    if f"({len(recs)} unchanged, skipped)" not in p.stderr:
        fail(f"incremental rerun did not skip everything: {p.stderr}")
    lines = [json.loads(l) for l in open(os.path.join(out, "_manifest.jsonl"), encoding="utf-8")]
    with open(os.path.join(out, "_manifest.jsonl"), "w", encoding="utf-8") as f:
        for l in lines:
            l["build"] = "0.0.0+older"
            f.write(json.dumps(l, ensure_ascii=False) + "\n")
    p = run(a.bin, ["--incremental", *a.corpus, "-o", out])
    if "(0 unchanged, skipped)" not in p.stderr:
        fail(f"a changed build did not redo everything: {p.stderr}")
    print("ok   incremental: unchanged inputs skipped; another build redoes every input")

    amounts = [decimal.Decimal(v) for r in recs.values() for t in r["tables"] for row in t["rows"]
               for v in row["values"].values() if v is not None]
    want = (len(amounts), sum(amounts))
    got = {}
    for fmt in ("csv", "jsonl", "parquet"):
        path = os.path.join(out, f"_export.{fmt}")
        run(a.bin, ["export", out, "--format", fmt, "-o", path])
    with open(os.path.join(out, "_export.csv"), encoding="utf-8", newline="") as f:
        vals = [decimal.Decimal(r["amount"]) for r in csv.DictReader(f)]
        got["csv (python)"] = (len(vals), sum(vals))
    with open(os.path.join(out, "_export.jsonl"), encoding="utf-8") as f:
        vals = [decimal.Decimal(json.loads(l)["amount"]) for l in f]
        got["jsonl (python)"] = (len(vals), sum(vals))
    try:
        import duckdb
        q = "select count(*), sum(amount) from "
        got["parquet (duckdb)"] = duckdb.sql(q + f"'{out}/_export.parquet'").fetchall()[0]
        got["csv (duckdb)"] = duckdb.sql(
            q + f"read_csv('{out}/_export.csv', types={{'code':'VARCHAR','amount':'DECIMAL(38,10)'}})").fetchall()[0]
    except ImportError:
        print("     (duckdb not installed: Parquet not read back here)")
    try:
        import pandas as pd
        df = pd.read_csv(f"{out}/_export.csv", dtype={"code": str, "amount": str})
        vals = df["amount"].map(decimal.Decimal)
        got["csv (pandas)"] = (len(vals), sum(vals))
    except ImportError:
        print("     (pandas not installed)")
    for k, (n, s) in got.items():
        if n != want[0] or decimal.Decimal(s) != want[1]:
            fail(f"{k}: {n} amounts summing to {s}, records have {want[0]} summing to {want[1]}")
        print(f"ok   {k}: {n} amounts, sum {s}, equal to the records")
    print(f"all checks passed; run folder: {out}")


if __name__ == "__main__":
    main()
