#!/usr/bin/env bash
# MQTT telemetry bench: QoS 1 over TLS from many SAS-authenticated devices against a fresh hub on loopback.
# Phase 1 sends flat out and reports the sustained rate; phase 2 sends at half that rate and reports PUBACK latency
# p50/p99. Every message is durable before its PUBACK. Loopback only; every phase is bounded in time.
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

work="$(mktemp -d "${TMPDIR:-/tmp}/bulwark-mqtt-bench.XXXXXX")"
hub_pid=""
cleanup() {
  if [[ -n "$hub_pid" ]] && kill -0 "$hub_pid" 2>/dev/null; then
    kill -TERM "$hub_pid" 2>/dev/null || true
    sleep 2
    kill -KILL "$hub_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

(cd "$repo" && ./mvnw -q -B -DskipTests -pl bench,cli -am package)

hub_opts="${BULWARK_JAVA_OPTS:-}"
if [[ "${PROFILE:-0}" == 1 ]]; then
  hub_opts="$hub_opts -XX:StartFlightRecording=filename=$work/hub.jfr,settings=profile"
fi
BULWARK_JAVA_OPTS="$hub_opts" "$repo/bulwark" up --data "$work/data" --bind 127.0.0.1 --https-port 0 --mqtt-port 0 >"$work/hub.log" 2>&1 &
hub_pid=$!
for _ in $(seq 1 600); do
  grep -q "Stop with Ctrl-C" "$work/hub.log" 2>/dev/null && break
  kill -0 "$hub_pid" 2>/dev/null || { cat "$work/hub.log" >&2; exit 1; }
  sleep 0.1
done
grep -q "Stop with Ctrl-C" "$work/hub.log" || { echo "hub did not start" >&2; exit 1; }

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -n 1)"
java -Xmx2g -cp "$repo/bench/target/bulwark-bench.jar:$repo/bench/target/lib/*" \
  io.bulwark.bench.MqttTelemetryLoad "$work/data" "$devices" "$seconds" "$payload" "$extra_rates"
grep -o "mqtts://[^ ]* ([^)]*)" "$work/hub.log" | head -n 1 | sed 's/^/hub MQTT engine: /'

if [[ "${PROFILE:-0}" == 1 ]]; then
  # The recording is written when the hub exits: stop it politely and wait for the file.
  kill -TERM "$hub_pid"
  for _ in $(seq 1 300); do kill -0 "$hub_pid" 2>/dev/null || break; sleep 0.1; done
  hub_pid=""
  java -cp "$repo/bench/target/bulwark-bench.jar" io.bulwark.bench.JfrTopFrames "$work/hub.jfr" 20
fi
