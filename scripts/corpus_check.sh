#!/usr/bin/env bash
# Runs the release build over the real corpora beside the repository (../shared/real-cn,
# ../shared/real) and fails when the corpus summary is worse than the committed baseline
# (tests/corpus/<name>.baseline.json): more unknown tables, more failed checks, fewer standard
# tables found; and, where the corpus README lists each file's department / year / kind, more
# wrong report metadata than tests/corpus/<name>.metadata.json (scripts/metadata_check.py).
# Corpora that are not there are skipped (a fresh clone has none).
# After an improvement, rewrite the baseline with: scripts/corpus_check.sh --update
set -euo pipefail
cd "$(dirname "$0")/.."
update=${1:-}
bin=target/release/budget-extract
status=0
for name in real-cn real; do
  dir=../shared/$name
  if [ ! -d "$dir" ]; then
    echo "corpus $name: not present, skipped"
    continue
  fi
  [ -x "$bin" ] || cargo build --release --quiet
  out=$(mktemp -d)
  # exit 1 (some input unreadable, e.g. a scan-only file) is a finding, not a failure here
  "$bin" -q -j 2 -o "$out" "$dir" || [ $? -eq 1 ]
  echo "corpus $name:"
  if [ "$update" = "--update" ]; then
    python3 scripts/corpus_summary.py "$out" --json "tests/corpus/$name.baseline.json" | grep -E '^TOTAL'
  else
    python3 scripts/corpus_summary.py "$out" --baseline "tests/corpus/$name.baseline.json" \
      | grep -E '^(TOTAL|WORSE|not worse)' || status=1
    python3 scripts/corpus_summary.py "$out" --baseline "tests/corpus/$name.baseline.json" >/dev/null || status=1
  fi
  # report metadata (department, year, kind) against the corpus README's table, where it has one
  if [ -f "$dir/README.md" ] && [ -f "tests/corpus/$name.metadata.json" ]; then
    if [ "$update" = "--update" ]; then
      python3 scripts/metadata_check.py "$out" "$dir/README.md" --json "tests/corpus/$name.metadata.json" | tail -1
    else
      python3 scripts/metadata_check.py "$out" "$dir/README.md" --baseline "tests/corpus/$name.metadata.json" || status=1
    fi
  fi
  rm -rf "$out"
done
exit $status
