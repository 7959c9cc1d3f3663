package io.bulwark.protocol.sas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SasTokenTest {

    private static final byte[] KEY = "a fixed 32-byte test key, no sec".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OTHER_KEY = "another 32-byte test key, no sec".getBytes(StandardCharsets.US_ASCII);
    private static final long EXPIRY = 1_800_000_000L;
    private static final Clock BEFORE_EXPIRY = Clock.fixed(Instant.ofEpochSecond(EXPIRY - 60), ZoneOffset.UTC);

    @Test
    void signsResourceNewlineExpiryWithHmacSha256() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        String expected = Base64.getEncoder().encodeToString(
                mac.doFinal(("hub.example.com/devices/d1\n" + EXPIRY).getBytes(StandardCharsets.UTF_8)));
        assertThat(SasSignature.compute("hub.example.com/devices/d1", EXPIRY, KEY)).isEqualTo(expected);
    }

    @Test
    void matchesAFixedVector() {
        // Computed once with: printf 'hub.example.com/devices/d1\n1800000000' |
        //   openssl dgst -sha256 -hmac 'a fixed 32-byte test key, no sec' -binary | base64
        assertThat(SasSignature.compute("hub.example.com/devices/d1", EXPIRY, KEY))
                .isEqualTo(FixedVector.SIGNATURE);
    }

    @Test
    void formatsAndParsesBack() {
        SasToken token = SasToken.create("hub.example.com", KEY, Instant.ofEpochSecond(EXPIRY), "iothubowner");
        String text = token.format();
        assertThat(text).startsWith("SharedAccessSignature sr=hub.example.com&sig=").endsWith("&skn=iothubowner");
        assertThat(SasToken.parse(text)).isEqualTo(token);
    }

    @Test
    void acceptsFieldsInAnyOrderAndAnUnencodedSignature() {
        SasToken token = SasToken.create("hub.example.com/devices/d1", KEY, Instant.ofEpochSecond(EXPIRY), null);
        String reordered = "SharedAccessSignature se=" + EXPIRY + "&sig=" + token.signature()
                + "&sr=hub.example.com/devices/d1";
        assertThat(SasToken.parse(reordered)).isEqualTo(token);
    }

    @Test
    void keepsTheResourceRawSoEncodedAudiencesVerify() {
        String encoded = "hub.example.com%2Fdevices%2Fd1";
        SasToken token = SasToken.create(encoded, KEY, Instant.ofEpochSecond(EXPIRY), null);
        SasToken parsed = SasToken.parse(token.format());
        assertThat(parsed.resource()).isEqualTo(encoded);
        assertThat(new SasTokenVerifier(BEFORE_EXPIRY, Duration.ZERO).verify(parsed, KEY)).isEqualTo(SasVerdict.VALID);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "sr=hub.example.com&sig=AAAA&se=1",
            "SharedAccessSignature sig=AAAA&se=1",
            "SharedAccessSignature sr=hub.example.com&se=1",
            "SharedAccessSignature sr=hub.example.com&sig=AAAA",
            "SharedAccessSignature sr=hub.example.com&sig=AAAA&se=soon",
            "SharedAccessSignature sr=hub.example.com&sig=AAAA&se=-5",
            "SharedAccessSignature sr=hub.example.com&sig=AAAA&se=99999999999999999999",
            "SharedAccessSignature sr=hub.example.com&sig=!!!&se=1",
            "SharedAccessSignature sr=hub.example.com&sig=AAAA&se=1&se=2",
            "SharedAccessSignature sr=hub.example.com&sig=AAAA&se=1&extra=1",
            "SharedAccessSignature sr=&sig=AAAA&se=1",
            "SharedAccessSignature sr=hub.example.com&sig=%ZZ&se=1",
            "SharedAccessSignature sr=hub.example.com&&sig=AAAA&se=1",
    })
    void refusesMalformedTokens(String text) {
        assertThatThrownBy(() -> SasToken.parse(text)).isInstanceOf(SasTokenFormatException.class);
    }

    @Test
    void refusesOversizedTokensBeforeParsing() {
        String huge = "SharedAccessSignature sr=" + "a".repeat(SasToken.MAX_LENGTH) + "&sig=AAAA&se=1";
        assertThatThrownBy(() -> SasToken.parse(huge)).hasMessageContaining("longer than");
    }

    @Test
    void neverShowsTheSignature() {
        SasToken token = SasToken.create("hub.example.com", KEY, Instant.ofEpochSecond(EXPIRY), "service");
        assertThat(token.toString()).doesNotContain(token.signature()).contains("redacted");
        assertThatThrownBy(() -> SasToken.parse(token.format() + "&sig=" + token.signature()))
                .message().doesNotContain(token.signature());
    }

    @Test
    void verifierAcceptsOnlyTheRightKeyBeforeExpiry() { // S-AUTH-4
        SasTokenVerifier verifier = new SasTokenVerifier(BEFORE_EXPIRY, Duration.ofMinutes(5));
        SasToken token = SasToken.create("hub.example.com/devices/d1", KEY, Instant.ofEpochSecond(EXPIRY), null);
        assertThat(verifier.verify(token, KEY)).isEqualTo(SasVerdict.VALID);
        assertThat(verifier.verify(token, OTHER_KEY, KEY)).as("secondary key").isEqualTo(SasVerdict.VALID);
        assertThat(verifier.verify(token, OTHER_KEY)).isEqualTo(SasVerdict.BAD_SIGNATURE);
        assertThat(verifier.verify(token)).isEqualTo(SasVerdict.BAD_SIGNATURE);
    }

    @Test
    void tamperedExpiryOrResourceBreaksTheSignature() { // S-AUTH-4
        SasTokenVerifier verifier = new SasTokenVerifier(BEFORE_EXPIRY, Duration.ofMinutes(5));
        SasToken token = SasToken.create("hub.example.com/devices/d1", KEY, Instant.ofEpochSecond(EXPIRY), null);
        SasToken laterExpiry = new SasToken(token.resource(), token.signature(), EXPIRY + 3600, null);
        SasToken otherDevice = new SasToken("hub.example.com/devices/d2", token.signature(), EXPIRY, null);
        assertThat(verifier.verify(laterExpiry, KEY)).isEqualTo(SasVerdict.BAD_SIGNATURE);
        assertThat(verifier.verify(otherDevice, KEY)).isEqualTo(SasVerdict.BAD_SIGNATURE);
    }

    @Test
    void expiryAllowsTheConfiguredSkewAndNoMore() { // S-AUTH-4
        SasToken token = SasToken.create("hub.example.com", KEY, Instant.ofEpochSecond(EXPIRY), null);
        Clock withinSkew = Clock.fixed(Instant.ofEpochSecond(EXPIRY + 299), ZoneOffset.UTC);
        Clock beyondSkew = Clock.fixed(Instant.ofEpochSecond(EXPIRY + 301), ZoneOffset.UTC);
        assertThat(new SasTokenVerifier(withinSkew, Duration.ofMinutes(5)).verify(token, KEY))
                .isEqualTo(SasVerdict.VALID);
        assertThat(new SasTokenVerifier(beyondSkew, Duration.ofMinutes(5)).verify(token, KEY))
                .isEqualTo(SasVerdict.EXPIRED);
        assertThat(new SasTokenVerifier(beyondSkew, Duration.ofMinutes(5)).verify(token, OTHER_KEY))
                .as("a wrong key learns nothing about expiry").isEqualTo(SasVerdict.BAD_SIGNATURE);
    }

    @Test
    void comparesSignaturesWithoutBeingFooledByLengthOrEncoding() {
        String signature = SasSignature.compute("r", 1, KEY);
        assertThat(SasSignature.matches(signature, signature)).isTrue();
        assertThat(SasSignature.matches(signature, signature.substring(0, 10))).isFalse();
        assertThat(SasSignature.matches(signature, "not base64!")).isFalse();
        assertThat(SasSignature.matches(signature, null)).isFalse();
    }

    /** The expected value of {@link #matchesAFixedVector()}, kept apart so the test reads as a specification. */
    private static final class FixedVector {
        static final String SIGNATURE = "Ilv9a+6HAyveTTRSqT9V3LR1OT28ACTSiFIFimuO6D0=";
    }
}
