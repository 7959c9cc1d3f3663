package io.bulwark.hub.tls;

import io.bulwark.protocol.tls.TlsSuites;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * The only TLS the hub speaks (S-TLS-1): versions 1.3 and 1.2, ECDHE key exchange (forward secrecy) and AEAD ciphers.
 * No CBC, no RSA key transport, no SHA-1 MACs, nothing older. Listed strongest-first for servers that honour order.
 */
public final class TlsPolicy {

    public static final String[] PROTOCOLS = TlsSuites.PROTOCOLS.toArray(String[]::new);

    public static final String[] CIPHER_SUITES = TlsSuites.CIPHER_SUITES.toArray(String[]::new);

    private TlsPolicy() {
    }

    /** Restricts parameters to our versions and to those of our suites this JDK's default TLS supports. */
    public static SSLParameters apply(SSLParameters parameters) {
        SSLParameters supported = JdkSupport.PARAMETERS;
        return restrict(parameters, Set.of(supported.getProtocols()), Set.of(supported.getCipherSuites()));
    }

    /** Restricts parameters to our versions and suites, keeping only the suites in {@code supportedSuites}. */
    public static SSLParameters apply(SSLParameters parameters, Set<String> supportedSuites) {
        return restrict(parameters, Set.of(PROTOCOLS), supportedSuites);
    }

    public static void apply(SSLEngine engine) {
        engine.setSSLParameters(restrict(engine.getSSLParameters(), Set.of(engine.getSupportedProtocols()),
                Set.of(engine.getSupportedCipherSuites())));
    }

    public static void apply(SSLSocket socket) {
        socket.setSSLParameters(restrict(socket.getSSLParameters(), Set.of(socket.getSupportedProtocols()),
                Set.of(socket.getSupportedCipherSuites())));
    }

    public static void apply(SSLServerSocket listener) {
        listener.setSSLParameters(restrict(listener.getSSLParameters(), Set.of(listener.getSupportedProtocols()),
                Set.of(listener.getSupportedCipherSuites())));
    }

    public static List<String> protocols() {
        return List.of(PROTOCOLS);
    }

    public static List<String> cipherSuites() {
        return List.of(CIPHER_SUITES);
    }

    static String[] supported(Set<String> supportedSuites) {
        return Arrays.stream(CIPHER_SUITES).filter(supportedSuites::contains).toArray(String[]::new);
    }

    private static SSLParameters restrict(SSLParameters parameters, Set<String> supportedProtocols,
                                          Set<String> supportedSuites) {
        String[] protocols = Arrays.stream(PROTOCOLS).filter(supportedProtocols::contains).toArray(String[]::new);
        String[] suites = supported(supportedSuites);
        if (protocols.length == 0 || suites.length == 0) {
            // Failing here is clearer than a handshake_failure on every connection later.
            throw new IllegalStateException("this JDK supports none of the TLS versions " + protocols()
                    + " or none of the cipher suites " + cipherSuites());
        }
        parameters.setProtocols(protocols);
        parameters.setCipherSuites(suites);
        parameters.setUseCipherSuitesOrder(true);
        return parameters;
    }

    /** What the JDK's TLS implementation can do, asked once. */
    private static final class JdkSupport {
        static final SSLParameters PARAMETERS = ask();

        private static SSLParameters ask() {
            try {
                return SSLContext.getDefault().getSupportedSSLParameters();
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("no TLS implementation in this JDK", e);
            }
        }
    }
}
