#!/usr/bin/env bash
# Registry bench: bulk-imports 100,000 devices into a fresh hub and measures
#   1. the time of `bulwark device import` (one POST /import of 100,000 JSON lines, CLI start-up included), and
#   2. the start-up time of the hub with 100,000 devices (process start until GET /health answers).
# Loopback only; every wait is bounded. Usage: bench/registry-import.sh [DEVICE_COUNT]
set -euo pipefail

repo="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd -P)"
count="${1:-100000}"
start_timeout=180     # seconds for the hub to answer /health
import_timeout=900    # seconds for the import
stop_timeout=60       # seconds for the hub to stop after SIGTERM

command -v curl >/dev/null || { echo "registry-import: needs curl" >&2; exit 1; }

work="$(mktemp -d "${TMPDIR:-/tmp}/bulwark-bench.XXXXXX")"
data="$work/data"
hub_pid=""

cleanup() {
  if [[ -n "$hub_pid" ]] && kill -0 "$hub_pid" 2>/dev/null; then
    kill -KILL "$hub_pid" 2>/dev/null || true
    wait "$hub_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

now_ms() { date +%s%3N; }
seconds() { awk -v ms="$1" 'BEGIN { printf "%.2f", ms / 1000 }'; }

free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$(( 20000 + RANDOM % 40000 ))
    # Nothing answers on 127.0.0.1:port -> take it.
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  echo "registry-import: no free port found" >&2
  return 1
}

start_hub() {
  "$repo/bulwark" up --data "$data" --bind 127.0.0.1 --https-port "$port" --mqtt-port 0 >>"$work/hub.log" 2>&1 &
  hub_pid=$!
}

wait_for_health() {
  local deadline=$(( $(date +%s) + start_timeout ))
  while (( $(date +%s) < deadline )); do
    if ! kill -0 "$hub_pid" 2>/dev/null; then
      echo "registry-import: the hub exited; its log:" >&2
      tail -n 40 "$work/hub.log" >&2
      return 1
    fi
    if [[ -f "$data/ca.crt.pem" ]] && curl -sf --max-time 2 --cacert "$data/ca.crt.pem" \
        "https://127.0.0.1:$port/health" >/dev/null 2>&1; then
      return 0
    fi
    sleep 0.05
  done
  echo "registry-import: the hub did not answer /health within ${start_timeout}s; its log:" >&2
  tail -n 40 "$work/hub.log" >&2
  return 1
}

stop_hub() {
  kill -TERM "$hub_pid"
  local deadline=$(( $(date +%s) + stop_timeout ))
  while kill -0 "$hub_pid" 2>/dev/null; do
    if (( $(date +%s) >= deadline )); then
      echo "registry-import: the hub did not stop within ${stop_timeout}s; killing it" >&2
      kill -KILL "$hub_pid" 2>/dev/null || true
      break
    fi
    sleep 0.1
  done
  wait "$hub_pid" 2>/dev/null || true
  hub_pid=""
}

# Build first (if needed), so that no build lands inside a measurement.
"$repo/bulwark" --version >/dev/null

devices="$work/devices.ndjson"
awk -v n="$count" 'BEGIN { for (i = 1; i <= n; i++) printf "{\"deviceId\":\"bench-%06d\",\"tags\":{\"fleet\":\"bench\"}}\n", i }' \
  >"$devices"
echo "generated $count device lines ($(du -h "$devices" | cut -f1)) in $devices"

port="$(free_port)"
start_hub
wait_for_health
echo "hub up on https://127.0.0.1:$port (data in $data)"

t0=$(now_ms)
timeout "$import_timeout" "$repo/bulwark" device import "$devices" --data "$data"
import_ms=$(( $(now_ms) - t0 ))

stop_hub

t0=$(now_ms)
start_hub
wait_for_health
restart_ms=$(( $(now_ms) - t0 ))
stop_hub

echo
echo "import of $count devices:            $(seconds "$import_ms") s ($(awk -v n="$count" -v ms="$import_ms" 'BEGIN { printf "%d", n * 1000 / ms }') devices/s, CLI start-up included)"
echo "hub start-up with $count devices:    $(seconds "$restart_ms") s (process start until GET /health answers)"
