package io.bulwark.hub.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SecretSealerTest {

    private static final String KEY = "c2VjcmV0LWRldmljZS1rZXktYWJj";
    private static final String CONTEXT = "device-key:d1:primary";

    private final SecretSealer sealer = new SecretSealer(MasterKey.of(bytes(1)));

    @Test
    void opensWhatItSealed() {
        assertThat(sealer.open(sealer.seal(KEY, CONTEXT), CONTEXT)).isEqualTo(KEY);
        assertThat(sealer.open(sealer.seal("", CONTEXT), CONTEXT)).isEmpty();
        assertThat(sealer.open(sealer.seal("clé ✓", CONTEXT), CONTEXT)).isEqualTo("clé ✓");
    }

    @Test
    void sealedFormIsVersionedBase64UrlOfNonceCiphertextAndTag() { // S-DATA-2
        String sealed = sealer.seal(KEY, CONTEXT);
        assertThat(sealed).startsWith("v1.").doesNotContain(KEY).matches("v1\\.[A-Za-z0-9_-]+");
        assertThat(Base64.getUrlDecoder().decode(sealed.substring(3))).hasSize(12 + KEY.length() + 16);
    }

    @Test
    void twoSealsOfTheSameSecretDiffer() {
        assertThat(sealer.seal(KEY, CONTEXT)).isNotEqualTo(sealer.seal(KEY, CONTEXT));
    }

    @Test
    void aSealedSecretMovedToAnotherRowDoesNotOpen() { // S-DATA-2
        String sealed = sealer.seal(KEY, CONTEXT);
        assertThatThrownBy(() -> sealer.open(sealed, "device-key:d2:primary"))
                .isInstanceOf(SealedSecretException.class).hasMessageNotContaining(KEY);
    }

    @Test
    void anyFlippedBitIsDetected() {
        byte[] sealed = Base64.getUrlDecoder().decode(sealer.seal(KEY, CONTEXT).substring(3));
        // Nonce, ciphertext and tag each.
        for (int index : new int[] {0, 12, sealed.length - 1}) {
            byte[] tampered = sealed.clone();
            tampered[index] ^= 1;
            String text = "v1." + Base64.getUrlEncoder().withoutPadding().encodeToString(tampered);
            assertThatThrownBy(() -> sealer.open(text, CONTEXT)).as("bit flipped at %d", index)
                    .isInstanceOf(SealedSecretException.class).hasMessageNotContaining(KEY);
        }
    }

    @Test
    void anotherMasterKeyCannotOpen() {
        String sealed = sealer.seal(KEY, CONTEXT);
        SecretSealer other = new SecretSealer(MasterKey.of(bytes(2)));
        assertThatThrownBy(() -> other.open(sealed, CONTEXT)).isInstanceOf(SealedSecretException.class);
    }

    @Test
    void refusesUnknownVersionsAndBrokenEncodings() {
        for (String bad : new String[] {"v2.AAAA", "v1.***", "v1.", "v1.AAAA", "plain", ""}) {
            assertThatThrownBy(() -> sealer.open(bad, CONTEXT)).as(bad).isInstanceOf(SealedSecretException.class);
        }
        assertThatThrownBy(() -> sealer.open(null, CONTEXT)).isInstanceOf(SealedSecretException.class);
    }

    @Test
    void bytesVariantsRoundTripUnderTheirContext() {
        byte[] secret = bytes(42);
        byte[] sealed = sealer.sealBytes(secret, "policy-key:registryRead");
        assertThat(sealer.openBytes(sealed, "policy-key:registryRead")).isEqualTo(secret);
        assertThatThrownBy(() -> sealer.openBytes(sealed, "policy-key:service"))
                .isInstanceOf(SealedSecretException.class);
    }

    @Test
    void isSafeToShareBetweenThreads() {
        assertThat(IntStream.range(0, 2_000).parallel()
                .mapToObj(i -> sealer.open(sealer.seal("secret-" + i, "row-" + i), "row-" + i))
                .distinct().count()).isEqualTo(2_000);
    }

    private static byte[] bytes(int fill) {
        byte[] bytes = new byte[32];
        java.util.Arrays.fill(bytes, (byte) fill);
        return bytes;
    }
}
