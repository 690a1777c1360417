#!/usr/bin/env python3
"""Summarise a folder of budget-extract records: the first thing to look at after any change.

    scripts/corpus_summary.py OUT_DIR [--per-file] [--json FILE] [--baseline FILE]

Reads every `*.json` record under OUT_DIR (the `-o` folder of a run) and prints, per file, per
group (the first folder under OUT_DIR: a city or province) and in total: reports, tables, tables
by kind, the `unknown` share, standard tables found / missing, checks passed / failed, and the
failed checks by rule.

`--json FILE` writes the totals as JSON (the form of a committed baseline).
`--baseline FILE` compares the totals with a committed baseline and exits 1 when the run is
worse: more `unknown` tables, more failed checks, fewer standard tables found, or fewer tables.
Standard library only, so it runs wherever the records are.
"""
import argparse
import collections
import json
import os
import sys


def load_records(root):
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            if not name.endswith(".json") or name.startswith("."):
                continue
            path = os.path.join(dirpath, name)
            try:
                with open(path, encoding="utf-8") as f:
                    rec = json.load(f)
            except (OSError, ValueError) as e:
                print(f"skip {path}: {e}", file=sys.stderr)
                continue
            if not isinstance(rec, dict) or "tables" not in rec:
                continue
            yield os.path.relpath(path, root), rec


class Tally:
    def __init__(self):
        self.reports = 0
        self.tables = 0
        self.unknown = 0
        self.kinds = collections.Counter()
        self.standard_found = 0
        self.standard_missing = 0
        self.checks_passed = 0
        self.checks_failed = 0
        self.failed_rules = collections.Counter()
        self.problem_codes = collections.Counter()

    def add(self, rec):
        self.reports += 1
        for t in rec.get("tables", []):
            self.tables += 1
            kind = t.get("kind", "unknown")
            self.kinds[kind] += 1
            if kind == "unknown":
                self.unknown += 1
        s = rec.get("summary", {})
        self.standard_found += len(s.get("standard_found", []))
        self.standard_missing += len(s.get("standard_missing", []))
        self.checks_passed += s.get("checks_passed", 0)
        self.checks_failed += s.get("checks_failed", 0)
        for c in rec.get("checks", []):
            if not c.get("passed", True):
                self.failed_rules[c.get("rule", "?")] += 1
        for p in rec.get("problems", []):
            self.problem_codes[p.get("code", "?")] += 1

    def unknown_share(self):
        return self.unknown / self.tables if self.tables else 0.0

    def failed_share(self):
        n = self.checks_passed + self.checks_failed
        return self.checks_failed / n if n else 0.0

    def line(self):
        return (
            f"reports {self.reports:4}  tables {self.tables:5}  unknown {self.unknown:4} "
            f"({100 * self.unknown_share():5.1f}%)  standard {self.standard_found:4} found "
            f"{self.standard_missing:3} missing  checks {self.checks_passed:6} passed "
            f"{self.checks_failed:5} failed ({100 * self.failed_share():5.2f}%)"
        )

    def as_json(self):
        return {
            "reports": self.reports,
            "tables": self.tables,
            "unknown": self.unknown,
            "standard_found": self.standard_found,
            "standard_missing": self.standard_missing,
            "checks_passed": self.checks_passed,
            "checks_failed": self.checks_failed,
            "kinds": dict(sorted(self.kinds.items())),
            "failed_rules": dict(sorted(self.failed_rules.items())),
        }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out_dir")
    ap.add_argument("--per-file", action="store_true", help="one line per record")
    ap.add_argument("--json", help="write the totals as JSON to this file")
    ap.add_argument("--baseline", help="fail (exit 1) when worse than this JSON baseline")
    args = ap.parse_args()

    total = Tally()
    groups = collections.OrderedDict()
    for rel, rec in load_records(args.out_dir):
        group = rel.split(os.sep)[0] if os.sep in rel else "."
        groups.setdefault(group, Tally()).add(rec)
        total.add(rec)
        if args.per_file:
            t = Tally()
            t.add(rec)
            print(f"{rel}\n    {t.line()}")
            if t.failed_rules:
                print("    failed: " + ", ".join(f"{r} {n}" for r, n in t.failed_rules.most_common()))
            if t.unknown:
                titles = [x.get("title", "") for x in rec["tables"] if x.get("kind") == "unknown"]
                print("    unknown: " + " | ".join(titles[:12]))
    print()
    for g, t in groups.items():
        print(f"{g:12} {t.line()}")
    print(f"{'TOTAL':12} {total.line()}")
    print("\ntables by kind:")
    for k, n in sorted(total.kinds.items()):
        print(f"  {n:5}  {k}")
    if total.failed_rules:
        print("\nfailed checks by rule:")
        for r, n in total.failed_rules.most_common():
            print(f"  {n:5}  {r}")
    print("\nproblems by code:")
    for c, n in total.problem_codes.most_common():
        print(f"  {n:5}  {c}")

    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(total.as_json(), f, ensure_ascii=False, indent=1, sort_keys=True)
            f.write("\n")

    if args.baseline:
        with open(args.baseline, encoding="utf-8") as f:
            base = json.load(f)
        worse = []
        if total.unknown > base["unknown"]:
            worse.append(f"unknown tables {base['unknown']} -> {total.unknown}")
        if total.checks_failed > base["checks_failed"]:
            worse.append(f"failed checks {base['checks_failed']} -> {total.checks_failed}")
        if total.standard_found < base["standard_found"]:
            worse.append(f"standard tables found {base['standard_found']} -> {total.standard_found}")
        if total.reports < base["reports"]:
            worse.append(f"reports {base['reports']} -> {total.reports}")
        if worse:
            print("\nWORSE than the baseline " + args.baseline + ": " + "; ".join(worse))
            return 1
        print("\nnot worse than the baseline " + args.baseline)
    return 0


if __name__ == "__main__":
    sys.exit(main())
