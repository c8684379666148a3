#!/usr/bin/env bash
# Capture size against perf.data on the same workload and settings, in one run: `perf record -F 4000 -g`,
# `tachyon record -F 4000 -g` (which also records every context switch and wake-up with its stack) and
# `tachyon record -F 4000 -g --no-switches` (samples only, as perf). Runs are interleaved; the medians are
# printed as a Markdown table for docs/benchmarks.md.
#
#   mvn -B -q package -DskipTests && benchmarks/capture-size.sh          # as root
#   RUNS=5 SCALE=2 TACHYON=/path/to/tachyon/bin/tachyon benchmarks/capture-size.sh
#   WORKLOAD="perf bench sched messaging -t -g 4 -l 2000" benchmarks/capture-size.sh   # threads, many switches
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
tachyon="${TACHYON:-$root/distribution/target/tachyon/bin/tachyon}"
if [ -n "${WORKLOAD:-}" ]; then read -r -a workload <<< "$WORKLOAD"; else workload=("$(dirname "$tachyon")/../demo/hotspots" "${SCALE:-1}"); fi
runs="${RUNS:-3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

[ -x "$tachyon" ] || { echo "build first: mvn -B -q package -DskipTests" >&2; exit 1; }
command -v perf >/dev/null || { echo "perf is not installed (Debian: linux-perf)" >&2; exit 1; }

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
tachyon_samples() { awk '/^Samples:/ { print $2 }' "$1"; }

for ((i = 1; i <= runs; i++)); do
  perf record -q -F 4000 -g -o "$work/perf.data" -- "${workload[@]}" >/dev/null 2>&1
  stat -c %s "$work/perf.data" >> "$work/perf.bytes"
  perf script -i "$work/perf.data" -F time 2>/dev/null | wc -l >> "$work/perf.samples"
  "$tachyon" record -F 4000 -g -o "$work/full.tcap" -- "${workload[@]}" > "$work/full.out" 2>&1
  stat -c %s "$work/full.tcap" >> "$work/full.bytes"
  tachyon_samples "$work/full.out" >> "$work/full.samples"
  "$tachyon" record -F 4000 -g --no-switches -o "$work/samples.tcap" -- "${workload[@]}" > "$work/samples.out" 2>&1
  stat -c %s "$work/samples.tcap" >> "$work/samples.bytes"
  tachyon_samples "$work/samples.out" >> "$work/samples.samples"
done

perf_bytes=$(median < "$work/perf.bytes")
row() {
  local bytes samples
  bytes=$(median < "$work/$2.bytes"); samples=$(median < "$work/$2.samples")
  awk -v name="$1" -v b="$bytes" -v s="$samples" -v p="$perf_bytes" 'BEGIN {
    printf "| %s | %d B (%.1f KiB) | %d | %.1f | %.1f%% |\n", name, b, b / 1024, s, b / s, 100 * b / p }'
}
echo "Workload: ${workload[*]} ($runs interleaved runs, medians; $(nproc) CPUs; $(uname -r))"
echo
echo "| recorder | capture size | samples | bytes a sample | vs perf.data |"
echo "|---|---|---|---|---|"
row "perf record -F 4000 -g" perf
row "tachyon record -F 4000 -g (samples, switches, wake-ups)" full
row "tachyon record -F 4000 -g --no-switches (samples only)" samples
