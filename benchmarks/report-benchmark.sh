#!/usr/bin/env bash
# Report figures (issue 6): `tachyon report FILE top` against `perf report --stdio --no-children` on the same
# run of a workload with deep stacks (itests' deep_stacks.c, 2 threads, 20..59 frames), recorded by both tools
# at once (tachyon records perf recording the workload), then a synthetic 10M-sample capture analysed within
# -Xmx2g. Wall time and peak RSS (GNU time) of each command, median of RUNS; prints Markdown for
# docs/benchmarks.md.
#
#   mvn -B -q package -DskipTests && benchmarks/report-benchmark.sh
#   SECONDS_RUN=5 BIG_SAMPLES=1000000 benchmarks/report-benchmark.sh     # a quick look
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
tachyon="$root/distribution/target/tachyon/bin/tachyon"
[ -x "$tachyon" ] || { echo "no $tachyon: run mvn -B -q package -DskipTests first" >&2; exit 1; }
m2="${M2_REPO:-$HOME/.m2/repository}"
version=0.1.0-SNAPSHOT
runs="${RUNS:-3}"
frequency="${FREQUENCY:-20000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

gcc -O1 -g -fno-omit-frame-pointer -fno-optimize-sibling-calls -fno-ipa-icf -pthread -o "$work/deep_stacks" \
  "$root/itests/src/test/resources/workloads/deep_stacks.c"
"$tachyon" record -F "$frequency" -g -o "$work/deep.tcap" -- \
  perf record -q -F "$frequency" -g -o "$work/deep.data" -- "$work/deep_stacks" "${SECONDS_RUN:-28}" 2 >/dev/null

# Runs "$@" RUNS times; prints the median wall time (s) and the median peak RSS (MiB).
measure() {
  local walls=() rss=()
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" >"$work/out" 2>"$work/err" \
      || { echo "failed: $*" >&2; cat "$work/err" >&2; exit 1; }
    read -r wall kib <"$work/time"
    walls+=("$wall"); rss+=("$kib")
  done
  local median=$(( (runs + 1) / 2 ))
  printf '%s %s\n' "$(printf '%s\n' "${walls[@]}" | sort -g | sed -n "${median}p")" \
    "$(printf '%s\n' "${rss[@]}" | sort -g | sed -n "${median}p" | awk '{printf "%.0f", $1 / 1024}')"
}

perf_samples=$(perf report -i "$work/deep.data" --stdio --no-children --sort comm 2>/dev/null \
  | sed -n "s/^# Samples: \([^ ]*\) .*/\1/p" | head -1)
read -r perf_wall perf_rss < <(measure perf report -i "$work/deep.data" --stdio --no-children)
read -r tachyon_wall tachyon_rss < <(measure "$tachyon" report "$work/deep.tcap" top)
tachyon_samples=$(sed -n 's/^Samples: *\([0-9]*\).*/\1/p' "$work/out" | head -1)

jar() { local found; found=$(ls "$m2/$1"/*.jar 2>/dev/null | grep -v -- '-sources\|-javadoc' | head -1); [ -n "$found" ] || { echo "missing $1 in $m2: build first" >&2; exit 1; }; echo "$found"; }
classpath="$(jar io/tachyon/io.tachyon.export/$version):$(jar io/tachyon/io.tachyon.analysis/$version)"
classpath+=":$(jar io/tachyon/io.tachyon.storage/$version):$(jar io/tachyon/io.tachyon.api/$version)"
classpath+=":$(jar com/github/luben/zstd-jni/1.5.7-9):$(jar com/google/code/gson/gson/2.15.0)"
classpath+=":$(jar org/osgi/org.osgi.service.component.annotations/1.5.1):$(jar org/osgi/org.osgi.service.metatype.annotations/1.4.1)"
classpath+=":$(jar org/osgi/osgi.annotation/8.1.0)"
big_samples="${BIG_SAMPLES:-10000000}"
java -XX:+UseSerialGC -Xmx2g -cp "$classpath" "$root/benchmarks/export/ExportBenchmark.java" \
  generate "$work/big.tcap" "$big_samples" >/dev/null
read -r big_top_wall big_top_rss < <(TACHYON_JAVA_OPTS=-Xmx2g measure "$tachyon" report "$work/big.tcap" top)
read -r big_tree_wall big_tree_rss < <(TACHYON_JAVA_OPTS=-Xmx2g measure "$tachyon" report "$work/big.tcap" tree)

echo "$(nproc) CPUs, $(java -version 2>&1 | head -1), $(perf version), median of $runs runs, -F $frequency."
echo
echo "| command | samples | wall time | peak RSS |"
echo "|---|---|---|---|"
echo "| \`perf report --stdio --no-children\` (perf.data $(du -h "$work/deep.data" | cut -f1)) | $perf_samples | ${perf_wall} s | ${perf_rss} MiB |"
echo "| \`tachyon report FILE top\` (capture $(du -h "$work/deep.tcap" | cut -f1)) | $tachyon_samples | ${tachyon_wall} s | ${tachyon_rss} MiB |"
echo "| \`tachyon report FILE top\`, synthetic, -Xmx2g ($(du -h "$work/big.tcap" | cut -f1)) | $big_samples | ${big_top_wall} s | ${big_top_rss} MiB |"
echo "| \`tachyon report FILE tree\`, synthetic, -Xmx2g | $big_samples | ${big_tree_wall} s | ${big_tree_rss} MiB |"
echo
awk -v p="$perf_wall" -v t="$tachyon_wall" 'BEGIN { printf "tachyon report top is %.1fx faster than perf report on the same run.\n", p / t }'
