package io.bulwark.bench;

import io.bulwark.hub.mqtt.NettyTransport;
import io.netty.channel.EventLoopGroup;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The load driver: thousands of MQTT/TLS connections from one process (Netty, two event loops, no thread per
 * connection) against one running broker, Bulwark or Mosquitto, on loopback. Runs the chosen scenarios in a fixed
 * order (idle hold, connect storm, every QoS 1 phase, the QoS 0 floods, round trips; see {@link #run}), each once the
 * broker has settled from the one before, prints each figure as it is measured and writes them all to a CSV file
 * ({@code out=}), one figure per line.
 *
 * <p>Usage: {@code LoadDriver target=bulwark data=DIR [key=value...]} or
 * {@code LoadDriver target=mosquitto port=P user=U password=W server-cert=SERVER.pem pid=PID [key=value...]}; the
 * keys and their defaults are those of {@link DriverOptions}.
 */
public final class LoadDriver {

    private LoadDriver() {
    }

    public static void main(String[] args) throws Exception {
        DriverOptions options = DriverOptions.parse(args);
        NettyTransport transport = NettyTransport.best(true);
        EventLoopGroup loops = transport.newGroup(2, "bench-driver");
        EventLoopGroup backendLoop = transport.newGroup(1, "bench-backend");
        try (Broker broker = options.target().equals("bulwark") ? new BulwarkBroker(options.data(), options.auth(),
                options.httpConnections())
                : new MosquittoBroker(options)) {
            LoadProbes probes = new LoadProbes();
            // At most 200 connections per source address: the hub's per-source burst is 500 (S-DOS-2).
            Connector connector = new Connector(broker.mqtt(), new SourceAddresses(200, options.firstSource()), loops,
                    backendLoop, transport, probes, broker.process());
            RunResults results = new RunResults(options.out(), broker.name());
            System.out.printf("driver: %s against %s at %s, client TLS %s, TLS 1.3 only; scenarios %s; results in %s%n",
                    transport, broker.name(), broker.mqtt(), ClientTls.provider(), options.scenarios(),
                    options.out());
            run(new RunContext(options, broker, connector, probes, results));
        } finally {
            loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            backendLoop.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /**
     * The phases in their order: connections first, then every QoS 1 phase, then the QoS 0 floods, then the round
     * trips. The idle holds come before the storm: memory per connection is read on a broker that nothing has grown
     * yet, as {@code bench/idle-memory.sh} reads it. After the storm, the heap its handshakes had grown was reused
     * or given back at random, which made a hold read anything from 0 to 18 KiB per connection. A QoS 1 phase
     * leaves nothing behind (at most a window per device in flight when it stops); a QoS 0 flood leaves the broker a
     * backlog in socket buffers and, for Bulwark, a stream writer with work queued, so no QoS 1 figure is taken after
     * one. Every phase also waits for the broker to settle first ({@link BrokerSettling}).
     */
    private static void run(RunContext run) throws Exception {
        DriverOptions options = run.options();
        ConnectionScenarios connections = new ConnectionScenarios(run);
        BrokerSettling settling = new BrokerSettling(run);
        if (options.runs("idle")) {
            for (int count : options.idleCounts()) {
                settling.before("idle-hold " + count);
                connections.idleHold(count);
            }
        }
        if (options.runs("storm")) {
            settling.before("connect-storm " + options.stormDevices() + (options.auth().equals("x509") ? " x509" : ""));
            connections.connectStorm();
        }
        int[] block = {0};
        double firstRate = Double.NaN;
        if (options.runs("qos1")) {
            for (int payload : options.payloads()) {
                double rate = withFreshDevices(run, block[0]++, TelemetryScenarios.qos1FlatName(payload),
                        c -> new TelemetryScenarios(run).qos1FlatOut(c, payload));
                firstRate = Double.isNaN(firstRate) ? rate : firstRate;
            }
        }
        if (options.runs("qos1-rate")) {
            double rate = options.qos1Rate() > 0 ? options.qos1Rate() : firstRate / 2;
            if (Double.isNaN(rate) || rate < 1) {
                throw new IllegalArgumentException("qos1-rate needs qos1-rate=R or the qos1 scenario before it");
            }
            withFreshDevices(run, block[0]++, "qos1-rate", c -> {
                new TelemetryScenarios(run).qos1FixedRate(c, rate);
                return 0.0;
            });
        }
        if (options.runs("qos1")) {
            for (int payload : options.payloads()) {
                withFreshDevices(run, block[0]++, BackendScenarios.qos1Name(payload), c -> {
                    new BackendScenarios(run).qos1ToBackend(c, payload);
                    return 0.0;
                });
            }
        }
        if (options.runs("qos0")) {
            for (int payload : options.payloads()) {
                withFreshDevices(run, block[0]++, TelemetryScenarios.qos0FlatName(payload), c -> {
                    new TelemetryScenarios(run).qos0FlatOut(c, payload);
                    return 0.0;
                });
            }
            for (int payload : options.payloads()) {
                withFreshDevices(run, block[0]++, BackendScenarios.qos0Name(payload), c -> {
                    new BackendScenarios(run).qos0ToBackend(c, payload);
                    return 0.0;
                });
            }
        }
        if (options.runs("c2d") || options.runs("method") || options.runs("twin")) {
            withFreshDevices(run, block[0], null, c -> {
                roundTrips(run, settling, c);
                return 0.0;
            });
        }
    }

    /** A phase's work on its open connections. */
    private interface Phase {
        double on(List<DeviceConnection> connections) throws Exception;
    }

    /**
     * Runs a phase on its own {@code devices} identities, connected for it and closed after it: a phase never
     * inherits what an earlier one left (a broker's per-device rate debt, queued messages). Once they are connected
     * it waits for the broker to settle (unless {@code scenario} is null: the phase settles itself).
     */
    private static double withFreshDevices(RunContext run, int block, String scenario, Phase phase)
            throws Exception {
        int size = run.options().devices();
        List<BenchDevice> devices = run.broker().devices(size * (block + 1)).subList(size * block, size * (block + 1));
        Connector.Opened opened = run.connector().connect(devices, run.options().concurrency());
        if (opened.connections().isEmpty()) {
            throw new IllegalStateException("no device could connect: " + opened.firstFailure());
        }
        System.out.printf("connected %d devices (%d failed) in %.1f s%n", opened.connections().size(),
                opened.failed(), opened.seconds());
        try {
            if (scenario != null) {
                new BrokerSettling(run).before(scenario);
            }
            return phase.on(opened.connections());
        } finally {
            opened.close();
        }
    }

    private static void roundTrips(RunContext run, BrokerSettling settling, List<DeviceConnection> devices)
            throws Exception {
        CompletableFuture.allOf(devices.stream().map(c -> c.subscribe(run.broker().subscriptions(c.device())))
                .toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        RoundTripScenarios trips = new RoundTripScenarios(run, devices);
        if (run.options().runs("c2d")) {
            settling.before("c2d");
            trips.cloudToDevice();
        }
        if (run.options().runs("method")) {
            settling.before("method");
            trips.directMethod();
        }
        if (run.options().runs("twin")) {
            settling.before("twin");
            trips.twinPatch();
        }
    }
}
