package io.bulwark.hub.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bulwark.hub.stream.StreamName;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTPS sender's bounds and answers, against a real receiver on 127.0.0.1. The receiver is on loopback, which the
 * SSRF guard refuses by default: these senders allow exactly 127.0.0.1/32, as an operator would allow a LAN range.
 */
class HttpsWebhookSenderTest {

    private static final WebhookSecret SECRET = WebhookSecret.generate(new SecureRandom());
    private static final byte[] BODY = "{\"offset\":1}".getBytes(StandardCharsets.UTF_8);
    private static final PrivateTargetAllowance LOOPBACK_ONLY = PrivateTargetAllowance.parse("127.0.0.1/32");

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
        return sender(responseTimeout, new WebhookTargets(LOOPBACK_ONLY, HostResolver.SYSTEM));
    }

    private static HttpsWebhookSender sender(Duration responseTimeout, WebhookTargets targets) {
        return new HttpsWebhookSender(new WebhookLimits(4, Duration.ofSeconds(15), responseTimeout, 4096, 10,
                WebhookLimits.DEFAULTS.backoff(), WebhookLimits.DEFAULTS.pollInterval(), LOOPBACK_ONLY), targets,
                Clock.systemUTC());
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
    void aStoppingRouteIsNotHeldByAReceiverThatNeverAnswers() throws Exception {
        // Blocking socket reads ignore interrupts; the sender must notice one anyway, or stopping a route would wait
        // for the full response timeout.
        receiver.delay(Duration.ofMinutes(2));
        AtomicReference<DeliveryResult> result = new AtomicReference<>();
        Thread route = new Thread(() -> result.set(sender(Duration.ofMinutes(5))
                .send(request(route(certificates.caPem(), "/in")), SECRET)));
        route.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.requests() == 1);
        route.interrupt();
        route.join(Duration.ofSeconds(30).toMillis());
        assertThat(route.isAlive()).isFalse();
        assertThat(result.get().kind()).isEqualTo(DeliveryResult.Kind.RETRY);
        assertThat(result.get().error()).isEqualTo("the hub stopped during the request");
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

    @Test
    void neverConnectsToANameThatResolvesToAPrivateAddressAtDelivery() { // SSRF guard, S-ACL-3, S-DATA-4
        // The receiver really listens on 127.0.0.1: had the sender connected, it would have counted a request.
        for (String answer : new String[] {"127.0.0.1", "::1", "::ffff:127.0.0.1", "10.0.0.7", "169.254.169.254",
                "100.64.0.1", "fd00::1", "0.0.0.0"}) {
            WebhookTargets targets = new WebhookTargets(PrivateTargetAllowance.NONE,
                    host -> List.of(InetAddress.getByName(answer)));
            DeliveryResult result = sender(Duration.ofSeconds(15), targets)
                    .send(request(namedRoute("?code=receiver-token")), SECRET);
            assertThat(result.targetRefused()).as(answer).isTrue();
            assertThat(result.kind()).as(answer).isEqualTo(DeliveryResult.Kind.PERMANENT);
            assertThat(result.status()).isZero();
            assertThat(result.error()).as(answer).startsWith("webhook receivers must have public addresses: "
                    + "receiver.test resolves to ").contains(WebhookTargets.ALLOWANCE_HINT)
                    .doesNotContain("receiver-token").doesNotContain(SECRET.value());
        }
        assertThat(receiver.requests()).isZero();
    }

    @Test
    void checksEveryAddressANameResolvesToNotJustTheFirst() { // SSRF guard
        WebhookTargets targets = new WebhookTargets(LOOPBACK_ONLY, host -> List.of(InetAddress.getByName(
                "127.0.0.1"), InetAddress.getByName("10.0.0.7")));
        DeliveryResult result = sender(Duration.ofSeconds(15), targets).send(request(namedRoute("")), SECRET);
        assertThat(result.targetRefused()).isTrue();
        assertThat(result.error()).contains("10.0.0.7").contains("private range 10.0.0.0/8");
        assertThat(receiver.requests()).isZero();
    }

    @Test
    void connectsToTheAddressItCheckedNeverToAFreshResolution() throws Exception { // DNS rebinding, SSRF guard
        receiver.close();
        receiver = TestReceiver.start(certificates.serverContext("receiver.test"));
        // A rebinding DNS server: the first answer passes the check, every later one points into the LAN.
        AtomicInteger lookups = new AtomicInteger();
        WebhookTargets targets = new WebhookTargets(LOOPBACK_ONLY, host -> {
            assertThat(host).isEqualTo("receiver.test");
            return List.of(InetAddress.getByName(lookups.incrementAndGet() == 1 ? "127.0.0.1" : "10.0.0.7"));
        });
        HttpsWebhookSender rebound = sender(Duration.ofSeconds(15), targets);

        DeliveryResult first = rebound.send(request(namedRoute("")), SECRET);
        assertThat(first.delivered()).as(first.error()).isTrue();
        assertThat(lookups.get()).as("one resolution for the check and the connection").isEqualTo(1);
        assertThat(receiver.accepted().get(0).header("Host"))
                .as("the receiver is named by the URL's host, in TLS and HTTP alike")
                .isEqualTo("receiver.test:" + receiver.url("/").getPort());

        DeliveryResult second = rebound.send(request(namedRoute("")), SECRET);
        assertThat(second.targetRefused()).isTrue();
        assertThat(second.error()).contains("10.0.0.7");
        assertThat(lookups.get()).isEqualTo(2);
        assertThat(receiver.requests()).as("the rebound name got nothing more").isEqualTo(1);
    }

    @Test
    void aNameThatDoesNotResolveIsRetriedLater() {
        WebhookTargets targets = new WebhookTargets(LOOPBACK_ONLY, host -> {
            throw new UnknownHostException(host);
        });
        DeliveryResult result = sender(Duration.ofSeconds(15), targets).send(request(namedRoute("")), SECRET);
        assertThat(result.kind()).isEqualTo(DeliveryResult.Kind.RETRY);
        assertThat(result.targetRefused()).isFalse();
        assertThat(result.error()).isEqualTo("the host name does not resolve");
    }

    /** A route to https://receiver.test on the receiver's port: where it connects is up to the test's resolver. */
    private WebhookRoute namedRoute(String query) {
        return new WebhookRoute("named", StreamName.TELEMETRY, WebhookFilter.ALL,
                WebhookUrl.parse("https://receiver.test:" + receiver.url("/").getPort() + "/in" + query),
                certificates.caPem(), 3, true, Instant.now());
    }

    private WebhookRoute route(String trustedCa, String path) {
        return new WebhookRoute("r", StreamName.TELEMETRY, WebhookFilter.ALL,
                WebhookUrl.parse(receiver.url(path).toString()), trustedCa, 3, true, Instant.now());
    }

    private static WebhookRequest request(WebhookRoute route) {
        return new WebhookRequest(route, 1, BODY, 1);
    }
}
