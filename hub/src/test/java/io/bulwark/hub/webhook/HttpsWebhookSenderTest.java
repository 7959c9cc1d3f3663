package io.bulwark.hub.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.hub.stream.StreamName;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTPS sender's bounds and answers, against a real receiver on 127.0.0.1. */
class HttpsWebhookSenderTest {

    private static final WebhookSecret SECRET = WebhookSecret.generate(new SecureRandom());
    private static final byte[] BODY = "{\"offset\":1}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;
    TestCertificates certificates;
    TestReceiver receiver;
    HttpsWebhookSender sender;

    @BeforeEach
    void start() {
        certificates = TestCertificates.newCa(dir);
        receiver = TestReceiver.start(certificates.serverContext("127.0.0.1"));
        // Generous timeouts: a loaded 2-core machine can take over a second for the JVM's first TLS handshake.
        sender = sender(Duration.ofSeconds(15));
    }

    private static HttpsWebhookSender sender(Duration responseTimeout) {
        return new HttpsWebhookSender(new WebhookLimits(4, Duration.ofSeconds(15), responseTimeout, 4096, 10,
                WebhookLimits.DEFAULTS.backoff(), WebhookLimits.DEFAULTS.pollInterval()), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void classifiesAnswersAsDeliveredRetryOrPermanent() {
        int[][] expectations = {{200, 0}, {204, 0}, {500, 1}, {503, 1}, {429, 1}, {408, 1}, {400, 2}, {404, 2},
                {410, 2}};
        for (int[] expectation : expectations) {
            receiver.answer(n -> expectation[0]);
            DeliveryResult result = sender.send(request(route(certificates.caPem(), "/in")), SECRET);
            assertThat(result.status()).isEqualTo(expectation[0]);
            assertThat(result.kind()).as("status " + expectation[0])
                    .isEqualTo(DeliveryResult.Kind.values()[expectation[1]]);
        }
    }

    @Test
    void neverFollowsARedirect() {
        receiver.answer(n -> 302);
        DeliveryResult result = sender.send(request(route(certificates.caPem(), "/in")), SECRET);
        assertThat(result.kind()).isEqualTo(DeliveryResult.Kind.PERMANENT);
        assertThat(result.error()).isEqualTo("the receiver answered 302 (redirects are not followed)");
        assertThat(receiver.requests()).as("the Location was not visited").isEqualTo(1);
    }

    @Test
    void aSlowReceiverTimesOutAndIsRetriedLater() {
        receiver.delay(Duration.ofSeconds(4));
        DeliveryResult result = sender(Duration.ofSeconds(1)).send(request(route(certificates.caPem(), "/in")), SECRET);
        assertThat(result.kind()).isEqualTo(DeliveryResult.Kind.RETRY);
        assertThat(result.status()).isZero();
        assertThat(result.error()).isEqualTo("no answer within 1 s");
    }

    @Test
    void aBodyOverTheLimitIsRefusedWithoutContactingTheReceiver() {
        WebhookRequest large = new WebhookRequest(route(certificates.caPem(), "/in"), 1, new byte[4097], 1);
        DeliveryResult result = sender.send(large, SECRET);
        assertThat(result.kind()).isEqualTo(DeliveryResult.Kind.PERMANENT);
        assertThat(result.error()).contains("4096-byte");
        assertThat(receiver.requests()).isZero();
    }

    @Test
    void failuresNeverQuoteTheUrlWhichMayHoldAToken() {
        WebhookRoute route = new WebhookRoute("gone", StreamName.TELEMETRY, WebhookFilter.ALL,
                WebhookUrl.parse("https://127.0.0.1:1/in?code=receiver-token"), certificates.caPem(), 3, true,
                Instant.now());
        DeliveryResult result = sender.send(request(route), SECRET);
        assertThat(result.kind()).isEqualTo(DeliveryResult.Kind.RETRY);
        assertThat(result.error()).isEqualTo("connection refused").doesNotContain("receiver-token");
    }

    @Test
    void signsEveryRequestWithItsTimestamp() {
        assertThat(sender.send(request(route(certificates.caPem(), "/in")), SECRET).delivered()).isTrue();
        TestReceiver.Received received = receiver.accepted().get(0);
        long timestamp = Long.parseLong(received.header("Bulwark-Timestamp"));
        assertThat(WebhookSignature.verify(SECRET.keyBytes(), received.header("Bulwark-Signature"), timestamp,
                received.body())).isTrue();
        assertThat(received.body()).isEqualTo(BODY);
        assertThat(received.header("Bulwark-Attempt")).isEqualTo("1");
        assertThat(received.header("User-Agent")).isEqualTo("Bulwark-Webhook/1");
    }

    private WebhookRoute route(String trustedCa, String path) {
        return new WebhookRoute("r", StreamName.TELEMETRY, WebhookFilter.ALL,
                WebhookUrl.parse(receiver.url(path).toString()), trustedCa, 3, true, Instant.now());
    }

    private static WebhookRequest request(WebhookRoute route) {
        return new WebhookRequest(route, 1, BODY, 1);
    }
}
