#!/usr/bin/env bash
# Hub CPU (from /proc/<pid>/stat) at idle (30 s), around a fixed-rate QoS 1 phase and a flat-out one, idle again.
# Usage: bench/hub-cpu.sh REPO LABEL RATE SECONDS DEVICES; BULWARK_TRAFFIC_BASELINE=off compares without the traffic
# rules; PROFILE=1 keeps the JFR recording as /tmp/LABEL.jfr. Loopback only, a fresh hub per run.
set -euo pipefail
repo="$1"; label="$2"; rate="$3"; seconds="$4"; devices="$5"
source "$repo/bench/bench-hub.sh"
bench_hub_start cpu >/dev/null
pid=$(pgrep -f "up --data $work/data" | head -n1)
ticks() { awk '{print $14+$15}' /proc/$pid/stat; }
hz=$(getconf CLK_TCK)
sleep 5
t0=$(ticks); sleep 30; t1=$(ticks)
echo "$label idle: hub cpu $(( (t1-t0) * 1000 / hz )) ms over 30 s"
drive() {
  java -Xmx1g -cp "$bench_classpath" io.bulwark.bench.LoadDriver target=bulwark "data=$work/data" \
    "devices=$devices" "seconds=$seconds" payloads=100 "$@"
}
t0=$(ticks)
drive scenarios=qos1-rate "qos1-rate=$rate" first-source=0 "out=$work/r.csv" | grep RESULT | tee "$work/rate.txt"
t1=$(ticks)
echo "$label rate $rate/s: hub cpu $(( (t1-t0) * 1000 / hz )) ms for ~$(( rate * seconds )) msgs"
t0=$(ticks)
drive scenarios=qos1 first-source=100 "out=$work/f.csv" | grep RESULT | tee "$work/flat.txt"
t1=$(ticks)
flat=$(awk '/msgs_per_s/ {gsub(",","",$6); print $6}' "$work/flat.txt" | head -n1)
echo "$label flat: $flat msg/s, hub cpu $(( (t1-t0) * 1000 / hz )) ms for ~$(( flat * seconds )) msgs"
sleep 3
t0=$(ticks); sleep 30; t1=$(ticks)
echo "$label idle after load: hub cpu $(( (t1-t0) * 1000 / hz )) ms over 30 s"
echo "$label: $(uptime)"
if [[ "${PROFILE:-0}" == 1 ]]; then
  bench_hub_stop
  cp "$work/hub.jfr" "/tmp/$label.jfr"
fi
