package io.bulwark.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulwark.device.client.ConnectionState;
import io.bulwark.device.client.ConnectionStateChange;
import io.bulwark.device.client.DesiredProperties;
import io.bulwark.device.client.DeviceClient;
import io.bulwark.device.client.DeviceClientBuilder;
import io.bulwark.device.client.DeviceMessage;
import io.bulwark.device.client.DirectoryOutbox;
import io.bulwark.hub.HubLimits;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SDK's safety guarantees against a hub that goes away: restarts while the device sends (no acknowledged or
 * outboxed message lost, desired properties resynchronised), SAS renewal over short-lived tokens, and an outbox that
 * outlives its client.
 */
class DeviceSdkResilienceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HubLimits NO_SKEW = HubLimits.DEFAULTS.withSasClockSkew(Duration.ZERO);

    @TempDir
    Path data;

    @Test
    void hubRestartedWhileSendingLosesNoAcceptedMessageAndDesiredPropertiesResync() throws Exception {
        try (FixedPortHub hub = new FixedPortHub(data.resolve("hub"), HubLimits.DEFAULTS)) {
            byte[] outboxKey = createDevice(hub, "restarter");
            byte[] memoryKey = createDevice(hub, "in-memory");
            BlockingQueue<DesiredProperties> desired = new LinkedBlockingQueue<>();
            List<ConnectionStateChange> states = new CopyOnWriteArrayList<>();
            Map<String, CompletableFuture<Void>> outboxed = new ConcurrentHashMap<>();
            Map<String, CompletableFuture<Void>> inMemory = new ConcurrentHashMap<>();
            try (DeviceClient withOutbox = client(hub, "restarter", outboxKey)
                    .outbox(data.resolve("outbox"), 10_000, 64L * 1024 * 1024, DirectoryOutbox.OverflowPolicy.REFUSE_NEW)
                    .build();
                 DeviceClient withoutOutbox = client(hub, "in-memory", memoryKey).maxQueuedMessages(10_000).build()) {
                withOutbox.onDesiredPropertiesChanged(desired::add);
                withOutbox.onConnectionStateChanged(states::add);
                withOutbox.open().get(30, TimeUnit.SECONDS);
                withoutOutbox.open().get(30, TimeUnit.SECONDS);
                assertThat(desired.poll(20, TimeUnit.SECONDS)).isNotNull(); // the resync of the first connect

                AtomicBoolean sending = new AtomicBoolean(true);
                Thread sender = new Thread(() -> {
                    for (int i = 0; sending.get(); i++) {
                        send(withOutbox, "o-" + i, outboxed);
                        send(withoutOutbox, "m-" + i, inMemory);
                        sleep(5);
                    }
                });
                sender.start();
                sleep(500);
                hub.stop();                // the hub goes away with messages in flight
                sleep(500);                // sent while it is down: outboxed or queued
                hub.startElsewhere();      // up for the operator, unreachable for the devices
                assertThat(patchDesired(hub, "restarter", "{\"target\":99}")).isEqualTo(200);
                hub.stop();
                hub.start();               // back where the devices dial
                sleep(1000);
                sending.set(false);
                sender.join();

                // With an outbox, a send that did not fail at once is on disk: it must arrive. Without one it waits
                // in memory and must arrive too, as long as the client lives.
                assertThat(outboxed.values()).noneMatch(CompletableFuture::isCompletedExceptionally);
                CompletableFuture.allOf(outboxed.values().toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
                CompletableFuture.allOf(inMemory.values().toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
                DesiredProperties resynced = awaitDesired(desired, d -> d.fullDocument()
                        && d.properties().path("target").asInt() == 99);
                assertThat(resynced.properties().path("target").asInt()).isEqualTo(99);
            }
            Set<String> stored = hub.telemetryIds();
            System.out.println("restart test: " + outboxed.size() + " outboxed and " + inMemory.size()
                    + " queued messages, " + stored.size() + " distinct ids stored");
            assertThat(stored).containsAll(outboxed.keySet()).containsAll(inMemory.keySet());
            assertThat(states).anyMatch(change -> change.reason() == ConnectionStateChange.Reason.RECONNECTED);
        }
    }

    private static void send(DeviceClient client, String id, Map<String, CompletableFuture<Void>> accepted) {
        CompletableFuture<Void> sent = client.sendTelemetry(DeviceMessage.builder().messageId(id)
                .body("{\"n\":\"" + id + "\"}").build());
        accepted.put(id, sent);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void sasTokenIsRenewedBeforeExpiryAndNoMessageIsLost() throws Exception {
        try (FixedPortHub hub = new FixedPortHub(data.resolve("hub"), NO_SKEW)) {
            byte[] key = createDevice(hub, "renewer");
            List<ConnectionStateChange> states = new CopyOnWriteArrayList<>();
            List<CompletableFuture<Void>> sent = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            try (DeviceClient client = client(hub, "renewer", key).tokenLifetime(Duration.ofSeconds(10)).build()) {
                client.onConnectionStateChanged(states::add);
                client.open().get(30, TimeUnit.SECONDS);
                // More than two token lifetimes (S-AUTH-4 closes a connection whose token expired).
                Instant end = Instant.now().plusSeconds(25);
                for (int i = 0; Instant.now().isBefore(end); i++) {
                    ids.add("tick-" + i);
                    sent.add(client.sendTelemetry(DeviceMessage.builder().messageId("tick-" + i).body("t").build()));
                    Thread.sleep(100);
                }
                CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            }
            states.forEach(change -> System.out.println("renewal test: " + change.at() + " " + change.state() + " "
                    + change.reason()));
            assertThat(hub.telemetryIds()).containsAll(ids);
            assertThat(states).filteredOn(change -> change.state() == ConnectionState.CONNECTED
                    && change.reason() == ConnectionStateChange.Reason.TOKEN_RENEWAL).hasSizeGreaterThanOrEqualTo(2);
            assertThat(states).as("renewed before the hub had to close the connection")
                    .noneMatch(change -> change.reason() == ConnectionStateChange.Reason.CONNECTION_LOST);
        }
    }

    @Test
    void outboxLeftByAClosedClientIsDeliveredByTheNextClientWithTheSameIds() throws Exception {
        Path outbox = data.resolve("outbox");
        try (FixedPortHub hub = new FixedPortHub(data.resolve("hub"), HubLimits.DEFAULTS)) {
            byte[] key = createDevice(hub, "logger");
            hub.stop();
            List<String> ids = new ArrayList<>();
            DeviceClient offline = client(hub, "logger", key, outbox).build();
            offline.open();
            for (int i = 0; i < 30; i++) {
                ids.add("kept-" + i);
                assertThat(offline.sendTelemetry(DeviceMessage.builder().messageId("kept-" + i).body("k")
                        .build()).isCompletedExceptionally()).isFalse();
            }
            offline.close(); // as a process that ends: the futures fail, the files stay
            try (var files = Files.list(outbox)) {
                assertThat(files.filter(f -> f.toString().endsWith(".msg")).count()).isEqualTo(30);
            }
            hub.start();
            try (DeviceClient next = client(hub, "logger", key, outbox).build()) {
                next.open().get(30, TimeUnit.SECONDS);
                await().atMost(Duration.ofSeconds(30)).until(() -> hub.telemetryIds().containsAll(ids));
                await().atMost(Duration.ofSeconds(10)).until(() -> {
                    try (var files = Files.list(outbox)) {
                        return files.noneMatch(f -> f.toString().endsWith(".msg"));
                    }
                });
            }
        }
    }

    private static DeviceClientBuilder client(FixedPortHub hub, String deviceId, byte[] key, Path outbox) {
        return client(hub, deviceId, key).outbox(outbox, 1000, 16L * 1024 * 1024,
                DirectoryOutbox.OverflowPolicy.REFUSE_NEW);
    }

    private static DeviceClientBuilder client(FixedPortHub hub, String deviceId, byte[] key) {
        return DeviceClient.builder()
                .connectionString("HostName=127.0.0.1;DeviceId=" + deviceId + ";SharedAccessKey="
                        + Base64.getEncoder().encodeToString(key))
                .port(hub.mqttPort())
                .hubCa(hub.ca())
                .connectTimeout(Duration.ofSeconds(5))
                .reconnectBackoff(Duration.ofMillis(200), Duration.ofSeconds(2));
    }

    private static byte[] createDevice(FixedPortHub hub, String id) throws Exception {
        JsonNode device = JSON.readTree(hub.api().put("/devices/" + id, "{}").body());
        return Base64.getDecoder().decode(device.at("/authentication/symmetricKey/primaryKey").asText());
    }

    private static int patchDesired(FixedPortHub hub, String id, String desired) {
        return hub.api().send(hub.api().request("/twins/" + id, "Content-Type", "application/json").method("PATCH",
                HttpRequest.BodyPublishers.ofString("{\"properties\":{\"desired\":" + desired + "}}"))).statusCode();
    }

    private static DesiredProperties awaitDesired(BlockingQueue<DesiredProperties> queue,
                                                  java.util.function.Predicate<DesiredProperties> wanted)
            throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            DesiredProperties next = queue.poll(1, TimeUnit.SECONDS);
            if (next != null && wanted.test(next)) {
                return next;
            }
        }
        throw new AssertionError("no matching desired-properties update within 30 s");
    }
}
