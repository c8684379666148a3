#!/usr/bin/env bash
# Storage figures (issue 4): write throughput, open-and-index time and memory for a 1M-sample capture, and a
# 100 ms window read from the middle of a 10M-sample capture. Prints a Markdown table for docs/benchmarks.md.
#
#   (cd bundles/storage && mvn -B -o -q install -DskipTests) && benchmarks/storage-benchmark.sh
#   SAMPLES=2000000 HEAP=512m benchmarks/storage-benchmark.sh    # a smaller "large" capture, another heap
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
m2="${M2_REPO:-$HOME/.m2/repository}"
version=0.1.0-SNAPSHOT
jar() { local found; found=$(ls "$m2/$1"/*.jar 2>/dev/null | grep -v -- '-sources\|-javadoc' | head -1); [ -n "$found" ] || { echo "missing $1 in $m2: build first" >&2; exit 1; }; echo "$found"; }
classpath="$(jar io/tachyon/io.tachyon.storage/$version):$(jar io/tachyon/io.tachyon.api/$version)"
classpath+=":$(jar com/github/luben/zstd-jni/1.5.7-9):$(jar com/google/code/gson/gson/2.15.0)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
java -Xmx"${HEAP:-1g}" -cp "$classpath" "$root/benchmarks/storage/CaptureBenchmark.java" "$work" "${SAMPLES:-10000000}"
