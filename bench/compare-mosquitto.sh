#!/usr/bin/env bash
# Bulwark against Mosquitto, side by side, in one run on this machine, loopback only: the same load driver
# (io.bulwark.bench.LoadDriver), the same payloads, the same client TLS (TLS 1.3, BoringSSL client, each broker's
# own EC P-256 server key). First a fresh Bulwark hub (bench/bench-hub.sh) is measured and stopped, then a fresh
# Mosquitto with a TLS listener, a password file and persistence on; then the figures are printed side by side with
# the ratio Bulwark / Mosquitto.
#
# Usage: bench/compare-mosquitto.sh [SCENARIOS]     SCENARIOS: all (default) or a comma list of
#        idle, storm, qos1, qos0, qos1-rate, c2d, method, twin
# Sizes come from the environment (defaults in brackets):
#   DEVICES [1000]  connected devices for telemetry and round trips     STORM_DEVICES [2000]  connect storm size
#   IDLE [1000]     idle-hold sizes, comma list (e.g. 1000,10000,50000)  PAYLOADS [100]  bytes, comma list
#   PHASE_SECONDS [10] length of each timed phase                       CONCURRENCY [100]  connects in flight
#   C2D_RATE [1000] METHOD_RATE [200] TWIN_RATE [200]  messages or calls per second
#   HTTP_CONNECTIONS [the driver's default]  keep-alive HTTPS connections for Bulwark's C2D sends and methods
#                   (Netty, BoringSSL TLS 1.3, one event loop; 0: the earlier unbounded JDK HttpClient, one new
#                   connection per call in flight, for comparison)
#   WARM_UP [6000]  connects before the storm's clock starts, in rounds of at most 2,000 devices (the JIT needs them)
#   ROUND_TRIP_WARM_UP [120]  untimed seconds of the same load before each of c2d, method and twin: the hub's JIT
#                   compiles its REST path for 50 s (Xeon) to 70 s (AMD EPYC 2.45 GHz) under load on 2 cores, and a
#                   hub in service has long done so
#   QOS1_RATE_WARM_UP [20]  untimed seconds at the fixed rate before the timed qos1-rate phase (fresh devices, and
#                   the paced path of driver and hub, start cold)
#   QOS1_WARM_UP [30]  untimed seconds of the first QoS 1 flood (qos1-flat of the first payload) before its timed
#                   phase, the others keeping a one-second ramp: on a fresh hub the JIT compiles the telemetry path
#                   during the first flood, for about 25 s on a 2-core AMD EPYC (10 s on a faster Xeon)
#   QUICK=1         100 devices, 500 storm, idle 100, 5 s phases: a smoke run of everything
#   OUT [bench/target/compare-TIMESTAMP]  where bulwark.csv, mosquitto.csv, comparison.md and comparison.png go
# The fixed-rate QoS 1 phase runs at half of Bulwark's flat-out QoS 1 rate, for both brokers.
# qos1 and qos0 each run their flood twice per payload: without a back end (qos1-flat, qos0-flat) and with one that
# gets every message (qos1-to-backend, qos0-to-backend: for Mosquitto a subscriber on devices/+/messages/events/#,
# for Bulwark a Server-Sent-Events reader of its telemetry stream), whose delivered_msgs_per_s is the like-for-like
# figure. All QoS 1 phases run before the QoS 0 floods, and each phase waits (at most 60 s) for the broker to settle
# from the one before (settle_s in the results); see "What the figures mean" in bench/report.sh.
# PROFILE=1 and BULWARK_NATIVE_IO=off work as for the other bench scripts (bench/bench-hub.sh).
set -euo pipefail

repo="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd -P)"
scenarios="${1:-all}"
if [[ "$scenarios" == all ]]; then
  scenarios="idle,storm,qos1,qos0,qos1-rate,c2d,method,twin"
fi

fail() { echo "compare-mosquitto: $*" >&2; exit 1; }

for tool in mosquitto mosquitto_passwd openssl; do
  command -v "$tool" >/dev/null || fail "$tool is not installed. Install the Debian package: apt-get install -y mosquitto openssl"
done

if [[ "${QUICK:-0}" == 1 ]]; then
  : "${DEVICES:=100}" "${STORM_DEVICES:=500}" "${IDLE:=100}" "${PHASE_SECONDS:=5}" "${PAYLOADS:=100,1024}"
  : "${C2D_RATE:=200}" "${METHOD_RATE:=50}" "${TWIN_RATE:=50}" "${WARM_UP:=100}"
  : "${ROUND_TRIP_WARM_UP:=2}" "${QOS1_RATE_WARM_UP:=2}" "${QOS1_WARM_UP:=1}"
