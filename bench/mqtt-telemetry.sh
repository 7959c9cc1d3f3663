#!/usr/bin/env bash
# MQTT telemetry bench: QoS 1 over TLS from many SAS-authenticated devices against a fresh hub on loopback, with the
# load driver (io.bulwark.bench.LoadDriver, scenarios qos1 and qos1-rate). Phase 1 sends flat out and reports the
# sustained rate; phase 2 sends at half that rate and reports PUBACK latency p50/p99. Every message is durable before
# its PUBACK. Loopback only; every phase is bounded in time.
# Usage: bench/mqtt-telemetry.sh [DEVICES=1000] [SECONDS=60] [PAYLOAD_BYTES=100] [EXTRA_RATES=r1,r2,...]
# EXTRA_RATES adds fixed-rate phases (messages per second, all devices together) after the half-rate one.
# PROFILE=1 records the hub with JFR during the run and prints its hottest frames at the end.
# BULWARK_NATIVE_IO=off runs the hub on Java NIO and JDK TLS instead of epoll and BoringSSL, for comparison.
set -euo pipefail

repo="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd -P)"
devices="${1:-1000}"
seconds="${2:-60}"
payload="${3:-100}"
extra_rates="${4:-}"

# shellcheck source=bench/bench-hub.sh
source "$repo/bench/bench-hub.sh"
bench_hub_start mqtt-bench
drive() {
  java -Xmx2g -XX:+ExitOnOutOfMemoryError -cp "$bench_classpath" io.bulwark.bench.LoadDriver target=bulwark "data=$work/data" \
    "devices=$devices" "seconds=$seconds" "payloads=$payload" "$@"
}
drive scenarios=qos1,qos1-rate "out=$work/telemetry.csv" first-source=0
block=1
for rate in ${extra_rates//,/ }; do
  # A driver of its own per rate: other devices and other source addresses, so no phase inherits another's debt.
  drive scenarios=qos1-rate "qos1-rate=$rate" "first-source=$(( block * 100 ))" "out=$work/telemetry-$rate.csv"
  block=$(( block + 1 ))
done
bench_hub_report_engine

bench_hub_profile 20
