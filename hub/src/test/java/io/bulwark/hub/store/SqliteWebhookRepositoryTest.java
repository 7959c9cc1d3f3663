package io.bulwark.hub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulwark.hub.secrets.MasterKey;
import io.bulwark.hub.secrets.SealedSecretException;
import io.bulwark.hub.secrets.SecretSealer;
import io.bulwark.hub.store.sqlite.SqliteStore;
import io.bulwark.hub.stream.StreamName;
import io.bulwark.hub.webhook.DeadLetter;
import io.bulwark.hub.webhook.WebhookFilter;
import io.bulwark.hub.webhook.WebhookRepository;
import io.bulwark.hub.webhook.WebhookRoute;
import io.bulwark.hub.webhook.WebhookSecret;
import io.bulwark.hub.webhook.WebhookUrl;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteWebhookRepositoryTest {

    private static final byte[] MASTER = "master key for store tests only!".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path dir;
    Store store;
    WebhookRepository webhooks;

    @BeforeEach
    void open() {
        reopen();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void routesRoundTripWithTheirSettings() {
        WebhookRoute route = new WebhookRoute("to-erp", StreamName.SECURITY, new WebhookFilter("d1", "kind", "tamper"),
                WebhookUrl.parse("https://erp.example:9443/in?x=1"), "-----BEGIN CERTIFICATE-----\n…", 5, false,
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
        assertThat(webhooks.insert(route, WebhookSecret.generate(RANDOM), 7)).isTrue();
        assertThat(webhooks.insert(route, WebhookSecret.generate(RANDOM), 1)).as("name taken").isFalse();
        reopen();
        assertThat(webhooks.find("to-erp")).contains(route);
        assertThat(webhooks.all()).containsExactly(route);
        assertThat(webhooks.position("to-erp")).isEqualTo(6);
        assertThat(webhooks.count()).isEqualTo(1);
    }

    @Test
    void theDatabaseFileRevealsNoWebhookSecret() throws Exception { // S-DATA-2
        WebhookSecret secret = WebhookSecret.generate(RANDOM);
        webhooks.insert(route("sealed"), secret, 1);
        WebhookSecret replaced = WebhookSecret.generate(RANDOM);
        webhooks.insert(route("other"), replaced, 1);
        assertThat(webhooks.secret("sealed")).contains(secret);
        store.close();
        String files = new String(allDatabaseBytes(), StandardCharsets.ISO_8859_1);
        assertThat(files).contains("sealed").doesNotContain(secret.value()).doesNotContain(replaced.value())
                .doesNotContain(secret.value().substring(WebhookSecret.PREFIX.length()));
        reopen();
    }

    @Test
    void aSealedSecretCopiedToAnotherRouteDoesNotOpen() throws Exception { // S-DATA-2
        webhooks.insert(route("victim"), WebhookSecret.generate(RANDOM), 1);
        webhooks.insert(route("attacker"), WebhookSecret.generate(RANDOM), 1);
        store.close();
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("hub.db"));
             Statement sql = db.createStatement()) {
            sql.executeUpdate("UPDATE webhook_routes SET secret_sealed = (SELECT secret_sealed FROM webhook_routes "
                    + "WHERE name = 'victim') WHERE name = 'attacker'");
        }
        reopen();
        assertThatThrownBy(() -> webhooks.secret("attacker")).isInstanceOf(SealedSecretException.class);
    }

    @Test
    void positionsOnlyMoveForwardAndDeadLettersMoveThePositionWithThem() {
        webhooks.insert(route("r"), WebhookSecret.generate(RANDOM), 1);
        webhooks.advance("r", 5);
        webhooks.advance("r", 3);
        assertThat(webhooks.position("r")).isEqualTo(5);
        DeadLetter stored = webhooks.deadLetter(new DeadLetter(0, "r", 6, "d1", Instant.now(), 3, 503,
                "the receiver answered 503", "{\"offset\":6}".getBytes(StandardCharsets.UTF_8)), 6);
        assertThat(stored.id()).isPositive();
        assertThat(webhooks.position("r")).isEqualTo(6);
        assertThat(webhooks.findDeadLetter("r", stored.id())).hasValueSatisfying(letter -> {
            assertThat(letter.payload()).isEqualTo("{\"offset\":6}".getBytes(StandardCharsets.UTF_8));
            assertThat(letter.lastStatus()).isEqualTo(503);
        });
        assertThat(webhooks.findDeadLetter("other", stored.id())).as("dead letters belong to their route").isEmpty();
        assertThat(webhooks.removeDeadLetter("other", stored.id())).isFalse();
        assertThat(webhooks.countDeadLetters("r")).isEqualTo(1);
    }

    @Test
    void deletingARouteDeletesItsDeadLetters() {
        webhooks.insert(route("r"), WebhookSecret.generate(RANDOM), 1);
        webhooks.deadLetter(new DeadLetter(0, "r", 1, "d1", Instant.now(), 1, 400, "x", new byte[] {'{', '}'}), 1);
        assertThat(webhooks.delete("r")).isTrue();
        assertThat(webhooks.delete("r")).isFalse();
        assertThat(webhooks.countDeadLetters("r")).isZero();
        assertThat(webhooks.secret("r")).isEmpty();
    }

    private void reopen() {
        if (store != null) {
            store.close();
        }
        store = SqliteStore.open(dir.resolve("hub.db"), new SecretSealer(MasterKey.of(MASTER)));
        webhooks = store.webhooks();
    }

    private static WebhookRoute route(String name) {
        return new WebhookRoute(name, StreamName.TELEMETRY, WebhookFilter.ALL,
                WebhookUrl.parse("https://receiver.example/"), null, 3, true,
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    private byte[] allDatabaseBytes() throws Exception {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("hub.db")).toList()) {
                all.write(Files.readAllBytes(file));
            }
        }
        return all.toByteArray();
    }
}