fi
devices="${DEVICES:-1000}"
storm_devices="${STORM_DEVICES:-2000}"
idle="${IDLE:-1000}"
payloads="${PAYLOADS:-100}"
phase_seconds="${PHASE_SECONDS:-10}"
concurrency="${CONCURRENCY:-100}"
warm_up="${WARM_UP:-6000}"
out="${OUT:-$repo/bench/target/compare-$(date -u +%Y%m%d-%H%M%S)}"
mkdir -p "$out"
out="$(cd "$out" && pwd -P)"

# Both the driver and the broker hold one descriptor per connection: raise the limit to what the largest scenario
# needs (root may raise the hard limit too, up to fs.nr_open).
largest="$(echo "$idle,$storm_devices,$devices" | tr ',' '\n' | sort -n | tail -n 1)"
wanted=$(( largest + 4096 ))
if (( $(ulimit -n) < wanted )); then
  ulimit -Hn "$wanted" 2>/dev/null || true
  ulimit -n "$wanted" 2>/dev/null || ulimit -n "$(ulimit -Hn)"
fi
echo "open-files limit: $(ulimit -n) (the largest scenario needs about $wanted)"

# shellcheck source=bench/bench-hub.sh
source "$repo/bench/bench-hub.sh"
mosquitto_pid=""
compare_cleanup() {
  if [[ -n "$mosquitto_pid" ]] && kill -0 "$mosquitto_pid" 2>/dev/null; then
    kill -TERM "$mosquitto_pid" 2>/dev/null || true
    sleep 1
    kill -KILL "$mosquitto_pid" 2>/dev/null || true
  fi
  # The brokers' logs outlive the temporary folder, next to the results.
  cp "$work/hub.log" "$out/bulwark-hub.log" 2>/dev/null || true
  # With PROFILE=1 the hub's recording too, for more than the top frames (jfr print --events jdk.ThreadPark ...).
  cp "$work/hub.jfr" "$out/bulwark-hub.jfr" 2>/dev/null || true
  cp "$work/mosquitto/mosquitto.log" "$out/mosquitto.log" 2>/dev/null || true
  bench_hub_cleanup
}

# The connection scenarios (storm, idle) run in a driver process of their own whose JIT stops at C1
# (-XX:TieredStopAtLevel=1): most of a connect's methods run once per connect, so C2 was still compiling them after
# 14,000 connects and took 40 % of the driver's CPU during the storm; with C1 only the driver's CPU per connect
# halved. The other scenarios keep the full JIT, where the driver's own speed counts (QoS 0 flat out).
connection_scenarios="$(tr ',' '\n' <<<"$scenarios" | grep -xE 'storm|idle' | paste -sd, - || true)"
other_scenarios="$(tr ',' '\n' <<<"$scenarios" | grep -vxE 'storm|idle' | paste -sd, - || true)"
# Loopback source addresses the connection scenarios use up (at most 200 connections per address), plus a margin.
idle_sum=$(( $(tr ',' '+' <<<"$idle") ))
connection_sources=$(( (storm_devices + warm_up + idle_sum) / 200 + 10 ))

# driver OUT.csv FIRST_SOURCE [key=value...]: both processes against one broker, their figures in one file.
driver() {
  local results="$1" first_source="$2"
  shift 2
  # The driver's heap grows with connections (TLS contexts, histograms): 3 GiB covers 50,000 and more.
  local common=(-Xmx3g -XX:+ExitOnOutOfMemoryError -cp "$bench_classpath" io.bulwark.bench.LoadDriver
    "devices=$devices" "storm-devices=$storm_devices" "idle=$idle" "payloads=$payloads" "seconds=$phase_seconds"
    "concurrency=$concurrency" "warm-up=$warm_up" "c2d-rate=${C2D_RATE:-1000}"
    "method-rate=${METHOD_RATE:-200}" "twin-rate=${TWIN_RATE:-200}" "round-trip-warm-up=${ROUND_TRIP_WARM_UP:-120}"
    "qos1-rate-warm-up=${QOS1_RATE_WARM_UP:-20}" "qos1-warm-up=${QOS1_WARM_UP:-30}"
    ${HTTP_CONNECTIONS:+"http-connections=$HTTP_CONNECTIONS"} "$@")
  local parts=()
  if [[ -n "$connection_scenarios" ]]; then
    java -XX:TieredStopAtLevel=1 "${common[@]}" "scenarios=$connection_scenarios" "first-source=$first_source" \
      "out=$results.connections"
    parts+=("$results.connections")
  fi
  if [[ -n "$other_scenarios" ]]; then
    java "${common[@]}" "scenarios=$other_scenarios" "first-source=$(( first_source + connection_sources ))" \
      "out=$results.others"
    parts+=("$results.others")
  fi
  { head -n 1 "${parts[0]}"; for part in "${parts[@]}"; do tail -n +2 "$part"; done; } >"$results"
  rm -f "${parts[@]}"
}

