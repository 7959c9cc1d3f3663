#!/usr/bin/env bash
# JMH micro-benchmarks of single hub operations: SAS verify, telemetry topic and property-bag parsing, audit append,
# stream append (group commit), C2D enqueue and round trip. Each benchmark runs in a forked JVM against its own
# temporary SQLite files, which are removed afterwards. The whole set takes about four minutes.
# Usage: bench/micro.sh [PATTERN] [JMH OPTIONS...]   PATTERN is a regular expression over benchmark names,
#   e.g. bench/micro.sh Sas   or   bench/micro.sh 'StreamAppendBenchmark.batch' -prof gc
# JMH_JAVA_OPTS passes options to the forked benchmark JVMs (e.g. -Xmx1g).
set -euo pipefail

repo="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd -P)"
pattern="${1:-.*}"
shift || true

(cd "$repo" && ./mvnw -q -B -ntp -DskipTests -pl bench-micro -am package)
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -n 1)"
jvm_args=()
if [[ -n "${JMH_JAVA_OPTS:-}" ]]; then
  jvm_args=(-jvmArgsAppend "$JMH_JAVA_OPTS")
fi
java -jar "$repo/bench-micro/target/bulwark-bench-micro.jar" "${jvm_args[@]}" "$pattern" "$@"
