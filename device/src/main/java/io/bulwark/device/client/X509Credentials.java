package io.bulwark.device.client;

import io.bulwark.protocol.identity.IdentityRules;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * A device key and its certificate chain (leaf first). The TLS client certificate is the proof; the CONNECT carries
 * no password. The device id is the certificate's subject CN, as the hub requires.
 */
public record X509Credentials(String deviceId, String moduleId, PrivateKey privateKey, List<X509Certificate> chain)
        implements DeviceCredentials {

    public X509Credentials {
        IdentityRules.requireValidId(deviceId, "deviceId");
        if (moduleId != null) {
            IdentityRules.requireValidId(moduleId, "moduleId");
        }
        Objects.requireNonNull(privateKey, "privateKey");
        if (chain == null || chain.isEmpty()) {
            throw new IllegalArgumentException("an X.509 identity needs its certificate");
        }
        chain = List.copyOf(chain);
    }

    /** Reads the first key entry of a PKCS#12 file; the device id is its certificate's CN. */
    public static X509Credentials fromPkcs12(Path file, char[] password) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            return fromKeyStore(store, password);
        } catch (IOException | GeneralSecurityException e) {
            // The JDK says "keystore password was incorrect" at worst; never the password itself.
            throw new DeviceClientException("cannot read the device key store " + file.getFileName() + ": "
                    + e.getClass().getSimpleName());
        }
    }

    public static X509Credentials fromKeyStore(KeyStore store, char[] password) throws GeneralSecurityException {
        for (String alias : Collections.list(store.aliases())) {
            if (store.isKeyEntry(alias) && store.getKey(alias, password) instanceof PrivateKey key) {
                List<X509Certificate> chain = new ArrayList<>();
                for (Certificate certificate : store.getCertificateChain(alias)) {
                    chain.add((X509Certificate) certificate);
                }
                return new X509Credentials(commonName(chain.get(0)), null, key, chain);
            }
        }
        throw new DeviceClientException("the key store holds no private key with a certificate");
    }

    static String commonName(X509Certificate certificate) {
        try {
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return rdn.getValue().toString();
                }
            }
        } catch (InvalidNameException e) {
            throw new DeviceClientException("the device certificate's subject cannot be read");
        }
        throw new DeviceClientException("the device certificate has no CN (the hub takes the device id from it)");
    }

    @Override
    public String toString() {
        return "X509Credentials[" + deviceId + ", subject=" + chain.get(0).getSubjectX500Principal().getName()
                + ", key=redacted]";
    }
}