# --- Bulwark ----------------------------------------------------------------------------------------------------
echo "== Bulwark"
# The hub's GC pauses and safepoints beside the results, on the wall clock (UTC) of the driver's late_count seconds.
export BULWARK_JAVA_OPTS="${BULWARK_JAVA_OPTS:-} -Xlog:gc,safepoint:file=$out/bulwark-gc.log:utctime,uptime"
bench_hub_start compare
trap compare_cleanup EXIT
bench_hub_report_engine
driver "$out/bulwark.csv" 0 target=bulwark "data=$work/data"
first_payload="${payloads%%,*}"
size_label="$first_payload""B"
if (( first_payload >= 1024 && first_payload % 1024 == 0 )); then size_label="$(( first_payload / 1024 ))KiB"; fi
bulwark_qos1="$(awk -F, -v s="qos1-flat $size_label" '$1 == s && $2 == "msgs_per_s" {print $3}' "$out/bulwark.csv")"
bench_hub_profile 20
bench_hub_stop

# --- Mosquitto --------------------------------------------------------------------------------------------------
echo "== Mosquitto $(mosquitto -h 2>&1 | head -n 1 | grep -o 'version [0-9.]*' || true)"
mq="$work/mosquitto"
mkdir -p "$mq/data"
# A CA and a server certificate on an EC P-256 key, as Bulwark's; the server name is 127.0.0.1.
openssl ecparam -name prime256v1 -genkey -noout -out "$mq/ca.key" 2>/dev/null
openssl req -x509 -new -key "$mq/ca.key" -sha256 -days 2 -subj "/CN=Bench Mosquitto CA" -out "$mq/ca.crt" 2>/dev/null
openssl ecparam -name prime256v1 -genkey -noout -out "$mq/server.key" 2>/dev/null
openssl req -new -key "$mq/server.key" -subj "/CN=127.0.0.1" -out "$mq/server.csr" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' >"$mq/server.ext"
openssl x509 -req -in "$mq/server.csr" -CA "$mq/ca.crt" -CAkey "$mq/ca.key" -CAcreateserial -days 2 -sha256 \
  -extfile "$mq/server.ext" -out "$mq/server.crt" 2>/dev/null
mq_password="$(openssl rand -hex 24)"
mosquitto_passwd -b -c "$mq/passwd" bench "$mq_password" >/dev/null 2>&1
mq_port=""
for _ in $(seq 1 50); do
  candidate=$(( 20000 + RANDOM % 40000 ))
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then mq_port="$candidate"; break; fi
done
[[ -n "$mq_port" ]] || fail "no free port for Mosquitto"
cat >"$mq/mosquitto.conf" <<EOF
# Written by bench/compare-mosquitto.sh for one run.
user root
per_listener_settings false
allow_anonymous false
password_file $mq/passwd
persistence true
persistence_location $mq/data/
log_dest file $mq/mosquitto.log
log_type error
log_type warning
listener $mq_port 127.0.0.1
certfile $mq/server.crt
keyfile $mq/server.key
tls_version tlsv1.3
EOF
mosquitto -c "$mq/mosquitto.conf" >"$mq/stdout.log" 2>&1 &
mosquitto_pid=$!
for _ in $(seq 1 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$mq_port") 2>/dev/null && break
  kill -0 "$mosquitto_pid" 2>/dev/null || { cat "$mq/stdout.log" "$mq/mosquitto.log" >&2 || true; fail "mosquitto did not start"; }
  sleep 0.1
done
echo "mosquitto on mqtts://127.0.0.1:$mq_port (pid $mosquitto_pid), persistence in $mq/data"
mq_rate=()
if [[ -n "$bulwark_qos1" ]]; then
  mq_rate=("qos1-rate=$(awk -v r="$bulwark_qos1" 'BEGIN { printf "%.0f", r / 2 }')")
fi
# first-source: other loopback source addresses than Bulwark's run, so nothing is left over from it.
driver "$out/mosquitto.csv" 20000 target=mosquitto "port=$mq_port" user=bench "password=$mq_password" \
  "server-cert=$mq/server.crt" "pid=$mosquitto_pid" "${mq_rate[@]}"
kill -TERM "$mosquitto_pid"
for _ in $(seq 1 100); do kill -0 "$mosquitto_pid" 2>/dev/null || break; sleep 0.1; done
mosquitto_pid=""

# --- Side by side -----------------------------------------------------------------------------------------------
echo "== Bulwark / Mosquitto"
java -cp "$bench_classpath" io.bulwark.bench.Comparison "$out/bulwark.csv" "$out/mosquitto.csv" \
  "$out/comparison.md" "$out/comparison.png"
echo "results: $out"
