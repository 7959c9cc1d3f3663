package io.bulwark.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one {@link LoadDriver} run does, from {@code key=value} arguments. Every count and time is bounded here, so a
 * run cannot be asked to go on for ever.
 *
 * @param serverCertificate Mosquitto's certificate file (PEM, its own certificate first): the driver pins it
 * @param qos1Rate the fixed QoS 1 rate in messages per second; 0 means half of this run's own flat-out QoS 1 rate
 * @param httpConnections the keep-alive HTTPS connections the timed REST calls (C2D sends, direct methods) share;
 *                        calls beyond them wait in the driver (their wait is in their latency); 0 is the earlier
 *                        driver for comparison, one JDK HttpClient without a bound (a new connection per call in flight)
 * @param roundTripWarmUp untimed seconds of the same load before each round-trip phase (C2D, method, twin): the
 *                        hub's JIT compiles its REST path (Jetty, Javalin, JSON, SQLite) for 50 to 70 s under load on
 *                        2 cores (1,000 C2D sends/s to 1,000 devices; 70 s on a 2.45 GHz AMD EPYC), and a hub in
 *                        service has long done so
 * @param qos1RateWarmUp  untimed seconds of the same rate before the timed QoS 1 fixed-rate phase, for the same reason:
 *                        its fresh devices, and the paced path of driver and hub, start cold
 * @param qos1WarmUp      untimed seconds of the same flood before the run's first timed QoS 1 flat-out phase (later
 *                        ones keep the one-second ramp: {@link Qos1WarmUp}): on a fresh hub the JIT still compiled
 *                        its telemetry path for several seconds of the flood (C2 took 23 % of the hub's CPU in a
 *                        profile of its first seconds), so a 10 s phase right after the connects measured 74,106 msg/s
 *                        where the next two on the same hub measured 100,932 and 98,739 (docs/performance-notes.md)
 */
