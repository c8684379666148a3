#!/usr/bin/env bash
# Symbolization figures (issue: symbols): 100k distinct addresses across libc (libc6-dbg), the libstdc++6-12-dbg
# build (C++ with DWARF), libLLVM-14 (large C++, symbol tables only) and the kernel, named by Tachyon (each module
# cold in a new JVM, then warm), GNU addr2line and llvm-symbolizer (one process per module) on the same addresses in
# the same run; then every module in one new JVM: named module after module (symbolize, and lookup alone as a report
# asks), and as `tachyon record` finds the lines it embeds (the analysis bundle's SourcePositions); medians of
# [repeats] runs. Prints Markdown tables for docs/benchmarks.md. Needs root (kallsyms
# addresses) and the packages libc6-dbg libstdc++6-12-dbg llvm binutils.
#
#   mvn -B -q install -DskipTests && benchmarks/symbolization-benchmark.sh [addresses] [repeats]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
m2="${M2_REPO:-$HOME/.m2/repository}"
version=0.1.0-SNAPSHOT
jar() { local found; found=$(ls "$m2/$1"/*.jar 2>/dev/null | grep -v -- '-sources\|-javadoc' | head -1); [ -n "$found" ] || { echo "missing $1 in $m2: build first" >&2; exit 1; }; echo "$found"; }
classpath="$(jar io/tachyon/io.tachyon.symbols/$version):$(jar io/tachyon/io.tachyon.analysis/$version)"
classpath+=":$(jar io/tachyon/io.tachyon.api/$version)"
classpath+=":$(jar org/osgi/org.osgi.service.component.annotations/1.5.1):$(jar org/osgi/org.osgi.service.metatype.annotations/1.4.1)"
classpath+=":$(jar org/osgi/osgi.annotation/8.1.0):$(jar org/osgi/osgi.core/8.0.0)"
classes="$(mktemp -d)"
trap 'rm -rf "$classes"' EXIT
javac -d "$classes" -cp "$classpath" "$root/benchmarks/symbolization/SymbolizationBenchmark.java"
# The JVM options bin/tachyon gives record and report (serial GC, C1 only, loops compiled early) unless JAVA_OPTS
# says otherwise; each measuring JVM gets the same.
java ${JAVA_OPTS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:Tier3BackEdgeThreshold=5000} -Xmx${HEAP:-2g} -cp "$classes:$classpath" SymbolizationBenchmark "${1:-100000}" "${2:-3}"
