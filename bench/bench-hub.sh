# Shared by the bench scripts (sourced, not run): a fresh hub in a temporary folder on loopback, stopped and removed
# on exit, with an optional JFR recording (PROFILE=1). BULWARK_NATIVE_IO, BULWARK_JAVA_OPTS and the per-device rate
# limits BULWARK_DEVICE_MESSAGES_PER_SECOND / BULWARK_DEVICE_BYTES_PER_SECOND pass through.
# Needs $repo set by the caller. Provides: $work, $hub_pid, bench_hub_start NAME, bench_hub_report_engine,
# bench_hub_stop, bench_hub_profile ROWS, bench_classpath.

bench_classpath="$repo/bench/target/bulwark-bench.jar:$repo/bench/target/lib/*"
hub_pid=""
work=""

bench_hub_cleanup() {
  if [[ -n "$hub_pid" ]] && kill -0 "$hub_pid" 2>/dev/null; then
    kill -TERM "$hub_pid" 2>/dev/null || true
    sleep 2
    kill -KILL "$hub_pid" 2>/dev/null || true
  fi
  if [[ -n "$work" ]]; then
    rm -rf "$work"
  fi
}

# Builds what the bench needs, starts the hub and waits (at most 60 s) for its banner.
bench_hub_start() {
  work="$(mktemp -d "${TMPDIR:-/tmp}/bulwark-$1.XXXXXX")"
  trap bench_hub_cleanup EXIT
  (cd "$repo" && ./mvnw -q -B -DskipTests -pl bench,cli -am package)
  local hub_opts="${BULWARK_JAVA_OPTS:-}"
  if [[ "${PROFILE:-0}" == 1 ]]; then
    hub_opts="$hub_opts -XX:StartFlightRecording=filename=$work/hub.jfr,settings=profile"
  fi
  BULWARK_JAVA_OPTS="$hub_opts" "$repo/bulwark" up --data "$work/data" --bind 127.0.0.1 --https-port 0 \
    --mqtt-port 0 >"$work/hub.log" 2>&1 &
  hub_pid=$!
  for _ in $(seq 1 600); do
    grep -q "Stop with Ctrl-C" "$work/hub.log" 2>/dev/null && break
    kill -0 "$hub_pid" 2>/dev/null || { cat "$work/hub.log" >&2; exit 1; }
    sleep 0.1
  done
  grep -q "Stop with Ctrl-C" "$work/hub.log" || { echo "hub did not start" >&2; exit 1; }
  echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -n 1)"
  # The hub's per-device rate limits shape every telemetry figure: say which ones this run used.
  echo "hub per-device limits: ${BULWARK_DEVICE_MESSAGES_PER_SECOND:-100} msg/s, ${BULWARK_DEVICE_BYTES_PER_SECOND:-1048576} B/s (BULWARK_DEVICE_MESSAGES_PER_SECOND, BULWARK_DEVICE_BYTES_PER_SECOND)"
}

bench_hub_report_engine() {
  grep -o "mqtts://[^ ]* ([^)]*)" "$work/hub.log" | head -n 1 | sed 's/^/hub MQTT engine: /'
}

# Stops the hub (SIGTERM, at most 30 s, then SIGKILL); $work stays until the script exits.
bench_hub_stop() {
  if [[ -z "$hub_pid" ]]; then
    return 0
  fi
  kill -TERM "$hub_pid" 2>/dev/null || true
  for _ in $(seq 1 300); do kill -0 "$hub_pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$hub_pid" 2>/dev/null || true
  hub_pid=""
}

# With PROFILE=1: stops the hub (the recording is written when it exits) and prints its ROWS hottest frames.
bench_hub_profile() {
  if [[ "${PROFILE:-0}" != 1 ]]; then
    return 0
  fi
  bench_hub_stop
  java -cp "$repo/bench/target/bulwark-bench.jar" io.bulwark.bench.JfrTopFrames "$work/hub.jfr" "$1"
}
