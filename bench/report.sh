#!/usr/bin/env bash
# The performance report: runs the whole Bulwark-against-Mosquitto suite (bench/compare-mosquitto.sh all) with the
# report's sizes, unattended and bounded in time, and writes docs/performance.md and docs/performance.png from it.
#
# Usage: bench/report.sh            the full report (meant to take at most 25 minutes on a quiet 2-core machine:
#                                   24 min 43 s on a 2.45 GHz AMD EPYC; stopped after 40 whatever happens)
#        QUICK=1 bench/report.sh    a smoke run (100 devices, 5 s phases, about 8 minutes), labelled as such
# Full sizes: 1,000 devices; payloads 100 B, 1 KiB, 16 KiB; QoS 1 and QoS 0 flat out per payload; QoS 1 at half of
# Bulwark's flat-out rate (both brokers at that same rate); C2D at 1,000 msg/s; methods and twin patches at 200/s;
# connect storm of 20,000 devices (fewer if the open-files limit cannot hold them: the report says); idle hold of
# 1,000, 10,000 and 50,000 connections (those the open-files limit cannot hold are reported n/a, with the limit).
# Each size can be overridden with the variables compare-mosquitto.sh reads (DEVICES, IDLE, PAYLOADS, ...).
# DOCS=folder writes the report elsewhere than docs/ (e.g. to look at a run without touching the committed one).
# FROM=bench/target/report-TIMESTAMP writes the report again from a finished run's results, without running anything.
set -euo pipefail

repo="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd -P)"
docs="${DOCS:-$repo/docs}"
mkdir -p "$docs"
# Both processes hold a descriptor per connection; the storm keeps all of its connections open to its end.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
files_limit="$(ulimit -n)"

if [[ -n "${FROM:-}" ]]; then
  out="$(cd "$FROM" && pwd -P)"
  # What the run was (stamp, mode, sizes, started, elapsed, load, files_limit, QUICK), written when it ended.
  # shellcheck source=/dev/null
  source "$out/run.env"
else
  stamp="$(date -u +%Y%m%d-%H%M%S)"
  limits_note=""
  out="$repo/bench/target/report-$stamp"
  mkdir -p "$out"
  if [[ "${QUICK:-0}" == 1 ]]; then
    mode="smoke run (QUICK=1): small sizes, figures NOT representative"
    export QUICK=1
    sizes="QUICK=1"  # DEVICES=100 STORM_DEVICES=500 IDLE=100 PAYLOADS=100,1024 PHASE_SECONDS=5 C2D_RATE=200 ...
  else
    mode="full run"
    export DEVICES="${DEVICES:-1000}"
    export PAYLOADS="${PAYLOADS:-100,1024,16384}"
    export IDLE="${IDLE:-1000,10000,50000}"
    export PHASE_SECONDS="${PHASE_SECONDS:-10}"
    export C2D_RATE="${C2D_RATE:-1000}"
    export METHOD_RATE="${METHOD_RATE:-200}"
    export TWIN_RATE="${TWIN_RATE:-200}"
    export ROUND_TRIP_WARM_UP="${ROUND_TRIP_WARM_UP:-120}"
    export QOS1_RATE_WARM_UP="${QOS1_RATE_WARM_UP:-20}"
    export QOS1_WARM_UP="${QOS1_WARM_UP:-30}"
    export CONCURRENCY="${CONCURRENCY:-100}"
    wanted_storm=20000
    if [[ "$files_limit" != unlimited ]] && (( files_limit - 1000 < wanted_storm )); then
      # The storm holds all its connections to its end: what the limit allows, with room for everything else.
      wanted_storm=$(( (files_limit - 1000) / 1000 * 1000 ))
    fi
    export STORM_DEVICES="${STORM_DEVICES:-$wanted_storm}"
    if (( STORM_DEVICES < 20000 )); then
      limits_note="The connect storm has $STORM_DEVICES devices, not 20,000: it holds every connection to its end, and"
      limits_note="$limits_note the open-files limit is $files_limit per process (raising it failed: \`ulimit -Hn\` is $(ulimit -Hn))."
    fi
    sizes="DEVICES=$DEVICES STORM_DEVICES=$STORM_DEVICES IDLE=$IDLE PAYLOADS=$PAYLOADS PHASE_SECONDS=$PHASE_SECONDS"
    sizes="$sizes C2D_RATE=$C2D_RATE METHOD_RATE=$METHOD_RATE TWIN_RATE=$TWIN_RATE CONCURRENCY=$CONCURRENCY"
    sizes="$sizes ROUND_TRIP_WARM_UP=$ROUND_TRIP_WARM_UP QOS1_RATE_WARM_UP=$QOS1_RATE_WARM_UP QOS1_WARM_UP=$QOS1_WARM_UP"
  fi
  started="$(date -u '+%Y-%m-%d %H:%M UTC')"
  start_s="$(date +%s)"
  # 40 minutes at most, whatever happens: the suite is meant to take 25 on 2 cores. Each phase may wait up to 60 s
  # for the broker to settle and a QoS 0 flood up to 60 s for its PINGRESPs and again for its stream or back end.
  OUT="$out" timeout --kill-after=30 2400 "$repo/bench/compare-mosquitto.sh" all 2>&1 | tee "$out/run.log"
  elapsed=$(( $(date +%s) - start_s ))
  load="$(cut -d' ' -f1-3 /proc/loadavg)"
  printf 'stamp=%q\nmode=%q\nsizes=%q\nstarted=%q\nelapsed=%q\nload=%q\nfiles_limit=%q\nQUICK=%q\nlimits_note=%q\n' \
    "$stamp" "$mode" "$sizes" "$started" "$elapsed" "$load" "$files_limit" "${QUICK:-0}" "$limits_note" >"$out/run.env"
