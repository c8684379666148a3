#!/usr/bin/env bash
# Web viewer figures (issue 8), measured in headless Chromium: time to first complete render and frame time per
# zoom step on a capture with >= 1M context switches, over RUNS runs (each a new bin/tachyon view, first load as
# soon as it prints its URL). Prints a Markdown table of medians for docs/benchmarks.md.
#
#   (cd bundles/storage && mvn -B -o -q install -DskipTests)   # the generator writes through the storage bundle
#   (cd distribution && mvn -B -o -q install)                  # bin/tachyon view
#   benchmarks/viewer-benchmark.sh
#   SWITCHES=3000000 STEPS=40 RUNS=5 benchmarks/viewer-benchmark.sh
#   CAPTURE=/tmp/switches.tcap benchmarks/viewer-benchmark.sh   # keeps the capture there (written once) for reruns
# Needs Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
m2="${M2_REPO:-$HOME/.m2/repository}"
version=0.1.0-SNAPSHOT
home="${TACHYON_HOME:-$root/distribution/target/tachyon}"
jar() { local found; found=$(ls "$m2/$1"/*.jar 2>/dev/null | grep -v -- '-sources\|-javadoc' | head -1); [ -n "$found" ] || { echo "missing $1 in $m2: build first" >&2; exit 1; }; echo "$found"; }
[ -x "$home/bin/tachyon" ] || { echo "no $home/bin/tachyon: build the distribution first" >&2; exit 1; }
for tool in /usr/bin/chromium /usr/bin/chromedriver; do
  [ -x "$tool" ] || { echo "missing $tool: apt-get install chromium chromium-driver" >&2; exit 1; }
done
gson="$(jar com/google/code/gson/gson/2.15.0)"
classpath="$(jar io/tachyon/io.tachyon.storage/$version):$(jar io/tachyon/io.tachyon.api/$version)"
classpath+=":$(jar com/github/luben/zstd-jni/1.5.7-9):$gson"
if [ -n "${CAPTURE:-}" ]; then
  capture="$CAPTURE"
else
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  capture="$work/switches-${SWITCHES:-1200000}.tcap"
fi
if [ ! -f "$capture" ]; then
  java -Xmx1g -cp "$classpath" "$root/benchmarks/viewer/SwitchCaptureGenerator.java" "$capture" "${SWITCHES:-1200000}" >&2
fi
java -cp "$gson" "$root/benchmarks/viewer/ViewerBenchmark.java" "$home" "$capture" "${STEPS:-24}" "${RUNS:-3}"
