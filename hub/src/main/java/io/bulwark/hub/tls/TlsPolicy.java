package io.bulwark.hub.tls;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLParameters;

/**
 * The only TLS the hub speaks (S-TLS-1): versions 1.3 and 1.2, ECDHE key exchange (forward secrecy) and AEAD ciphers.
 * No CBC, no RSA key transport, no SHA-1 MACs, nothing older.
 */
public final class TlsPolicy {

    public static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    public static final String[] CIPHER_SUITES = {
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
    };

    private TlsPolicy() {
    }

    /** Restricts parameters to our versions and suites, keeping only those this JDK supports. */
    public static SSLParameters apply(SSLParameters parameters, Set<String> supportedSuites) {
        parameters.setProtocols(PROTOCOLS.clone());
        parameters.setCipherSuites(supported(supportedSuites));
        parameters.setUseCipherSuitesOrder(true);
        return parameters;
    }

    static String[] supported(Set<String> supportedSuites) {
        return Arrays.stream(CIPHER_SUITES).filter(supportedSuites::contains).toArray(String[]::new);
    }

    public static List<String> protocols() {
        return List.of(PROTOCOLS);
    }

    public static List<String> cipherSuites() {
        return List.of(CIPHER_SUITES);
    }
}