fi

# The table and the plot again, from the results files, with this checkout's code (FROM may be an older run).
(cd "$repo" && ./mvnw -q -B -DskipTests -pl bench -am package)
java -cp "$repo/bench/target/bulwark-bench.jar:$repo/bench/target/lib/*" io.bulwark.bench.Comparison \
  "$out/bulwark.csv" "$out/mosquitto.csv" "$out/comparison.md" "$out/comparison.png" >/dev/null
cp "$out/comparison.png" "$docs/performance.png"
cpu="$(grep -m 1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
cores="$(grep -c '^processor' /proc/cpuinfo)"
memory="$(free -h | awk '/^Mem:/ {print $2}')"
kernel="$(uname -r)"
jdk="$(java -version 2>&1 | head -n 1 || true)"
mosquitto_version="$(mosquitto -h 2>&1 | head -n 1 || true)"
engine="$(grep -m 1 '^hub MQTT engine' "$out/run.log" | grep -o '([^)]*)' | tr -d '()' || true)"

rows() { grep -E "$1" "$out/comparison.md" || echo "| (not measured in this run) | | | | | | |"; }
header='| scenario | figure | unit | Bulwark | Mosquitto | Bulwark / Mosquitto | notes |
|---|---|---|---:|---:|---:|---|'

{
  echo "# Performance: Bulwark against Mosquitto"
  echo
  if [[ "${QUICK:-0}" == 1 ]]; then
    echo "> **Smoke run only.** This file was written by \`QUICK=1 bench/report.sh\` to check that the report works end to"
    echo "> end: 100 devices, 5 s phases, on a machine shared with other work. Its figures say nothing about"
    echo "> performance. Regenerate it with \`bench/report.sh\` on a quiet machine."
    echo
  fi
  echo "Generated by \`bench/report.sh\` ($mode) on $started in $(( elapsed / 60 )) min $(( elapsed % 60 )) s."
  echo "Driver and brokers on the same machine, loopback only. Load average at the end of the run: $load."
  echo
  echo "## Machine"
  echo
  echo "| | |"
  echo "|---|---|"
  echo "| CPU | $cpu, $cores cores |"
  echo "| memory | $memory |"
  echo "| kernel | $kernel |"
  echo "| JDK | $jdk |"
  echo "| Bulwark MQTT engine | ${engine:-unknown} |"
  echo "| Mosquitto | $mosquitto_version (Debian package) |"
  echo "| open-files limit | $files_limit per process (driver and broker each; \`ulimit -n\`, at its hard limit) |"
  echo
  echo "## Commands"
  echo
  echo '```'
  if [[ "${QUICK:-0}" == 1 ]]; then echo "QUICK=1 bench/report.sh"; else echo "bench/report.sh"; fi
  if [[ "${QUICK:-0}" == 1 ]]; then
    echo "# which runs (QUICK=1: 100 devices, 500 in the storm, idle 100, payloads 100 B and 1 KiB, 5 s phases):"
  else
    echo "# which runs, with these sizes in the environment:"
  fi
  echo "$sizes bench/compare-mosquitto.sh all"
  echo '```'
  echo
  echo "\`compare-mosquitto.sh\` builds the bench and the CLI, starts a fresh hub (\`bulwark up\` in a temporary folder,"
  echo "\`bench/bench-hub.sh\`), runs \`io.bulwark.bench.LoadDriver target=bulwark\` against it, stops it, starts a fresh"
  echo "Mosquitto (TLS listener on 127.0.0.1, TLS 1.3, EC P-256 server key made with openssl, \`password_file\`,"
  echo "\`persistence true\`), runs \`LoadDriver target=mosquitto\` with the same sizes, payloads and client TLS, stops it and"
  echo "puts the two results files side by side (\`io.bulwark.bench.Comparison\`). Raw results of this run:"
  echo "\`bench/target/report-$stamp/\` (\`bulwark.csv\`, \`mosquitto.csv\`, \`run.log\`, both brokers' logs)."
  echo
  echo "## Results"
  echo
  if [[ -n "${limits_note:-}" ]]; then
    echo "$limits_note"
    echo
  fi
  echo "![Bulwark against Mosquitto: throughput without and with a back end, latency, connects, memory, settling](performance.png)"
  echo
  cat "$out/comparison.md"
  echo
  echo "## How the cost grows with connections"
  echo
  echo "Idle connections held (TLS 1.3 done, CONNECT accepted, nothing sent), broker resident memory (VmRSS from"
  echo "\`/proc/{pid}/status\`) before and after, per connection; for Bulwark after a full GC (\`jcmd PID GC.run\`) each time."
  echo "Sizes the open-files limit cannot hold (each connection is a descriptor in the driver and one in the broker)"
  echo "are n/a with the limit named. The idle holds are the first phases, on a fresh broker process: after the connect"
  echo "storm, memory the storm had made each broker take was reused (Mosquitto's growth read 0) or, for Bulwark, given"
  echo "back or not at random, and a hold read anything from 0 to 18 KiB per connection. The growth still counts the heap"
  echo "the JVM takes while the handshakes allocate and, in the first hold, what the first connections cost once (code"
  echo "compiled, buffer pools filled): divided by 1,000 connections that weighs more than by 10,000."
  echo "\`bench/idle-memory.sh COUNT\` measures the same way, with the live heap per connection beside the RSS."
  echo
  echo "$header"
  rows '^\| idle-hold '
  echo
  echo "## How the cost grows with payload size"
  echo
  echo "$header"
  # settle_s rows are in the full table above; here only what the phases measured.
  rows '^\| qos[01]-(flat|to-backend) ' | grep -v '| settle_s |' || true
  echo
  echo "## What the figures mean"
  echo
  cat <<'EOF'
- **Connects** (`connect-storm N`): N devices connect once each, 100 connects in flight, each a fresh TCP
  connection, a full TLS 1.3 handshake (the driver checks that no session was resumed), CONNECT and an accepting
  CONNACK; latency from the TCP connect call to the CONNACK. A warm-up of 6,000 connects (rounds of 2,000 devices,
  connected and closed) runs first, so that the JIT of broker and driver is done before the clock starts; the idle
  holds, which run before the storm, have taken the same path once per connection already. The
  driver pins each broker's own server certificate (compares its DER bytes) instead of checking the chain in Java,
  which cost the driver more CPU per connect than the broker's handshake, and runs the connection scenarios (storm,
  idle) in a process of its own whose JIT stops at C1 (C2 was a third to two fifths of its CPU during a storm).
  Bulwark devices authenticate with SAS tokens, Mosquitto devices with a user name and password from its password file. Bulwark
  allows 50 new connections per second per source address (bursts of 500, S-DOS-2); the driver binds its
  connections to 127.0.0.2 upwards, at most 200 per address, so neither that limit nor one address's ephemeral
  ports cap the figure. `broker_cpu_per_connect` is the broker's CPU time over the storm divided by connects, the
  steadier figure on a shared machine; `driver_cpu_per_connect` is the same for the driver (both share the two
  cores, so the sum is what bounds connects per second).
