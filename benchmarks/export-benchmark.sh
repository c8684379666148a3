#!/usr/bin/env bash
# Export figures (issue: exporters): a 1M-sample synthetic capture exported to each format, one JVM per format;
# prints a Markdown table for docs/benchmarks.md: export time, peak heap during the export (with the model it
# reads, and above it), output size, and the time to open the model (not part of the export).
#
#   (cd bundles/export && mvn -B -o -q install -DskipTests) && benchmarks/export-benchmark.sh
#   SAMPLES=200000 HEAP=1g benchmarks/export-benchmark.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
m2="${M2_REPO:-$HOME/.m2/repository}"
version=0.1.0-SNAPSHOT
jar() { local found; found=$(ls "$m2/$1"/*.jar 2>/dev/null | grep -v -- '-sources\|-javadoc' | head -1); [ -n "$found" ] || { echo "missing $1 in $m2: build first" >&2; exit 1; }; echo "$found"; }
classpath="$(jar io/tachyon/io.tachyon.export/$version):$(jar io/tachyon/io.tachyon.analysis/$version)"
classpath+=":$(jar io/tachyon/io.tachyon.storage/$version):$(jar io/tachyon/io.tachyon.api/$version)"
classpath+=":$(jar com/github/luben/zstd-jni/1.5.7-9):$(jar com/google/code/gson/gson/2.15.0)"
classpath+=":$(jar org/osgi/org.osgi.service.component.annotations/1.5.1):$(jar org/osgi/org.osgi.service.metatype.annotations/1.4.1)"
classpath+=":$(jar org/osgi/osgi.annotation/8.1.0)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
bench=(java -XX:+UseSerialGC -Xmx"${HEAP:-2g}" -cp "$classpath" "$root/benchmarks/export/ExportBenchmark.java")
"${bench[@]}" generate "$work/bench.tcap" "${SAMPLES:-1000000}"
echo "$(nproc) CPUs, $(java -version 2>&1 | head -1), -Xmx${HEAP:-2g}, serial GC."
echo
echo "| format | samples | export time | peak heap during export | output | model open |"
echo "|---|---|---|---|---|---|"
for format in collapsed pprof chrome firefox speedscope html; do
  "${bench[@]}" export "$work/bench.tcap" "$format" "$work/out.$format"
  rm -f "$work/out.$format"
done
