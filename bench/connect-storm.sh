#!/usr/bin/env bash
# Connect storm: connects per second of SAS devices against mutual-TLS devices (TLS 1.3, EC P-256 device keys,
# certificates from a CA registered and verified over REST), same driver (io.bulwark.bench.LoadDriver, scenario
# storm), against one fresh hub on loopback. A connect is TCP + TLS handshake + CONNECT + accepting CONNACK; the same
# number of connects is kept in flight for both kinds. Each kind gets a warm-up first: WARM_UP connects (default
# 6000) in rounds of at most 2,000 devices, since the JIT of hub and driver needs thousands. Bounded in time.
# Usage: bench/connect-storm.sh [DEVICES=2000] [CONCURRENCY=50]   (DEVICES of each kind)
# PROFILE=1 records the hub with JFR during the run and prints its hottest frames at the end; it records the driver
# too (one recording per kind) and prints the driver's hottest frames after each kind.
# BULWARK_NATIVE_IO=off runs the hub on Java NIO and JDK TLS instead of epoll and BoringSSL, for comparison.
set -euo pipefail

repo="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd -P)"
devices="${1:-2000}"
concurrency="${2:-50}"
warm_up="${WARM_UP:-6000}"

# shellcheck source=bench/bench-hub.sh
source "$repo/bench/bench-hub.sh"
bench_hub_start connect-storm
bench_hub_report_engine
source_block=0
for auth in sas x509; do
  # Each run binds to loopback addresses of its own (first-source), at most 200 connections per address.
  # The driver's JIT stops at C1: a connect's methods run once per connect, so C2 was still compiling them after
  # 14,000 connects and took 40 % of the driver's CPU; with C1 only its CPU per connect halved (bench/compare-mosquitto.sh).
  driver_opts=(-XX:TieredStopAtLevel=1)
  if [[ "${PROFILE:-0}" == 1 ]]; then
    driver_opts+=("-XX:StartFlightRecording=filename=$work/driver-$auth.jfr,settings=profile")
  fi
  java -Xmx2g -XX:+ExitOnOutOfMemoryError "${driver_opts[@]}" -cp "$bench_classpath" io.bulwark.bench.LoadDriver target=bulwark "data=$work/data" scenarios=storm \
    "auth=$auth" "storm-devices=$devices" "concurrency=$concurrency" "warm-up=$warm_up" \
    "first-source=$source_block" \
    "out=$work/storm-$auth.csv"
  if [[ "${PROFILE:-0}" == 1 ]]; then
    echo "driver ($auth), hottest frames:"
    java -cp "$repo/bench/target/bulwark-bench.jar" io.bulwark.bench.JfrTopFrames "$work/driver-$auth.jfr" 25
  fi
  source_block=$(( source_block + (devices + warm_up) / 200 + 10 ))
done
sas="$(awk -F, '$2 == "connects_per_s" {print $3}' "$work/storm-sas.csv")"
x509="$(awk -F, '$2 == "connects_per_s" {print $3}' "$work/storm-x509.csv")"
awk -v s="$sas" -v x="$x509" 'BEGIN { printf "SAS %.0f connects/s, X.509 %.0f connects/s, X.509 / SAS %.2f\n", s, x, x / s }'
refused="$(grep -c "refusing connections from" "$work/hub.log" || true)"
echo "hub log: $refused per-source refusal warnings"

bench_hub_profile 25