- **Order and settling**: idle holds, connect storm, then every QoS 1 phase (`qos1-flat` per payload, `qos1-rate`,
  `qos1-to-backend` per payload), then the QoS 0 floods (`qos0-flat`, then `qos0-to-backend`, per payload), then the
  round trips. A QoS 1 phase leaves nothing behind (at most 8 messages per device in flight when it stops); a QoS 0
  flood leaves the broker a backlog: what the devices wrote sits in socket buffers, and the broker goes on reading and
  (Bulwark) storing it after the devices have stopped and even closed their connections. Measured after a flood, a
  QoS 1 phase measured that leftover work: that is why an earlier report had `qos1-flat 1KiB` and `16KiB` at 0.07 of
  Mosquitto (PUBACK p50 1.8 s and 3.6 s) and `100B`, measured before any flood, at 1.04. So QoS 1 comes first, and
  before every phase, once its devices are connected, the driver waits until the broker has **settled**: its CPU
  time (`/proc/PID/stat`) grew by at most 0.1 core and, for Bulwark, its telemetry stream's `bulwark-last-offset` did
  not move, for three half-seconds in a row, at most 60 s. `settle_s` is how long the broker took to get there (0
  when it was idle already; the 1.5 s that prove it are not counted); when 60 s were not enough its note says so and
  gives the broker's CPU at the end, and the phase ran on a busy broker.
