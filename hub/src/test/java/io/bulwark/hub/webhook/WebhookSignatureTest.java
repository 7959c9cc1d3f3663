package io.bulwark.hub.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    private static final WebhookSecret SECRET = new WebhookSecret("bwhsec_" + "A".repeat(43));
    private static final byte[] BODY = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
    private static final long TIMESTAMP = 1764565200L;

    @Test
    void signsTimestampDotBodyWithHmacSha256AsDocumented() {
        // Computed outside Java: printf '%s' '1764565200.{"a":1}' | openssl dgst -sha256 -hmac 'bwhsec_AAA…A'
        assertThat(WebhookSignature.header(SECRET, TIMESTAMP, BODY))
                .isEqualTo("v1=0e83c16b477ef5a122191eb1b01ab96915436799d78144ec4abafec9f166caad");
    }

    @Test
    void aReceiverAcceptsTheSignatureAndRefusesAnyChange() {
        String header = WebhookSignature.header(SECRET, TIMESTAMP, BODY);
        assertThat(WebhookSignature.verify(SECRET.keyBytes(), header, TIMESTAMP, BODY)).isTrue();
        assertThat(WebhookSignature.verify(SECRET.keyBytes(), header, TIMESTAMP + 1, BODY))
                .as("another timestamp").isFalse();
        assertThat(WebhookSignature.verify(SECRET.keyBytes(), header, TIMESTAMP,
                "{\"a\":2}".getBytes(StandardCharsets.UTF_8))).as("another body").isFalse();
        assertThat(WebhookSignature.verify(("bwhsec_" + "B".repeat(43)).getBytes(StandardCharsets.UTF_8), header,
                TIMESTAMP, BODY)).as("another secret").isFalse();
        assertThat(WebhookSignature.verify(SECRET.keyBytes(), header.substring(0, header.length() - 1), TIMESTAMP,
                BODY)).as("cut short").isFalse();
        assertThat(WebhookSignature.verify(SECRET.keyBytes(), null, TIMESTAMP, BODY)).isFalse();
    }

    @Test
    void aHeaderWithSeveralSignaturesIsAcceptedWhenOneMatches() {
        String header = "v1=" + "0".repeat(64) + " " + WebhookSignature.header(SECRET, TIMESTAMP, BODY);
        assertThat(WebhookSignature.verify(SECRET.keyBytes(), header, TIMESTAMP, BODY)).isTrue();
        assertThat(WebhookSignature.verify(SECRET.keyBytes(), "v0=" + header.substring(header.lastIndexOf('=') + 1),
                TIMESTAMP, BODY)).as("unknown version").isFalse();
    }

    @Test
    void secretsAre256RandomBitsAndNeverPrinted() { // S-AUTH-1, S-DATA-4
        Set<String> seen = new HashSet<>();
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 100; i++) {
            WebhookSecret secret = WebhookSecret.generate(random);
            assertThat(secret.value()).startsWith(WebhookSecret.PREFIX).hasSize(WebhookSecret.PREFIX.length() + 43);
            assertThat(seen.add(secret.value())).isTrue();
            assertThat(secret.toString()).doesNotContain(secret.value().substring(WebhookSecret.PREFIX.length()));
        }
        assertThatThrownBy(() -> new WebhookSecret("bwhsec_short")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("short");
    }
}
