package io.bulwark.device.agent.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulwark.device.agent.OwnerOnlySecret;
import io.bulwark.device.client.DeviceClient;
import io.bulwark.device.client.DeviceMessage;
import io.bulwark.device.client.MethodRequest;
import io.bulwark.device.client.MethodResponse;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An example device application on the Bulwark device SDK: a temperature and humidity sensor that sends telemetry
 * every interval and answers two direct methods, {@code setInterval} ({@code {"seconds":N}}, 1..3600) and
 * {@code reboot} (stops sending for a few seconds, as a real reboot would, and records the time in the twin).
 *
 * <pre>java -cp bulwark-device-agent.jar io.bulwark.device.agent.examples.SimulatedSensor \
 *     --connection-string-file sensor-1.connection --hub-ca ca.crt.pem [--mqtt-port 8883] [--interval 5s]</pre>
 */
public final class SimulatedSensor implements AutoCloseable {
    static {
        // Before the first logger exists: run from the agent jar, use its logging configuration.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "bulwark-agent-logback.xml");
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedSensor.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Duration REBOOT_PAUSE = Duration.ofSeconds(3);

    private final DeviceClient client;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "sensor-timer");
        thread.setDaemon(true);
        return thread;
    });
    private final Random random = new Random();
    private ScheduledFuture<?> sending;
    private Duration interval;
    private long sent;
    private double temperature = 21.0;

    public SimulatedSensor(DeviceClient client, Duration interval) {
        this.client = client;
        this.interval = interval;
        client.onMethod("setInterval", this::setInterval);
        client.onMethod("reboot", this::reboot);
    }

    public synchronized void start() {
        client.open();
        schedule(Duration.ZERO);
    }

    private synchronized void schedule(Duration delay) {
        if (sending != null) {
            sending.cancel(false);
        }
        sending = timer.scheduleAtFixedRate(this::sendReading, delay.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void sendReading() {
        long number;
        double reading;
        synchronized (this) {
            number = ++sent;
            temperature += (random.nextDouble() - 0.5) * 0.4;
            reading = temperature;
        }
        String body = String.format(Locale.ROOT, "{\"temperature\":%.2f,\"humidity\":%d,\"reading\":%d}", reading,
                40 + random.nextInt(20), number);
        client.sendTelemetry(DeviceMessage.builder().body(body).contentType("application/json")
                .contentEncoding("utf-8").property("unit", "C").build())
                .whenComplete((done, failure) -> {
                    if (failure != null) {
                        LOG.warn("reading {} not sent: {}", number, failure.toString());
                    }
                });
    }

    private MethodResponse setInterval(MethodRequest request) throws IOException {
        JsonNode seconds = request.payload().length == 0 ? null : JSON.readTree(request.payload()).get("seconds");
        if (seconds == null || !seconds.canConvertToInt() || seconds.asInt() < 1 || seconds.asInt() > 3600) {
            return MethodResponse.of(400, "{\"error\":\"give {\\\"seconds\\\":N} with N from 1 to 3600\"}");
        }
        synchronized (this) {
            interval = Duration.ofSeconds(seconds.asInt());
            schedule(interval);
        }
        LOG.info("interval set to {} s", seconds.asInt());
        return MethodResponse.ok("{\"intervalSeconds\":" + seconds.asInt() + "}");
    }

    private MethodResponse reboot(MethodRequest request) {
        synchronized (this) {
            if (sending != null) {
                sending.cancel(false);
            }
            schedule(REBOOT_PAUSE);
        }
        Map<String, Object> reported = new HashMap<>();
        reported.put("lastReboot", Instant.now().toString());
        client.updateReportedProperties(reported);
        LOG.info("rebooting (telemetry pauses for {} s)", REBOOT_PAUSE.toSeconds());
        return MethodResponse.ok("{\"rebooting\":true}");
    }

    @Override
    public void close() {
        timer.shutdownNow();
        client.close();
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>(Map.of("--mqtt-port", "8883", "--interval", "5s"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        if (!options.containsKey("--connection-string-file") || !options.containsKey("--hub-ca")
                || args.length % 2 != 0) {
            System.err.println("usage: SimulatedSensor --connection-string-file FILE --hub-ca CA.pem "
                    + "[--mqtt-port N] [--interval 5s]");
            System.exit(2);
        }
        DeviceClient client = DeviceClient.builder()
                .connectionString(OwnerOnlySecret.read(Path.of(options.get("--connection-string-file"))))
                .hubCa(Path.of(options.get("--hub-ca")))
                .port(Integer.parseInt(options.get("--mqtt-port")))
                .build();
        Duration interval = parseSeconds(options.get("--interval"));
        SimulatedSensor sensor = new SimulatedSensor(client, interval);
        Runtime.getRuntime().addShutdownHook(new Thread(sensor::close, "sensor-shutdown"));
        sensor.start();
        LOG.info("sensor {} sending every {} s", client.deviceId(), interval.toSeconds());
        Thread.currentThread().join();
    }

    private static Duration parseSeconds(String text) {
        String digits = text.endsWith("s") ? text.substring(0, text.length() - 1) : text;
        int seconds = Integer.parseInt(digits);
        if (seconds < 1 || seconds > 3600) {
            throw new IllegalArgumentException("--interval must be 1s..3600s");
        }
        return Duration.ofSeconds(seconds);
    }
}
