#!/usr/bin/env bash
# End-to-end speed and peak memory: budget-extract (read → record files on disk) against
# `pdftotext -layout` (poppler-utils) on the same PDFs, single process, all cores.
# Usage: scripts/bench.sh [DIR_WITH_PDFS...]   (default: samples/ and ../shared/real/)
set -euo pipefail
cd "$(dirname "$0")/.."
dirs=("$@")
[ ${#dirs[@]} -gt 0 ] || dirs=(samples ../shared/real)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/pdfs"
i=0
for d in "${dirs[@]}"; do
  [ -d "$d" ] || continue
  while IFS= read -r -d '' f; do i=$((i+1)); cp "$f" "$work/pdfs/$(printf %04d $i).pdf"; done < <(find "$d" -name '*.pdf' -print0)
done
pages=0
for f in "$work"/pdfs/*.pdf; do
  p=$(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/{print $2}')
  pages=$((pages + ${p:-0}))
done
echo "inputs: $i PDFs, $pages pages"
cargo build --release -q
bin=target/release/budget-extract
measure() { # label, command...
  local label=$1; shift
  local start end
  start=$(date +%s.%N)
  /usr/bin/time -f "%M" -o "$work/rss" "$@" >/dev/null 2>&1 || true
  end=$(date +%s.%N)
  local secs; secs=$(echo "$end - $start" | bc -l)
  printf "%-28s %7.2f s  %8.0f pages/s  peak RSS %6.1f MiB\n" "$label" "$secs" "$(echo "$pages / $secs" | bc -l)" "$(echo "$(cat "$work/rss") / 1024" | bc -l)"
}
measure "budget-extract (all cores)" "$bin" "$work/pdfs" -o "$work/out" --quiet
measure "budget-extract (-j 1)" "$bin" "$work/pdfs" -o "$work/out1" --quiet -j 1
measure "pdftotext -layout (serial)" bash -c "for f in $work/pdfs/*.pdf; do pdftotext -layout \"\$f\" -; done"
measure "pdftotext -layout (2 procs)" bash -c "ls $work/pdfs/*.pdf | xargs -P 2 -I{} pdftotext -layout {} -"
