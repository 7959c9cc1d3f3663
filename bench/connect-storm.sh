#!/usr/bin/env bash
# Connect storm: connects per second of SAS devices against mutual-TLS devices (TLS 1.3, EC P-256 device keys,
# certificates from a CA registered and verified over REST), same driver, same run, against one fresh hub on loopback.
# A connect is TCP + TLS handshake + CONNECT + accepting CONNACK; the same number of connects is kept in flight for
# both kinds. A warm-up of both kinds comes first, then ROUNDS timed rounds (SAS, then X.509). Bounded in time.
# Usage: bench/connect-storm.sh [DEVICES=2000] [CONCURRENCY=50] [ROUNDS=2]   (DEVICES of each kind)
# PROFILE=1 records the hub with JFR during the run and prints its hottest frames at the end.
# BULWARK_NATIVE_IO=off runs the hub on Java NIO and JDK TLS instead of epoll and BoringSSL, for comparison.
set -euo pipefail

repo="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd -P)"
devices="${1:-2000}"
concurrency="${2:-50}"
rounds="${3:-2}"

# shellcheck source=bench/bench-hub.sh
source "$repo/bench/bench-hub.sh"
bench_hub_start connect-storm
bench_hub_report_engine
java -Xmx2g -cp "$bench_classpath" \
  io.bulwark.bench.ConnectStorm "$work/data" "$devices" "$concurrency" "$rounds"
refused="$(grep -c "refusing connections from" "$work/hub.log" || true)"
echo "hub log: $refused per-source refusal warnings"

bench_hub_profile 25
