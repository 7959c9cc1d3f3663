package io.bulwark.bench;

import io.bulwark.hub.mqtt.NettyTransport;
import io.netty.channel.EventLoopGroup;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The load driver: thousands of MQTT/TLS connections from one process (Netty, two event loops, no thread per
 * connection) against one running broker, Bulwark or Mosquitto, on loopback. Runs the chosen scenarios in a fixed
 * order (connect storm, idle hold, telemetry per payload, round trips), prints each figure as it is measured and writes them all
 * to a CSV file ({@code out=}), one figure per line.
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
        try (Broker broker = options.target().equals("bulwark") ? new BulwarkBroker(options.data(), options.auth())
                : new MosquittoBroker(options)) {
            LoadProbes probes = new LoadProbes();
            // At most 200 connections per source address: the hub's per-source burst is 500 (S-DOS-2).
            Connector connector = new Connector(broker.mqtt(), new SourceAddresses(200, options.firstSource()), loops,
                    transport, probes, broker.process());
            RunResults results = new RunResults(options.out(), broker.name());
            System.out.printf("driver: %s against %s at %s, client TLS %s, TLS 1.3 only; scenarios %s; results in %s%n",
                    transport, broker.name(), broker.mqtt(), ClientTls.provider(), options.scenarios(),
                    options.out());
            run(new RunContext(options, broker, connector, probes, results));
        } finally {
            loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static void run(RunContext run) throws Exception {
        DriverOptions options = run.options();
        ConnectionScenarios connections = new ConnectionScenarios(run);
        if (options.runs("storm")) {
            connections.connectStorm();
        }
        if (options.runs("idle")) {
            for (int count : options.idleCounts()) {
                connections.idleHold(count);
            }
        }
        int block = 0;
        double firstRate = Double.NaN;
        for (int payload : options.payloads()) {
            if (options.runs("qos1")) {
                double rate = withFreshDevices(run, block++, c -> new TelemetryScenarios(run).qos1FlatOut(c, payload));
                firstRate = Double.isNaN(firstRate) ? rate : firstRate;
            }
            if (options.runs("qos0")) {
                withFreshDevices(run, block++, c -> {
                    new TelemetryScenarios(run).qos0FlatOut(c, payload);
                    return 0.0;
                });
            }
        }
        if (options.runs("qos1-rate")) {
            double rate = options.qos1Rate() > 0 ? options.qos1Rate() : firstRate / 2;
            if (Double.isNaN(rate) || rate < 1) {
                throw new IllegalArgumentException("qos1-rate needs qos1-rate=R or the qos1 scenario before it");
            }
            withFreshDevices(run, block++, c -> {
                new TelemetryScenarios(run).qos1FixedRate(c, rate);
                return 0.0;
            });
        }
        if (options.runs("c2d") || options.runs("method") || options.runs("twin")) {
            withFreshDevices(run, block, c -> {
                roundTrips(run, c);
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
     * inherits what an earlier one left (a broker's per-device rate debt, queued messages).
     */
    private static double withFreshDevices(RunContext run, int block, Phase phase) throws Exception {
        int size = run.options().devices();
        List<BenchDevice> devices = run.broker().devices(size * (block + 1)).subList(size * block, size * (block + 1));
        Connector.Opened opened = run.connector().connect(devices, run.options().concurrency());
        if (opened.connections().isEmpty()) {
            throw new IllegalStateException("no device could connect: " + opened.firstFailure());
        }
        System.out.printf("connected %d devices (%d failed) in %.1f s%n", opened.connections().size(),
                opened.failed(), opened.seconds());
        try {
            return phase.on(opened.connections());
        } finally {
            opened.close();
        }
    }

    private static void roundTrips(RunContext run, List<DeviceConnection> devices) throws Exception {
        CompletableFuture.allOf(devices.stream().map(c -> c.subscribe(run.broker().subscriptions(c.device())))
                .toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        RoundTripScenarios trips = new RoundTripScenarios(run, devices);
        if (run.options().runs("c2d")) {
            trips.cloudToDevice();
        }
        if (run.options().runs("method")) {
            trips.directMethod();
        }
        if (run.options().runs("twin")) {
            trips.twinPatch();
        }
    }
}
