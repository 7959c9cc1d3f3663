package io.bulwark.device.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Which certificate authorities the client accepts for the hub's server certificate. By default exactly the hub CA
 * (pinned, S-TLS-2): a certificate from any public CA for the same name is still refused. The operating system's
 * roots only when asked for with {@link #systemRoots()}.
 *
 * @param pinned the trusted CAs; empty for system roots
 */
public record HubTrust(List<X509Certificate> pinned) {

    public HubTrust {
        pinned = List.copyOf(pinned);
    }

    /** Trusts the certificates of a PEM file, normally the hub's {@code ca.crt.pem}. */
    public static HubTrust pinnedCa(Path pemFile) {
        try (InputStream in = Files.newInputStream(pemFile)) {
            List<X509Certificate> certificates = new ArrayList<>();
            CertificateFactory.getInstance("X.509").generateCertificates(in)
                    .forEach(certificate -> certificates.add((X509Certificate) certificate));
            if (certificates.isEmpty()) {
                throw new DeviceClientException(pemFile + " holds no certificate to trust");
            }
            return new HubTrust(certificates);
        } catch (IOException | CertificateException e) {
            throw new DeviceClientException("cannot read the hub CA from " + pemFile + ": " + e.getMessage());
        }
    }

    public static HubTrust pinned(List<X509Certificate> certificates) {
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("pin at least one hub CA");
        }
        return new HubTrust(certificates);
    }

    /** The JVM's default trust store: only for hubs behind a certificate from a public CA. */
    public static HubTrust systemRoots() {
        return new HubTrust(List.of());
    }

    public boolean isSystemRoots() {
        return pinned.isEmpty();
    }
}
