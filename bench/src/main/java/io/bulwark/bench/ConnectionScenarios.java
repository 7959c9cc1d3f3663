package io.bulwark.bench;

import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * The scenarios about connections themselves: the connect storm (connects per second of fresh, full TLS 1.3
 * handshakes plus CONNECT/CONNACK, a fixed number in flight) and the idle hold (N connections open and silent: how
 * much resident memory the broker grows per connection).
 */
final class ConnectionScenarios {

    /** Devices per warm-up round. */
    static final int WARM_UP_ROUND = 2_000;

    private final RunContext run;

    ConnectionScenarios(RunContext run) {
        this.run = run;
    }

    void connectStorm() throws Exception {
        DriverOptions options = run.options();
        String scenario = "connect-storm " + options.stormDevices() + (options.auth().equals("x509") ? " x509" : "");
        String shortage = run.openFilesShortage(options.stormDevices());
        if (shortage != null) {
            run.add(Figure.notApplicable(scenario, "connects_per_s", "1/s", shortage));
            return;
        }
        List<BenchDevice> devices = run.broker().devices(options.stormDevices());
        warmUp(devices, options.warmUp(), options.concurrency());
        Connector.Opened storm = run.connector().connect(devices, options.concurrency());
        print(scenario, storm);
        storm.close();
        Histogram latency = storm.latency();
        String note = storm.failed() > 0 ? storm.failed() + " failed, first: " + clean(storm.firstFailure()) : "";
        run.add(new Figure(scenario, "connects_per_s", storm.perSecond(), "1/s", note));
        run.add(Figure.of(scenario, "connect_p50_ms", LoadProbes.ms(latency, 50), "ms"));
        run.add(Figure.of(scenario, "connect_p99_ms", LoadProbes.ms(latency, 99), "ms"));
        run.add(Figure.of(scenario, "broker_cpu_per_connect", storm.brokerCpuMillisPerConnect(), "ms"));
        run.add(Figure.of(scenario, "driver_cpu_per_connect", storm.driverCpuMillisPerConnect(), "ms"));
    }

    /**
     * {@code total} connects before the clock starts, in rounds of at most {@link #WARM_UP_ROUND} devices that are
     * connected and closed again (so a round holds no more descriptors than one round). The JIT compiles a method
     * for good only after thousands of calls, and most of a connect's methods run once per connect: with a few
     * hundred connects of warm-up, the compiler threads of broker and driver still took about 40 % of their CPU
     * during a 5,000 storm (perf, 2026-12-01), which a longer storm simply spreads thinner.
     */
    private void warmUp(List<BenchDevice> devices, int total, int concurrency) throws Exception {
        int round = Math.min(WARM_UP_ROUND, devices.size());
        for (int done = 0, number = 1; done < total; number++) {
            int size = Math.min(round, total - done);
            Connector.Opened warm = run.connector().connect(devices.subList(0, size), concurrency);
            print("warm-up " + number, warm);
            warm.close();
            done += size;
        }
    }

    void idleHold(int connections) throws Exception {
        String scenario = "idle-hold " + connections;
        String shortage = run.openFilesShortage(connections);
        if (shortage != null) {
            run.add(Figure.notApplicable(scenario, "rss_per_connection", "KiB", shortage));
            return;
        }
        Broker broker = run.broker();
        List<BenchDevice> devices = broker.devices(connections);
        long before = settledResidentKib();
        Connector.Opened held = run.connector().connect(devices, run.options().concurrency());
        print(scenario, held);
        // Let the broker finish what the connects left behind (sessions written, buffers returned).
        Thread.sleep(5_000);
        long after = settledResidentKib();
        held.close();
        int open = held.connections().size();
        String note = (broker.isJvm() ? "VmRSS after a full GC" : "VmRSS")
                + (held.failed() > 0 ? "; " + held.failed() + " connects failed" : "");
        run.add(new Figure(scenario, "rss_per_connection", (after - before) / (double) Math.max(1, open), "KiB",
                note));
        run.add(Figure.of(scenario, "rss_before", before / 1024.0, "MiB"));
        run.add(Figure.of(scenario, "rss_after", after / 1024.0, "MiB"));
        run.add(Figure.of(scenario, "connects_per_s", held.perSecond(), "1/s"));
    }

    private long settledResidentKib() throws Exception {
        if (run.broker().isJvm() && !run.broker().process().collectGarbage()) {
            System.out.println("jcmd GC.run failed: memory includes garbage");
        }
        Thread.sleep(1_000);
        return run.broker().process().residentKib();
    }

    private static void print(String name, Connector.Opened opened) {
        Histogram latency = opened.latency();
        System.out.printf("%s: %d accepted, %d failed in %.2f s = %.0f connects/s (%s); p50 %.2f ms, p99 %.2f ms; "
                        + "CPU per connect: broker %.2f ms, driver %.2f ms%s%n", name, opened.connections().size(), opened.failed(),
                opened.seconds(), opened.perSecond(), opened.tlsProtocol(), LoadProbes.ms(latency, 50),
                LoadProbes.ms(latency, 99), opened.brokerCpuMillisPerConnect(),
                opened.driverCpuMillisPerConnect(),
                opened.firstFailure() == null ? "" : "; first failure: " + opened.firstFailure());
    }

    /** A failure message short enough for a note. */
    static String clean(String message) {
        String text = String.valueOf(message);
        return text.length() > 160 ? text.substring(0, 160) : text;
    }
}
