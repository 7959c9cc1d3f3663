#!/usr/bin/env bash
# Event-to-alert latency bench: DEVICES devices send tamper events over MQTT/TLS (QoS 1) at RATE events per second in
# total, each event opening its own alert; a back end long-polls the alerts stream. Reports p50/p99/p99.9/max from
# PUBLISH to the alert read from the stream, after a one-second warm-up. Loopback only; bounded in time.
# Usage: bench/alert-latency.sh [DEVICES=20] [RATE=1000] [SECONDS=20]
# Each device stays under the hub's per-device rate (100 messages/s by default): keep RATE/DEVICES below it.
set -euo pipefail

repo="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd -P)"
devices="${1:-20}"
rate="${2:-1000}"
seconds="${3:-20}"

# shellcheck source=bench/bench-hub.sh
source "$repo/bench/bench-hub.sh"
bench_hub_start alert-bench
java -Xmx1g -cp "$bench_classpath" io.bulwark.bench.AlertLatencyBench "$work/data" "$devices" "$rate" "$seconds"
bench_hub_report_engine
bench_hub_profile 20