record DriverOptions(String target, Path data, String host, int port, String user, String password,
                     Path serverCertificate,
                     long pid, String auth, List<String> scenarios, int devices, int stormDevices, int concurrency,
                     int warmUp, List<Integer> idleCounts, List<Integer> payloads, int seconds, double qos1Rate,
                     double c2dRate, double methodRate, double twinRate, int window, int firstSource, int httpConnections,
                     int roundTripWarmUp, int qos1RateWarmUp, int qos1WarmUp, Path out) {

    static final List<String> ALL_SCENARIOS = List.of("storm", "idle", "qos1", "qos0", "qos1-rate", "c2d", "method",
            "twin");
    static final int MAX_CONNECTIONS = 200_000;
    static final int MAX_SECONDS = 600;
    static final int MAX_PAYLOAD = 256 * 1024 - 1024;
    static final int DEFAULT_HTTP_CONNECTIONS = 16;
    static final int DEFAULT_ROUND_TRIP_WARM_UP = 120;
    static final int DEFAULT_QOS1_RATE_WARM_UP = 20;
    /** The ramp the flat-out phase always had: a second for every device's window to fill. */
    static final int DEFAULT_QOS1_WARM_UP = 1;
    private static final Set<String> KEYS = Set.of("target", "data", "host", "port", "user", "password",
            "server-cert", "pid", "auth", "scenarios", "devices", "storm-devices", "concurrency", "warm-up", "idle",
            "payloads", "seconds", "qos1-rate", "c2d-rate", "method-rate", "twin-rate", "window", "first-source", "http-connections",
            "round-trip-warm-up", "qos1-rate-warm-up", "qos1-warm-up", "out");

    DriverOptions {
        if (!target.equals("bulwark") && !target.equals("mosquitto")) {
            throw new IllegalArgumentException("target must be bulwark or mosquitto");
        }
        if (target.equals("bulwark") && data == null) {
            throw new IllegalArgumentException("target=bulwark needs data=HUB_DATA_FOLDER");
        }
        if (target.equals("mosquitto") && (port < 1 || user == null || password == null || serverCertificate == null
                || pid < 1)) {
            throw new IllegalArgumentException("target=mosquitto needs port=, user=, password=, server-cert= and pid=");
        }
        if (!auth.equals("sas") && !auth.equals("x509")) {
            throw new IllegalArgumentException("auth must be sas or x509");
        }
        if (auth.equals("x509") && !target.equals("bulwark")) {
            throw new IllegalArgumentException("auth=x509 is for target=bulwark");
        }
        for (String scenario : scenarios) {
            if (!ALL_SCENARIOS.contains(scenario)) {
                throw new IllegalArgumentException("unknown scenario " + scenario + "; known: " + ALL_SCENARIOS);
            }
        }
        within("devices", devices, 1, MAX_CONNECTIONS);
        within("storm-devices", stormDevices, 1, MAX_CONNECTIONS);
        within("concurrency", concurrency, 1, 10_000);
        within("warm-up", warmUp, 0, MAX_CONNECTIONS);
        within("seconds", seconds, 1, MAX_SECONDS);
        within("window", window, 1, DeviceConnection.MAX_IN_FLIGHT);
        within("first-source", firstSource, 0, SourceAddresses.CAPACITY - 1);
        within("http-connections", httpConnections, 0, KeepAliveRestClients.MAX_CONNECTIONS);
        within("round-trip-warm-up", roundTripWarmUp, 0, MAX_SECONDS);
        within("qos1-rate-warm-up", qos1RateWarmUp, 0, MAX_SECONDS);
        within("qos1-warm-up", qos1WarmUp, 0, MAX_SECONDS);
        idleCounts.forEach(n -> within("idle", n, 1, MAX_CONNECTIONS));
        payloads.forEach(n -> within("payloads", n, Long.BYTES, MAX_PAYLOAD));
        if (payloads.isEmpty()) {
            throw new IllegalArgumentException("payloads needs at least one size");
        }
        for (double rate : new double[] {c2dRate, methodRate, twinRate}) {
            if (!(rate > 0) || rate > 1_000_000) {
                throw new IllegalArgumentException("rates must be 0 < rate <= 1,000,000 per second");
            }
        }
        if (!(qos1Rate >= 0) || qos1Rate > 1_000_000) {
            throw new IllegalArgumentException("qos1-rate must be 0 (half of flat out) to 1,000,000 per second");
        }
        scenarios = List.copyOf(scenarios);
        idleCounts = List.copyOf(idleCounts);
        payloads = List.copyOf(payloads);
    }

    static DriverOptions parse(String... args) {
        Map<String, String> given = new HashMap<>();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (equals < 1) {
                throw new IllegalArgumentException("arguments are key=value, not " + arg);
            }
            String key = arg.substring(0, equals);
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown option " + key + "; known: " + KEYS);
            }
            given.put(key, arg.substring(equals + 1));
        }
        String target = given.getOrDefault("target", "");
        return new DriverOptions(target, path(given.get("data")), given.getOrDefault("host", "127.0.0.1"),
                Integer.parseInt(given.getOrDefault("port", "0")), given.get("user"), given.get("password"),
                path(given.get("server-cert")), Long.parseLong(given.getOrDefault("pid", "0")), given.getOrDefault("auth", "sas"),
                words(given.getOrDefault("scenarios", String.join(",", ALL_SCENARIOS))),
                Integer.parseInt(given.getOrDefault("devices", "1000")),
                Integer.parseInt(given.getOrDefault("storm-devices", "2000")),
                Integer.parseInt(given.getOrDefault("concurrency", "100")),
                Integer.parseInt(given.getOrDefault("warm-up", "6000")),
                numbers(given.getOrDefault("idle", "1000")), numbers(given.getOrDefault("payloads", "100")),
                Integer.parseInt(given.getOrDefault("seconds", "10")),
                Double.parseDouble(given.getOrDefault("qos1-rate", "0")),
                Double.parseDouble(given.getOrDefault("c2d-rate", "1000")),
                Double.parseDouble(given.getOrDefault("method-rate", "200")),
                Double.parseDouble(given.getOrDefault("twin-rate", "200")),
                Integer.parseInt(given.getOrDefault("window", "8")),
                Integer.parseInt(given.getOrDefault("first-source", "0")),
                Integer.parseInt(given.getOrDefault("http-connections", String.valueOf(DEFAULT_HTTP_CONNECTIONS))),
                Integer.parseInt(given.getOrDefault("round-trip-warm-up", String.valueOf(DEFAULT_ROUND_TRIP_WARM_UP))),
                Integer.parseInt(given.getOrDefault("qos1-rate-warm-up", String.valueOf(DEFAULT_QOS1_RATE_WARM_UP))),
                Integer.parseInt(given.getOrDefault("qos1-warm-up", String.valueOf(DEFAULT_QOS1_WARM_UP))),
                Path.of(given.getOrDefault("out", "bench-results-" + target + ".csv")));
    }

    boolean runs(String scenario) {
        return scenarios.contains(scenario);
    }

    private static void within(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be " + min + " to " + max + ", not " + value);
        }
    }

    private static Path path(String value) {
        return value == null || value.isBlank() ? null : Path.of(value);
    }

    private static List<String> words(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static List<Integer> numbers(String value) {
        return words(value).stream().map(Integer::parseInt).toList();
    }
}
