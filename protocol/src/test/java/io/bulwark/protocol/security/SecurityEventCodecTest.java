package io.bulwark.protocol.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulwark.protocol.security.PostureSnapshot.Antivirus;
import io.bulwark.protocol.security.PostureSnapshot.Firewall;
import io.bulwark.protocol.security.PostureSnapshot.ListeningPort;
import io.bulwark.protocol.security.PostureSnapshot.OperatingSystem;
import io.bulwark.protocol.security.PostureSnapshot.UsbDevice;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecurityEventCodecTest {
    private static final Instant TIME = Instant.parse("2026-12-01T10:15:30Z");
    private final SecurityEventCodec codec = new SecurityEventCodec();

    @Test
    void everyEventTypeSurvivesARoundTrip() {
        List<SecurityEventDetail> details = List.of(
                new Tamper("cover-open", "gpio17 went high"),
                new PhysicalAccess(PhysicalAccess.Action.ATTACHED, "usb", "1-1.2", "0781", "5567", "SanDisk", "Cruzer"),
                new LoginAttempt(LoginAttempt.Outcome.FAILURE, "root", "sshd", "192.0.2.7"),
                new PostureSnapshot(new OperatingSystem("debian", "Debian GNU/Linux", "12"), "6.1.0-18-amd64", "1.4.2",
                        "0.1.0", List.of(new ListeningPort("tcp", 6, "::", 22), new ListeningPort("udp", 4, "0.0.0.0", 68)),
                        List.of(new UsbDevice("1-1", "1d6b", "0002", "Linux Foundation", "2.0 root hub")),
                        new Firewall("nft", true), 3, new Antivirus("ClamAV", 86_400L), null),
                new FirmwareVerificationFailure("2.0.0", "signature does not verify"));
        long sequence = 1;
        for (SecurityEventDetail detail : details) {
            SecurityEvent event = SecurityEvent.of(sequence++, "boot-1", TIME, detail);
            assertThat(codec.decode(codec.encode(event))).isEqualTo(event);
        }
    }

    @Test
    void writesTheDocumentedWireForm() {
        byte[] json = codec.encode(SecurityEvent.of(42, "boot-1", TIME, new Tamper("cover-open", null)));
        assertThat(new String(json, StandardCharsets.UTF_8)).isEqualTo("{\"schema\":\"bulwark.security/1\","
                + "\"type\":\"tamper\",\"sequence\":42,\"bootId\":\"boot-1\",\"time\":\"2026-12-01T10:15:30Z\","
                + "\"detail\":{\"kind\":\"cover-open\",\"detail\":null}}");
    }

    @Test
    void ignoresFieldsANewerAgentAdds() {
        SecurityEvent event = decode("{\"type\":\"tamper\",\"sequence\":1,\"bootId\":\"b\",\"time\":\"2026-12-01T10:15:30Z\","
                + "\"extra\":1,\"detail\":{\"kind\":\"cover-open\",\"sensor\":\"gpio17\"}}");
        assertThat(event.detail()).isEqualTo(new Tamper("cover-open", null));
    }

    @Test
    void refusesUnknownTypesMissingFieldsAndBadValues() {
        assertRefused("{\"type\":\"party\",\"sequence\":1,\"bootId\":\"b\",\"time\":\"2026-12-01T10:15:30Z\",\"detail\":{}}",
                "unknown security event type: \"party\"");
        assertRefused("{\"type\":\"tamper\",\"bootId\":\"b\",\"time\":\"2026-12-01T10:15:30Z\",\"detail\":{\"kind\":\"x\"}}",
                "sequence must be an integer");
        assertRefused("{\"type\":\"tamper\",\"sequence\":1,\"bootId\":\"b\",\"time\":\"yesterday\",\"detail\":{\"kind\":\"x\"}}",
                "time must be an ISO-8601 instant");
        assertRefused("{\"type\":\"tamper\",\"sequence\":1,\"bootId\":\"b\",\"time\":\"2026-12-01T10:15:30Z\",\"detail\":{}}",
                "kind is required");
        assertRefused("{\"type\":\"physicalAccess\",\"sequence\":1,\"bootId\":\"b\",\"time\":\"2026-12-01T10:15:30Z\","
                + "\"detail\":{\"action\":\"wiggled\",\"bus\":\"usb\",\"port\":\"1-1\"}}", "action must be attached or removed");
        assertRefused("{\"type\":\"tamper\",\"sequence\":-1,\"bootId\":\"b\",\"time\":\"2026-12-01T10:15:30Z\",\"detail\":{\"kind\":\"x\"}}",
                "sequence must not be negative");
        assertRefused("[1,2]", "security event must be a JSON object");
        assertRefused("{\"type\":", "security event is not valid JSON");
    }

    @Test
    void refusesOversizeBodiesAndControlCharacters() {
        assertThatThrownBy(() -> codec.decode(new byte[SecurityEventCodec.MAX_BYTES + 1]))
                .isInstanceOf(SecurityEventFormatException.class).hasMessageContaining("larger than");
        assertRefused("{\"type\":\"tamper\",\"sequence\":1,\"bootId\":\"b\",\"time\":\"2026-12-01T10:15:30Z\","
                + "\"detail\":{\"kind\":\"x\\u001b[31m\"}}", "kind must be at most 256 printable characters");
    }

    private SecurityEvent decode(String json) {
        return codec.decode(json.getBytes(StandardCharsets.UTF_8));
    }

    private void assertRefused(String json, String message) {
        assertThatThrownBy(() -> decode(json)).isInstanceOf(SecurityEventFormatException.class).hasMessage(message);
    }
}
