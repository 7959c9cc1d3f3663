package io.bulwark.hub.x509;

import io.bulwark.hub.HubException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

/** Reading, writing and naming certificates: PEM text, SHA-256 thumbprints, the subject's common name. */
public final class Certificates {

    private static final int MAX_CHAIN = 8;

    private Certificates() {
    }

    /** Lower-case hex SHA-256 of the DER encoding: what Azure calls the X.509 thumbprint. */
    public static String thumbprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot compute a certificate thumbprint", e);
        }
    }

    /** The subject's CN, or empty when it has none; several CNs give the most specific (last) one. */
    public static String commonName(X509Certificate certificate) {
        try {
            String cn = "";
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    cn = String.valueOf(rdn.getValue());
                }
            }
            return cn;
        } catch (InvalidNameException e) {
            return "";
        }
    }

    /** Exactly one certificate from PEM text, or from base64 DER without PEM armour (what Azure's portal takes). */
    public static X509Certificate parseOne(String text, String field) {
        List<X509Certificate> certificates = parse(text, field);
        if (certificates.size() != 1) {
            throw new HubException.Invalid("invalid-certificate", field + " must hold exactly one certificate, not "
                    + certificates.size());
        }
        return certificates.get(0);
    }

    static List<X509Certificate> parse(String text, String field) {
        if (text == null || text.isBlank()) {
            throw new HubException.Invalid("invalid-certificate", field + " is required (a PEM certificate)");
        }
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            List<X509Certificate> certificates = new ArrayList<>();
            if (!text.contains("-----BEGIN")) {
                byte[] der = Base64.getMimeDecoder().decode(text.trim());
                certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
                return certificates;
            }
            try (PEMParser parser = new PEMParser(new StringReader(text))) {
                for (Object item = parser.readObject(); item != null; item = parser.readObject()) {
                    if (!(item instanceof X509CertificateHolder holder)) {
                        // A private key pasted by mistake is refused without echoing any of it.
                        throw new HubException.Invalid("invalid-certificate", field
                                + " holds something other than a certificate; send the certificate only");
                    }
                    if (certificates.size() == MAX_CHAIN) {
                        throw new HubException.Invalid("invalid-certificate", field + " holds too many certificates");
                    }
                    certificates.add((X509Certificate) factory.generateCertificate(
                            new ByteArrayInputStream(holder.getEncoded())));
                }
            }
            return certificates;
        } catch (CertificateException | IOException | IllegalArgumentException e) {
            throw new HubException.Invalid("invalid-certificate", field + " is not a readable X.509 certificate");
        }
    }

    public static String toPem(X509Certificate certificate) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(certificate);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** A value from a certificate (a name) made safe for an audit detail or an error message. */
    static String printable(String value) {
        String shortened = value.length() > 128 ? value.substring(0, 128) + "..." : value;
        return shortened.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
