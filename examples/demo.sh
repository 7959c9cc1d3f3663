#!/usr/bin/env bash
# `./bulwark demo`: a hub with simulated devices, so that its streams hold real data.
#
# Starts a hub in ./demo-data/hub (loopback only, free ports), registers two simulated sensors and two gateways,
# runs the sensors (telemetry every few seconds, direct methods `reboot` and `setInterval`) and a security agent per
# gateway. Each agent watches a fixture sysfs USB tree, a fake auth log and a tamper file in its own folder, which this
# script then changes, so real `physicalAccess`, `login` and `tamper` events arrive in the `security` stream.
#
#   ./bulwark demo                 # runs until Ctrl-C
#   ./bulwark demo --seconds 60    # stops by itself
#   ./bulwark demo --dir /tmp/d    # another folder (deleted and recreated only if an earlier demo made it)
set -euo pipefail

repo="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd -P)"
dir="$repo/demo-data"
seconds=0
while (( $# )); do
  case "$1" in
    --dir) dir="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    -h|--help) sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bulwark demo: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done

java="${BULWARK_JAVA:-java}"
cli_jar="$repo/cli/target/bulwark-cli.jar"
agent_jar="$repo/device/target/bulwark-device-agent.jar"

stale() {
  [[ ! -f "$1" ]] && return 0
  [[ -n "$(find "$repo/pom.xml" "$repo"/*/pom.xml "$repo"/*/src -newer "$1" -type f -print -quit 2>/dev/null)" ]]
}
if stale "$cli_jar" || stale "$agent_jar"; then
  echo "building the hub, the CLI and the device agent (first run takes a few minutes)…" >&2
  (cd "$repo" && ./mvnw -q -B -DskipTests -pl cli,device -am package)
  touch "$cli_jar" "$agent_jar"
fi

if [[ -e "$dir" ]]; then
  if [[ ! -f "$dir/.bulwark-demo" ]]; then
    echo "bulwark demo: $dir exists and was not made by an earlier demo; choose another with --dir" >&2
    exit 1
  fi
  rm -rf "$dir"
fi
umask 077
mkdir -p "$dir"
touch "$dir/.bulwark-demo"

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

bulwark() { "$java" -jar "$cli_jar" "$@" --data "$dir/hub"; }

echo "starting a hub in $dir/hub (log: $dir/hub.log)"
"$java" ${BULWARK_JAVA_OPTS:-} -jar "$cli_jar" up --data "$dir/hub" --bind 127.0.0.1 --https-port 0 --mqtt-port 0 \
  >"$dir/hub.log" 2>&1 &
pids+=($!)
port_of() { sed -n "s/.*\"$1\" *: *\([0-9]*\).*/\1/p" "$dir/hub/hub.json" 2>/dev/null || true; }
mqtt_port=""
for _ in $(seq 1 240); do
  mqtt_port="$(port_of mqttPort)"
  [[ -n "$mqtt_port" ]] && break
  kill -0 "${pids[0]}" 2>/dev/null || { echo "the hub did not start:" >&2; tail -n 20 "$dir/hub.log" >&2; exit 1; }
  sleep 0.5
done
[[ -n "$mqtt_port" ]] || { echo "the hub did not start within 2 minutes:" >&2; tail -n 20 "$dir/hub.log" >&2; exit 1; }
https_port="$(port_of httpsPort)"
echo "hub running: REST https://127.0.0.1:$https_port, MQTT mqtts://127.0.0.1:$mqtt_port"

device() {  # device ID: registers it and writes its owner-only connection string file
  local id="$1"
  mkdir -p "$dir/$id"
  bulwark device create "$id" --tag demo=true >/dev/null
  bulwark device connection-string "$id" >"$dir/$id/device.connection"
  chmod 600 "$dir/$id/device.connection"
}

usb_device() {  # usb_device TREE PORT VENDOR PRODUCT MANUFACTURER NAME: a device directory as sysfs shows one
  local d="$1/$2"
  mkdir -p "$d" "$d:1.0"
  printf '%s\n' "$3" >"$d/idVendor"; printf '%s\n' "$4" >"$d/idProduct"
  printf '%s\n' "$5" >"$d/manufacturer"; printf '%s\n' "$6" >"$d/product"
  printf '%s\n' "$RANDOM" >"$d/devnum"; printf '08\n' >"$d:1.0/bInterfaceClass"
}

for sensor in sensor-1 sensor-2; do
  device "$sensor"
  "$java" -cp "$agent_jar" io.bulwark.device.agent.examples.SimulatedSensor \
    --connection-string-file "$dir/$sensor/device.connection" --hub-ca "$dir/hub/ca.crt.pem" \
    --mqtt-port "$mqtt_port" --interval 5s >"$dir/$sensor/sensor.log" 2>&1 &
  pids+=($!)
  echo "started $sensor (simulated sensor; log: $dir/$sensor/sensor.log)"
done

for gateway in gateway-1 gateway-2; do
  device "$gateway"
  g="$dir/$gateway"
  mkdir -p "$g/usb" "$g/state"
  mkdir -p "$g/usb/usb1"; printf '1d6b\n' >"$g/usb/usb1/idVendor"; printf '0002\n' >"$g/usb/usb1/idProduct"
  usb_device "$g/usb" 1-1 8087 0024 "Intel Corp." "Integrated Rate Matching Hub"
  printf 'Dec  1 09:00:00 %s sshd[100]: Accepted publickey for ops from 192.0.2.10 port 50000 ssh2\n' "$gateway" \
    >"$g/auth.log"
  printf '0\n' >"$g/tamper"
  cat >"$g/agent.properties" <<PROPERTIES
# A demo agent: real /proc and /etc, but a fixture USB tree, a fake auth log and a tamper file.
connection-string-file = device.connection
hub-ca = $dir/hub/ca.crt.pem
mqtt-port = $mqtt_port
device-class = demo-gateway
firmware-version = 2.1.0
state-dir = state
posture.interval = 1m
# gateway-1 runs the posture tools (apt-get -s upgrade takes seconds to minutes on a busy machine); gateway-2 does not.
posture.tools = $([[ "$gateway" == gateway-1 ]] && echo true || echo false)
usb.root = usb
usb.interval = 1s
logins.source = file
logins.auth-log = auth.log
tamper.input = tamper
tamper.kind = cover-open
PROPERTIES
  "$java" -jar "$agent_jar" --config "$g/agent.properties" >"$g/agent.log" 2>&1 &
  pids+=($!)
  echo "started the security agent of $gateway (log: $g/agent.log)"
done

sleep 8
for log in "$dir"/sensor-*/sensor.log "$dir"/gateway-*/agent.log; do
  if grep -q -E '^(bulwark-device-agent:|Exception|usage:)' "$log"; then
    echo "a simulated device failed to start ($log):" >&2; tail -n 5 "$log" >&2; exit 1
  fi
done
echo
echo "gateway-1: a USB stick is plugged in, and someone tries to log in over SSH"
usb_device "$dir/gateway-1/usb" 1-2 0781 5567 SanDisk "Cruzer Blade"
for attempt in 1 2 3; do
  printf 'Dec  1 10:16:0%s gateway-1 sshd[2240]: Failed password for invalid user admin from 203.0.113.9 port 4002%s ssh2\n' \
    "$attempt" "$attempt" >>"$dir/gateway-1/auth.log"
done
printf 'Dec  1 10:17:11 gateway-1 sshd[2260]: Accepted password for root from 203.0.113.9 port 61000 ssh2\n' \
  >>"$dir/gateway-1/auth.log"
echo "gateway-2: its enclosure is opened (tamper input 0 -> 1)"
printf '1\n' >"$dir/gateway-2/tamper"
sleep 4
echo "gateway-1: the USB stick is pulled out"
rm -rf "$dir/gateway-1/usb/1-2" "$dir/gateway-1/usb/1-2:1.0"
sleep 4

echo
echo "sensor-1: a back end asks it to report every 2 seconds (direct method setInterval):"
bulwark device call sensor-1 setInterval --payload '{"seconds":2}' --timeout 10 || true

echo
echo "the security stream now holds:"
bulwark stream read security | sed -E 's/  \{[^}]*\}  /  /' | cut -c1-240
echo
echo "telemetry messages so far: $(bulwark stream read telemetry --limit 1000 | wc -l)"
echo
echo "Read on (in another terminal):"
echo "  ./bulwark stream read security --follow --data $dir/hub"
echo "  ./bulwark stream read telemetry --follow --data $dir/hub"
echo "  ./bulwark device list --data $dir/hub"
echo "  ./bulwark device call sensor-2 reboot --data $dir/hub"
echo "Change the fixtures yourself: add a folder under $dir/gateway-1/usb, append to $dir/gateway-1/auth.log,"
echo "write 1 into $dir/gateway-2/tamper."

if (( seconds > 0 )); then
  sleep "$seconds"
  echo "demo done after $seconds more seconds"
else
  echo "Ctrl-C stops the hub, the sensors and the agents."
  wait "${pids[0]}"
fi
