package io.bulwark.protocol.tls;

import java.util.List;

/**
 * The only TLS that hub and devices speak (S-TLS-1): versions 1.3 and 1.2, ECDHE key exchange (forward secrecy) and
 * AEAD ciphers; no CBC, no RSA key transport, no SHA-1 MACs. Strongest first, for ends that honour order. One list for
 * both ends, so that a device can never offer less than the hub accepts.
 */
public final class TlsSuites {

    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    public static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private TlsSuites() {
    }
}