- **QoS 1 flat out** (`qos1-flat SIZE`): every device keeps 8 messages in flight on
  `devices/{id}/messages/events/`; throughput is PUBACKs per second over the phase. The first flood of the run
  (`qos1-flat 100B`) runs untimed first for `QOS1_WARM_UP` seconds (30 by default), the later ones for one second,
  in which the windows fill: on a fresh hub the JIT compiles the telemetry path during the first flood (C2 took 23 %
  of the hub's CPU on a 2-core Xeon, and was busy for the first 25 s on a 2-core AMD EPYC). On the Xeon a 10 s phase
  right after the connects measured 74,106 msg/s where the next two on the same hub measured 100,932 and 98,739. Only the first, since every flood's untimed seconds are
  stored too, and the QoS 0 floods that come later run on a larger stream file (a report that warmed up every QoS 1
  flood for 10 s had `qos0-flat 100B` store 41,811 msg/s, against 78,267 in the one before it). Bulwark sends a
  PUBACK only once the message is durable in SQLite (WAL; the log synced to disk, on a thread of its own, before the PUBACK). Mosquitto answers a QoS 1
  PUBLISH at once; with `persistence true` it writes its in-memory state to `mosquitto.db` only every
  `autosave_interval` (30 minutes by default) and at shutdown, never per message and never with an fsync per
  message, and a message nobody subscribes to is not stored at all: its PUBACK promises much less than Bulwark's.
- **QoS 0 flat out** (`qos0-flat SIZE`): every device writes as fast as TCP takes it (the driver's socket send
  buffer is fixed at 32 KiB, which the kernel doubles, so that not megabytes per connection wait in the driver); at
  the end each sends a PINGREQ. A broker reads a connection in order, so a PINGRESP proves that everything written
  before it was read: `msgs_per_s` counts those messages only, from the first one (no ramp: the flood fills the
  socket buffers within a second, and the broker reads those too) to the last PINGRESP. A connection that has not answered within 60 s proves nothing and its messages are not counted: then the
  note says **LOWER BOUND** with how many connections answered. Read is not stored: for Bulwark
  `stored_msgs_per_s` is how fast its telemetry stream grew (its `bulwark-last-offset`), counted until the stream
  stops growing; Mosquitto stores no QoS 0 message that nobody subscribes to, so it has no such figure, and its
  `msgs_per_s` is other work than Bulwark's: read and dropped against read and stored.
- **To a back end** (`qos1-to-backend SIZE`, `qos0-to-backend SIZE`): the like-for-like figure. The same floods (fresh
  devices, same window, same fence), with one back end getting every message. For Mosquitto it is one more MQTT
  client (TLS, the bench user's password) subscribed to `devices/+/messages/events/#` at the QoS the devices publish
  with, a Netty client that counts the PUBLISHes it gets without decoding them and answers QoS 1 ones with a PUBACK;
  for Bulwark it is one reader of the telemetry stream over Server-Sent Events
  (`GET /streams/telemetry/events?from=N&limit=1000`, see [streams.md](streams.md)) that counts the message events
  without parsing them. `delivered_msgs_per_s` is what that back end received per second, from the flood's first
  message until the back end's count stopped growing for a second (at most 60 s after the devices stopped); its note
  says how many of the messages the devices sent it got. Bulwark's back end gets every message the hub took, since
  the stream holds them; Mosquitto, as configured here (its defaults), keeps at most 20 QoS 1 messages in flight to a
  subscriber and 1000 more queued (`max_inflight_messages`, `max_queued_messages`) and drops the rest, although
  their publishers had their PUBACK; QoS 0 messages it cannot hand on are dropped too. `msgs_per_s` of these phases is the devices' side again (PUBACKs for QoS 1,
  read for QoS 0) while the back end reads. `Comparison` prints the ratio of each `delivered_msgs_per_s` at the end.
- **Per-device limits**: Bulwark holds a device above 100 messages or 1 MiB per second (`deviceMessagesPerSecond`,
  `deviceBytesPerSecond`; `bulwark up` takes other values from `BULWARK_DEVICE_MESSAGES_PER_SECOND` and
  `BULWARK_DEVICE_BYTES_PER_SECOND`, which the bench scripts pass through to hub and driver) and stops reading its
  connection until the rate allows. Where a Bulwark figure is at 80 % of that limit or more the note says so: then it
  measured the limit. A device may send one second's worth at once on top of the rate (the burst), and a QoS 0
  figure can go a little past even that: one read takes up to 64 KiB of a connection, and what it decoded is held,
  not dropped, when the limit pauses the connection. It cannot go far past it: an earlier report's 162,680 msg/s
  "read" by 1,000 devices (which the limits allow 100,000 msg/s) counted every message the driver had written when
  some PINGRESPs were still missing after 30 s, most of them still unread in socket buffers; such a figure is now the
  lower bound described above. Every telemetry phase uses devices of its own, so that none inherits the limit's
  debt from an earlier phase.
- **QoS 1 at a fixed rate** (`qos1-rate`): half of Bulwark's flat-out QoS 1 rate at 100 B, the same rate for both
  brokers, spread round-robin over the devices by one pacer; latency PUBLISH to PUBACK, with p50, p99, p99.9, max,
  as the driver sees it. The same rate runs untimed first for `QOS1_RATE_WARM_UP` seconds (20 by default): the
  phase's devices are fresh, and cold, the driver fell to half the rate for its first seconds, then caught up in
  bursts that queued thousands of messages in the broker (a 16,000/s phase measured 8,122 to 25,961 messages a
  second, and p99 330 ms). For Bulwark, `broker_ack_p50_ms` and `broker_ack_p99_ms` are the hub's own share of it, from
  its `/metrics` histogram `bulwark_mqtt_telemetry_ack_seconds` scraped before and after the phase: PUBLISH read until
  PUBACK written, the durable store in between (the upper bound of the histogram's bucket). What the driver sees
  beyond that is the time the packets waited in the sockets and for the driver's own event loops, on the same two
  cores.
- **C2D** (`c2d`): for Bulwark, `POST /devices/{id}/messages/deviceBound` over the service REST API (HTTPS,
  owner token), timed from the request until the device has the PUBLISH (the send time travels in the body; sender
  and device share one clock). The driver sends as a back-end service does: over a fixed pool of persistent
  HTTP/1.1 keep-alive connections (`http-connections=`, 16 by default), one request at a time on each, each answer
  read in full; a send that finds them all busy waits in the driver, and its clock has already started (the time is
  taken when the pacer makes the send, before the wait), so the driver's queue is in the latency. The connections
  are Netty with BoringSSL, TLS 1.3, the hub's own certificate pinned as on the devices' connections, all on one
  event loop thread: the driver shares the two cores with the hub, and with the JDK HttpClient it used before its
  CPU per C2D message (`driver_cpu_per_msg`, the devices' side included) was 0.6 to 1.0 ms, against 0.2 to 0.5 ms
  now (docs/performance-notes.md). "Over 256 outstanding" counts sends
  queued or in flight. Each of `c2d`, `method` and `twin` first runs the same load untimed for
  `ROUND_TRIP_WARM_UP` seconds (120 by default): on two cores the hub's JIT compiles its REST path (Jetty, Javalin,
  JSON, SQLite) for 50 s under load on a 2-core Xeon (`jstat -compiler`, 1,000 sends/s to 1,000 devices) and for
  70 s on a 2-core AMD EPYC at 2.45 GHz (its C2 threads took 0.56 to 0.61 cores from 40 to 60 s, 0.14 from 60 to
  70 s, then none). At 500 sends/s that compiling alone took the p99 from 3.5 ms to 900 ms; a hub in service has
  long done it. `http_connections_opened` is how many TLS connections the driver
  opened during the timed phase (its note says how many were opened in the untimed run before it, where the pool's
  are set up: the pool's size, plus one for each connection the hub closed, which is opened again on its next
  send). The earlier driver, one JDK client (`http-connections=0`), opens a new connection for every
  HTTP/1.1 request in flight: 241 to 256 of them, each a full handshake on the hub's CPU, once the hub's answers
  slowed. `broker_cpu_per_msg` and `driver_cpu_per_msg` are each process's CPU over the phase per message delivered. Mosquitto has no cloud-to-device queue: its figure is **pub-to-sub**, a QoS 1
  PUBLISH by a separate "service" client on `devices/{id}/messages/devicebound/` until the subscribed device has it.
  Not the same work: Bulwark stores the message in its queue, with feedback, TTL and redelivery. `late_count` is
  how many messages took over 10 ms; its note names the seconds (UTC) with the most of them, to set beside the hub's
  GC pauses and safepoints, which the raw results keep in `bulwark-gc.log`.
- **Direct method** (`method`): `POST /twins/{id}/methods` until its answer, the device answering at once, on the
  same keep-alive connections as C2D, after its own untimed run. **Twin**
  (`twin`): a reported-properties PATCH on `$iothub/twin/PATCH/properties/reported/` until the 204 on
  `$iothub/twin/res/`. Mosquitto has neither: n/a.
- Ratios are Bulwark / Mosquitto: above 1 is better for Bulwark on a rate, worse on a latency or on memory.
EOF
} >"$docs/performance.md"

echo "report: $docs/performance.md and $docs/performance.png (raw results in $out)"
