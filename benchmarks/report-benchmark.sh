#!/usr/bin/env bash
# Report figures (issue 6): `tachyon report FILE top` against `perf report --stdio --no-children` on the same
# run of a workload with deep stacks (itests' deep_stacks.c, 2 threads, 20..59 frames), recorded by both tools
# at once (tachyon records perf recording the workload), for each run length and frequency of CASES; then a
# synthetic 10M-sample capture analysed within -Xmx2g. Wall time and peak RSS (GNU time) of each command,
# median of RUNS; prints Markdown for docs/benchmarks.md.
#
#   mvn -B -q package -DskipTests && benchmarks/report-benchmark.sh
#   CASES="5@20000" BIG_SAMPLES=1000000 benchmarks/report-benchmark.sh     # a quick look
#
# CASES: "seconds@hertz" pairs; the default records about 1M samples (28 s at 20 kHz) and about 8M (170 s at
# 40 kHz: the perf.data of that one takes about 3 GB in TMPDIR while it is measured).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
tachyon="$root/distribution/target/tachyon/bin/tachyon"
[ -x "$tachyon" ] || { echo "no $tachyon: run mvn -B -q package -DskipTests first" >&2; exit 1; }
m2="${M2_REPO:-$HOME/.m2/repository}"
version=0.1.0-SNAPSHOT
runs="${RUNS:-3}"
cases="${CASES:-28@20000 170@40000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

gcc -O1 -g -fno-omit-frame-pointer -fno-optimize-sibling-calls -fno-ipa-icf -pthread -o "$work/deep_stacks" \
  "$root/itests/src/test/resources/workloads/deep_stacks.c"

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

jar() { local found; found=$(ls "$m2/$1"/*.jar 2>/dev/null | grep -v -- '-sources\|-javadoc' | head -1); [ -n "$found" ] || { echo "missing $1 in $m2: build first" >&2; exit 1; }; echo "$found"; }
classpath="$(jar io/tachyon/io.tachyon.export/$version):$(jar io/tachyon/io.tachyon.analysis/$version)"
classpath+=":$(jar io/tachyon/io.tachyon.storage/$version):$(jar io/tachyon/io.tachyon.api/$version)"
classpath+=":$(jar com/github/luben/zstd-jni/1.5.7-9):$(jar com/google/code/gson/gson/2.15.0)"
classpath+=":$(jar org/osgi/org.osgi.service.component.annotations/1.5.1):$(jar org/osgi/org.osgi.service.metatype.annotations/1.4.1)"
classpath+=":$(jar org/osgi/osgi.annotation/8.1.0)"
# What the model keeps on the heap for a capture, measured (ModelMemory), as one line.
model_memory() {
  java -XX:+UseSerialGC -Xmx2g -cp "$classpath" "$root/benchmarks/report/ModelMemory.java" "$1"
}

# One row pair per case: record both files of one run, measure both reports, keep only the figures.
rows=()
ratios=()
memory=()
for case in $cases; do
  seconds="${case%@*}"
  frequency="${case#*@}"
  "$tachyon" record -F "$frequency" -g -o "$work/deep.tcap" -- \
    perf record -q -F "$frequency" -g -o "$work/deep.data" -- "$work/deep_stacks" "$seconds" 2 >/dev/null
  perf_samples=$(perf report -i "$work/deep.data" --stdio --no-children --sort comm 2>/dev/null \
    | sed -n "s/^# Samples: \([^ ]*\) .*/\1/p" | head -1)
  read -r perf_wall perf_rss < <(measure perf report -i "$work/deep.data" --stdio --no-children)
  read -r tachyon_wall tachyon_rss < <(measure "$tachyon" report "$work/deep.tcap" top)
  tachyon_samples=$(sed -n 's/^Samples: *\([0-9]*\).*/\1/p' "$work/out" | head -1)
  rows+=("| \`perf report --stdio --no-children\`, ${seconds} s at ${frequency} Hz (perf.data $(du -h "$work/deep.data" | cut -f1)) | $perf_samples | ${perf_wall} s | ${perf_rss} MiB |")
  rows+=("| \`tachyon report FILE top\`, same run (capture $(du -h "$work/deep.tcap" | cut -f1)) | $tachyon_samples | ${tachyon_wall} s | ${tachyon_rss} MiB |")
  ratios+=("$(awk -v p="$perf_wall" -v t="$tachyon_wall" -v s="$tachyon_samples" \
    'BEGIN { printf "%s samples: tachyon report top is %.1fx faster than perf report on the same run.", s, p / t }')")
  memory+=("- real, ${seconds} s at ${frequency} Hz: $(model_memory "$work/deep.tcap")")
  rm -f "$work/deep.data" "$work/deep.tcap"
done

big_samples="${BIG_SAMPLES:-10000000}"
java -XX:+UseSerialGC -Xmx2g -cp "$classpath" "$root/benchmarks/export/ExportBenchmark.java" \
  generate "$work/big.tcap" "$big_samples" >/dev/null
read -r big_top_wall big_top_rss < <(TACHYON_JAVA_OPTS=-Xmx2g measure "$tachyon" report "$work/big.tcap" top)
read -r big_tree_wall big_tree_rss < <(TACHYON_JAVA_OPTS=-Xmx2g measure "$tachyon" report "$work/big.tcap" tree)
memory+=("- synthetic: $(model_memory "$work/big.tcap")")

echo "$(nproc) CPUs, $(java -version 2>&1 | head -1), $(perf version), median of $runs runs."
echo
echo "| command | samples | wall time | peak RSS |"
echo "|---|---|---|---|"
printf '%s\n' "${rows[@]}"
echo "| \`tachyon report FILE top\`, synthetic, -Xmx2g ($(du -h "$work/big.tcap" | cut -f1)) | $big_samples | ${big_top_wall} s | ${big_top_rss} MiB |"
echo "| \`tachyon report FILE tree\`, synthetic, -Xmx2g | $big_samples | ${big_tree_wall} s | ${big_tree_rss} MiB |"
echo
printf '%s\n' "${ratios[@]}"
echo
echo "Model memory (ModelMemory, heap retained after a full GC with the model open):"
printf '%s\n' "${memory[@]}"
