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

work="$(mktemp -d "${TMPDIR:-/tmp}/bulwark-connect-storm.XXXXXX")"
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
grep -o "mqtts://[^ ]* ([^)]*)" "$work/hub.log" | head -n 1 | sed 's/^/hub MQTT engine: /'
java -Xmx2g -cp "$repo/bench/target/bulwark-bench.jar:$repo/bench/target/lib/*" \
  io.bulwark.bench.ConnectStorm "$work/data" "$devices" "$concurrency" "$rounds"
refused="$(grep -c "refusing connections from" "$work/hub.log" || true)"
echo "hub log: $refused per-source refusal warnings"

if [[ "${PROFILE:-0}" == 1 ]]; then
  # The recording is written when the hub exits: stop it politely and wait for the file.
  kill -TERM "$hub_pid"
  for _ in $(seq 1 300); do kill -0 "$hub_pid" 2>/dev/null || break; sleep 0.1; done
  hub_pid=""
  java -cp "$repo/bench/target/bulwark-bench.jar" io.bulwark.bench.JfrTopFrames "$work/hub.jfr" 25
fi
