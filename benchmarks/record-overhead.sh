#!/usr/bin/env bash
# Recording overhead on one workload, in one run: wall time bare, under `perf record -F 4000 -g` and under
# `tachyon record -F 4000 -g`, and the size of each capture. Runs are interleaved (bare, perf, tachyon,
# bare, ...) so drift on the machine hits all three alike. Prints a Markdown table for docs/benchmarks.md.
#
#   benchmarks/record-overhead.sh            # after `mvn -B -q package -DskipTests`, as root
#   RUNS=7 SCALE=2 benchmarks/record-overhead.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
tachyon="$root/distribution/target/tachyon/bin/tachyon"
workload=("$root/distribution/target/tachyon/demo/hotspots" "${SCALE:-1}")
runs="${RUNS:-5}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

[ -x "$tachyon" ] || { echo "build first: mvn -B -q package -DskipTests" >&2; exit 1; }
command -v perf >/dev/null || { echo "perf is not installed (Debian: linux-perf)" >&2; exit 1; }

# Seconds taken by a command, its output discarded.
seconds() {
  local start=$EPOCHREALTIME
  "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }
  awk -v s="$start" -v e="$EPOCHREALTIME" 'BEGIN { printf "%.3f\n", e - s }'
}
stats() { sort -n | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.3f %.3f %.3f\n", m, v[1], v[NR] }'; }

: > "$work/bare"; : > "$work/perf"; : > "$work/tachyon"; : > "$work/boot"
for ((i = 1; i <= runs; i++)); do
  seconds "${workload[@]}" >> "$work/bare"
  seconds perf record -q -F 4000 -g -o "$work/perf.data" -- "${workload[@]}" >> "$work/perf"
  seconds "$tachyon" record -F 4000 -g -o "$work/capture.tcap" -- "${workload[@]}" >> "$work/tachyon"
  seconds "$tachyon" collectors >> "$work/boot"
done

perf_samples=$(perf script -i "$work/perf.data" -F time 2>/dev/null | wc -l)
tachyon_samples=$("$tachyon" report "$work/capture.tcap" top --limit 1 | awk '/^Samples: / { print $2 }')
read -r bare_median bare_min bare_max < <(stats < "$work/bare")
read -r perf_median perf_min perf_max < <(stats < "$work/perf")
read -r tachyon_median tachyon_min tachyon_max < <(stats < "$work/tachyon")
read -r boot_median boot_min boot_max < <(stats < "$work/boot")
overhead() { awk -v t="$1" -v b="$bare_median" 'BEGIN { printf "%+.1f%%", (t - b) / b * 100 }'; }
size_mib() { awk -v n="$(stat -c %s "$1")" 'BEGIN { printf "%.2f MiB", n / 1048576 }'; }

echo "Workload: ${workload[*]##*/} ($runs interleaved runs; $(nproc) CPUs; $(uname -r))"
echo
echo "| run | wall median (min–max) | vs bare | capture size | samples |"
echo "|---|---|---|---|---|"
echo "| bare | ${bare_median} s (${bare_min}–${bare_max}) | | | |"
echo "| perf record -F 4000 -g | ${perf_median} s (${perf_min}–${perf_max}) | $(overhead "$perf_median") | $(size_mib "$work/perf.data") | $perf_samples |"
echo "| tachyon record -F 4000 -g | ${tachyon_median} s (${tachyon_min}–${tachyon_max}) | $(overhead "$tachyon_median") | $(size_mib "$work/capture.tcap") | $tachyon_samples |"
echo "| tachyon start-up alone (\`tachyon collectors\`) | ${boot_median} s (${boot_min}–${boot_max}) | | | |"
