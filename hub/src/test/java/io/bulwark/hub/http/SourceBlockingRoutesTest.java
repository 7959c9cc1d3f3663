package io.bulwark.hub.http;

import static io.bulwark.hub.http.ServiceApiTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.hub.HubLimits;
import io.bulwark.hub.ServiceClient;
import io.bulwark.hub.TestHubCore;
import io.bulwark.hub.registry.DeviceSpec;
import io.bulwark.hub.registry.IdentityId;
import io.bulwark.hub.security.MonitoringLimits;
import io.bulwark.hub.security.SourceExemptions;
import io.bulwark.protocol.sas.SasToken;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * S-AUTH-7 on the HTTPS side: a blocked or slowed source is refused before its credentials are looked at, on the
 * service API and on the device API alike, and the refusal reads the same whether the credentials were good or not.
 * Loopback is not exempt here, so the test's own address can be blocked.
 */
class SourceBlockingRoutesTest {

    @TempDir
    Path dir;
    ApiFixture hub;
    ServiceClient owner;

    @BeforeEach
    void start() {
        hub = ApiFixture.start(dir, HubLimits.DEFAULTS.withMonitoring(MonitoringLimits.DEFAULTS.withSourceBlocking(
                10, 20, Duration.ofSeconds(30), Duration.ofMinutes(15), SourceExemptions.NONE)));
        owner = hub.client("iothubowner");
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void aBlockedSourceIsRefusedEvenWithGoodCredentialsOnServiceAndDeviceRoutes() {
        hub.core.registry.create(TestHubCore.OPERATOR, DeviceSpec.sasDevice(IdentityId.device("d1")));
        String deviceKey = hub.core.registry.get(IdentityId.device("d1")).authentication().symmetricKey()
                .primaryKey();
        String deviceToken = SasToken.create(ApiFixture.HOST + "/devices/d1", Base64.getDecoder().decode(deviceKey),
                Instant.now().plusSeconds(600), null).format();
        assertThat(owner.get("/devices/d1").statusCode()).isEqualTo(200);
        long before = hub.auditHead();

        assertThat(hub.blocklist.block(TestHubCore.OPERATOR, "127.0.0.1", Duration.ofMinutes(5), "test")).isTrue();

        HttpResponse<String> service = owner.get("/devices/d1");
        assertProblem(service, 429, "source-blocked");
        assertThat(Long.parseLong(service.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 300L);
        assertThat(service.body()).as("no device document").doesNotContain("\"deviceId\"").doesNotContain("etag");
        HttpResponse<String> device = owner.send(owner.unauthenticated("/devices/d1/messages/events")
                .header("Authorization", deviceToken).POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")));
        assertProblem(device, 429, "source-blocked");
        assertThat(owner.send(owner.unauthenticated("/health").GET()).statusCode()).as("public routes stay open")
                .isEqualTo(200);
        // Only the block itself is audited, not each refused request: a blocked attacker cannot fill the log.
        assertThat(hub.core.audit.query(new io.bulwark.hub.audit.AuditQuery(null, null, null, null, null, null,
                before, 100))).extracting(r -> r.action()).containsExactly("security.source-blocked");
    }

    @Test
    void aSlowedSourceGetsOneAttemptPerIntervalAndIsToldToRetryLater() {
        assertThat(hub.blocklist.slowDown("127.0.0.1", Duration.ofSeconds(30), Duration.ofMinutes(15), "test"))
                .isTrue();

        assertThat(owner.get("/devices").statusCode()).as("the interval's one attempt").isEqualTo(200);
        HttpResponse<String> tooSoon = owner.get("/devices");
        assertProblem(tooSoon, 429, "authentication-throttled");
        assertThat(tooSoon.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void blockedSourcesAreListedAndCanBeUnblockedEarlyWithAlertWrite() throws Exception {
        hub.blocklist.block(TestHubCore.OPERATOR, "192.0.2.7", Duration.ofMinutes(5), "test");
        hub.blocklist.slowDown("198.51.100.3", Duration.ofSeconds(2), Duration.ofMinutes(5), "test");

        HttpResponse<String> list = owner.get("/security/blocked-sources");
        assertThat(list.statusCode()).isEqualTo(200);
        com.fasterxml.jackson.databind.JsonNode sources = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(list.body());
        assertThat(sources).hasSize(2);
        assertThat(sources.get(0).path("source").asText()).isEqualTo("192.0.2.7");
        assertThat(sources.get(0).path("state").asText()).isEqualTo("blocked");
        assertThat(sources.get(1).path("state").asText()).isEqualTo("slowed");

        assertProblem(hub.client("service").delete("/security/blocked-sources/192.0.2.7"), 403, "forbidden");
        assertThat(hub.blocklist.admit("192.0.2.7").allowed()).isFalse();
        assertThat(owner.delete("/security/blocked-sources/192.0.2.7").statusCode()).isEqualTo(204);
        assertThat(hub.blocklist.admit("192.0.2.7").allowed()).isTrue();
        io.bulwark.hub.audit.AuditRecord unblocked = hub.core.audit.latest().orElseThrow();
        assertThat(java.util.List.of(unblocked.action(), unblocked.target(), unblocked.actor()))
                .containsExactly("security.source-unblocked", "source:192.0.2.7", "policy:iothubowner");
        assertProblem(owner.delete("/security/blocked-sources/192.0.2.7"), 404, "source-not-blocked");
        assertThat(hub.core.audit.latest().orElseThrow().outcome())
                .isEqualTo(io.bulwark.hub.audit.AuditOutcome.FAILURE);
    }
}
