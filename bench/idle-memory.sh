#!/usr/bin/env bash
# Idle MQTT/TLS connections: the hub's memory growth per connection. Starts a fresh hub (bench/bench-hub.sh), measures
# its live heap (class histogram after a full GC) and RSS, opens COUNT SAS connections over TLS 1.3 that then stay
# idle, measures again and prints the growth per connection and the classes that grew most. Loopback only, bounded.
# Usage: bench/idle-memory.sh [COUNT=5000] [IN_FLIGHT=64]
# COUNT is capped by the open-file limit of this shell (ulimit -n): one descriptor per connection in the hub and
# one in the driver. BULWARK_NATIVE_IO=off runs the hub on Java NIO and JDK TLS instead, for comparison.
set -euo pipefail

repo="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd -P)"
count="${1:-5000}"
in_flight="${2:-64}"

# shellcheck source=bench/bench-hub.sh
source "$repo/bench/bench-hub.sh"
bench_hub_start idle-memory
(cd "$repo" && ./mvnw -q -B -ntp -DskipTests -pl bench-micro -am package)
bench_hub_report_engine
java -Xmx1g -cp "$repo/bench-micro/target/bulwark-bench-micro.jar:$repo/bench-micro/target/lib/*" \
  io.bulwark.bench.memory.IdleConnections "$work/data" "$count" "$in_flight"
