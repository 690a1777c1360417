#!/usr/bin/env bash
# Peak memory and time of a batch that mixes good reports with hostile ones (issue 9): the
# samples/, every file of tests/fixtures/bad/ (hostile/ and hostile/fuzz/ included) and cut
# copies (first 60 %) of the sample PDFs, in one run, then each hostile file alone.
# Peak RSS is /usr/bin/time's maximum resident set size of the whole process.
# Usage: scripts/bench_hostile.sh [-j N]   (default -j 2)
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=${2:-2}
[ "${1:-}" = "-j" ] || jobs=2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/batch/good" "$work/batch/bad" "$work/batch/cut"
cp samples/*.pdf samples/*.xlsx samples/*.xls samples/*.docx "$work/batch/good/" 2>/dev/null || true
find tests/fixtures/bad -type f ! -name '*.md' -exec cp --backup=numbered -t "$work/batch/bad/" {} +
for f in samples/*.pdf; do
  n=$(stat -c %s "$f")
  head -c $((n * 6 / 10)) "$f" > "$work/batch/cut/$(basename "$f" .pdf)_cut60.pdf"
done
inputs=$(find "$work/batch" -type f | wc -l)
cargo build --release -q
bin=target/release/budget-extract
run() { # label, args...
  local label=$1; shift
  local start end rc
  start=$(date +%s.%N)
  rc=0
  /usr/bin/time -f "%M" -o "$work/rss" "$bin" -q "$@" || rc=$?
  end=$(date +%s.%N)
  printf "%-44s %6.2f s  peak RSS %6.1f MiB  exit %s\n" "$label" "$(echo "$end - $start" | bc -l)" \
    "$(echo "$(tail -1 "$work/rss") / 1024" | bc -l)" "$rc"
}
echo "batch: $inputs inputs ($(ls "$work/batch/good" | wc -l) good samples, $(ls "$work/batch/bad" | wc -l) bad/hostile fixtures, $(ls "$work/batch/cut" | wc -l) cut PDFs)"
run "whole batch (-j $jobs)" -j "$jobs" -o "$work/out" "$work/batch"
run "whole batch (-j 1)" -j 1 -o "$work/out1" "$work/batch"
run "good samples only (-j $jobs)" -j "$jobs" -o "$work/out2" "$work/batch/good"
records=$(find "$work/out" -name '*.json' ! -name '_run.json' | wc -l)
echo "records written: $records (one per input, zip members each their own)"
echo "per hostile file (alone, -j 1), the five largest peaks:"
for f in "$work"/batch/bad/* "$work"/batch/cut/*; do
  start=$(date +%s.%N)
  /usr/bin/time -f "%M" -o "$work/rss" "$bin" -q -j 1 -o "$work/one" "$f" >/dev/null 2>&1 || true
  end=$(date +%s.%N)
  printf "%8.1f MiB %6.2f s  %s\n" "$(echo "$(tail -1 "$work/rss") / 1024" | bc -l)" "$(echo "$end - $start" | bc -l)" "$(basename "$f")"
  rm -rf "$work/one"
done | sort -rn | head -5
