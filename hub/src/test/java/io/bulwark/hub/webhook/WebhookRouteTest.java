package io.bulwark.hub.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulwark.hub.HubException;
import io.bulwark.hub.stream.StreamMessage;
import io.bulwark.hub.stream.StreamName;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookRouteTest {

    @Test
    void rejectsWebhookWithoutHttps() { // S-TLS-1: nothing leaves the hub in the clear
        for (String url : new String[] {"http://receiver.example/hook", "HTTP://receiver.example/", "ftp://x/y",
                "file:///etc/passwd", "//receiver.example/hook", "receiver.example/hook", "wss://receiver.example/"}) {
            assertThatThrownBy(() -> WebhookUrl.parse(url)).as(url)
                    .isInstanceOfSatisfying(HubException.Invalid.class,
                            e -> assertThat(e.type()).isEqualTo("webhook-url-not-https"));
        }
    }

    @Test
    void rejectsUrlsWithUserInfo() {
        assertThatThrownBy(() -> WebhookUrl.parse("https://user:hunter2@receiver.example/hook"))
                .isInstanceOfSatisfying(HubException.Invalid.class, e -> {
                    assertThat(e.type()).isEqualTo("webhook-url-has-credentials");
                    assertThat(e.getMessage()).doesNotContain("hunter2");
                });
    }

    @Test
    void rejectsUrlsWithoutHostOrWithFragmentOrTooLong() {
        for (String url : new String[] {"https:///hook", "https://receiver.example/hook#part", "https://a b/",
                "https://receiver.example/" + "x".repeat(WebhookUrl.MAX_LENGTH), ""}) {
            assertThatThrownBy(() -> WebhookUrl.parse(url)).as(url)
                    .isInstanceOfSatisfying(HubException.Invalid.class,
                            e -> assertThat(e.type()).isEqualTo("invalid-webhook-url"));
        }
    }

    @Test
    void acceptsHttpsWithPortPathAndQueryButShowsOnlyTheOrigin() {
        WebhookUrl url = WebhookUrl.parse("https://receiver.example:8443/hooks/in?code=receiver-token");
        assertThat(url.uri().getPort()).isEqualTo(8443);
        assertThat(url.origin()).isEqualTo("https://receiver.example:8443").doesNotContain("receiver-token");
        assertThat(WebhookUrl.parse("HTTPS://127.0.0.1/x").origin()).isEqualTo("https://127.0.0.1");
    }

    @Test
    void namesStreamsAndAttemptsAreValidated() {
        WebhookUrl url = WebhookUrl.parse("https://receiver.example/");
        assertThatThrownBy(() -> route("bad name", StreamName.TELEMETRY, url, 3))
                .isInstanceOfSatisfying(HubException.Invalid.class,
                        e -> assertThat(e.type()).isEqualTo("invalid-webhook-name"));
        assertThatThrownBy(() -> route("a".repeat(65), StreamName.TELEMETRY, url, 3))
                .isInstanceOf(HubException.Invalid.class);
        assertThatThrownBy(() -> route("audit-out", StreamName.AUDIT, url, 3))
                .isInstanceOfSatisfying(HubException.Invalid.class,
                        e -> assertThat(e.type()).isEqualTo("invalid-webhook-stream"));
        for (int attempts : new int[] {0, -1, WebhookRoute.MAX_ATTEMPTS_CEILING + 1}) {
            assertThatThrownBy(() -> route("r", StreamName.SECURITY, url, attempts))
                    .isInstanceOfSatisfying(HubException.Invalid.class,
                            e -> assertThat(e.type()).isEqualTo("invalid-max-attempts"));
        }
        assertThat(route("to-backend_1.v2", StreamName.SECURITY, url, 1).name()).isEqualTo("to-backend_1.v2");
    }

    @Test
    void filtersByDeviceAndPropertyEquality() {
        StreamMessage celsius = message("sensor-1", Map.of("unit", "C"));
        StreamMessage kelvin = message("sensor-1", Map.of("unit", "K"));
        StreamMessage other = message("sensor-2", Map.of("unit", "C"));
        assertThat(WebhookFilter.ALL.matches(celsius)).isTrue();
        WebhookFilter device = new WebhookFilter("sensor-1", null, null);
        assertThat(device.matches(celsius)).isTrue();
        assertThat(device.matches(other)).isFalse();
        WebhookFilter both = new WebhookFilter("sensor-1", "unit", "C");
        assertThat(both.matches(celsius)).isTrue();
        assertThat(both.matches(kelvin)).isFalse();
        assertThat(both.matches(other)).isFalse();
        assertThat(new WebhookFilter(null, "unit", "C").matches(message("s", Map.of()))).isFalse();
        assertThatThrownBy(() -> new WebhookFilter(null, "unit", null))
                .isInstanceOfSatisfying(HubException.Invalid.class,
                        e -> assertThat(e.type()).isEqualTo("invalid-webhook-filter"));
        assertThatThrownBy(() -> new WebhookFilter("bad id", null, null)).isInstanceOf(HubException.Invalid.class);
    }

    private static WebhookRoute route(String name, StreamName stream, WebhookUrl url, int attempts) {
        return new WebhookRoute(name, stream, WebhookFilter.ALL, url, null, attempts, true, Instant.now());
    }

    private static StreamMessage message(String deviceId, Map<String, String> properties) {
        return new StreamMessage(deviceId, null, Instant.now(), "mqtt", properties, new byte[0]);
    }
}
