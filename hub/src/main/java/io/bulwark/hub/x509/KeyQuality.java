package io.bulwark.hub.x509;

import java.io.IOException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;

/**
 * S-AUTH-8: the keys and signatures a certificate may carry to be trusted by the hub. RSA keys of at least 2048 bits,
 * EC keys on curves of at least 256 bits (P-256, P-384, P-521), Ed25519 and Ed448; signatures with SHA-256 or
 * stronger. SHA-1 and MD5 signatures are refused: chosen-prefix collisions make a certificate signed that way
 * forgeable. The same rule applies at CA registration and to every certificate a device presents.
 */
public final class KeyQuality {

    public static final int MIN_RSA_BITS = 2048;
    public static final int MIN_EC_BITS = 256;

    private static final String RSASSA_PSS = "1.2.840.113549.1.1.10";
    /** Signature algorithm OIDs accepted, with a readable name for messages. */
    private static final Map<String, String> ACCEPTED_SIGNATURES = Map.of(
            "1.2.840.113549.1.1.11", "SHA256withRSA",
            "1.2.840.113549.1.1.12", "SHA384withRSA",
            "1.2.840.113549.1.1.13", "SHA512withRSA",
            "1.2.840.10045.4.3.2", "SHA256withECDSA",
            "1.2.840.10045.4.3.3", "SHA384withECDSA",
            "1.2.840.10045.4.3.4", "SHA512withECDSA",
            "1.3.101.112", "Ed25519",
            "1.3.101.113", "Ed448");
    /** Hashes RSASSA-PSS may use: SHA-256, SHA-384, SHA-512 (its default, SHA-1, is not among them). */
    private static final Set<String> ACCEPTED_PSS_HASHES = Set.of(
            "2.16.840.1.101.3.4.2.1", "2.16.840.1.101.3.4.2.2", "2.16.840.1.101.3.4.2.3");

    private KeyQuality() {
    }

    /** Why this certificate's key or signature is too weak, or empty when both are acceptable. */
    public static Optional<String> problem(X509Certificate certificate) {
        Optional<String> key = keyProblem(certificate.getPublicKey());
        return key.isPresent() ? key : signatureProblem(certificate);
    }

    /** Why this public key is too weak, or empty: the rule for CSRs, whose key is not in a certificate yet. */
    public static Optional<String> keyProblem(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            return bits < MIN_RSA_BITS
                    ? Optional.of("RSA key of " + bits + " bits (at least " + MIN_RSA_BITS + " required)")
                    : Optional.empty();
        }
        if (key instanceof ECPublicKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            return bits < MIN_EC_BITS
                    ? Optional.of("EC key on a " + bits + "-bit curve (P-256 or stronger required)")
                    : Optional.empty();
        }
        if (key instanceof EdECPublicKey) {
            return Optional.empty();
        }
        // DSA, and EC keys on curves the JDK no longer implements (P-224, binary curves) arrive here.
        return Optional.of("unsupported key type " + key.getAlgorithm() + " (RSA 2048+, EC P-256+ or EdDSA required)");
    }

    private static Optional<String> signatureProblem(X509Certificate certificate) {
        return signatureProblem(certificate.getSigAlgOID(), certificate.getSigAlgParams(), certificate.getSigAlgName());
    }

    /**
     * Why a signature algorithm is too weak, or empty; for certificates and CSRs alike.
     *
     * @param parameters the algorithm's DER parameters (RSASSA-PSS names its hash there), or null
     * @param name       a readable name for the message
     */
    public static Optional<String> signatureProblem(String oid, byte[] parameters, String name) {
        if (ACCEPTED_SIGNATURES.containsKey(oid)) {
            return Optional.empty();
        }
        if (RSASSA_PSS.equals(oid) && pssHashIsStrong(parameters)) {
            return Optional.empty();
        }
        return Optional.of("signature algorithm " + name + " (SHA-256 or stronger required; SHA-1 and MD5 are refused)");
    }

    private static boolean pssHashIsStrong(byte[] parameters) {
        if (parameters == null) {
            return false;
        }
        try {
            RSASSAPSSparams pss = RSASSAPSSparams.getInstance(
                    org.bouncycastle.asn1.ASN1Primitive.fromByteArray(parameters));
            return ACCEPTED_PSS_HASHES.contains(pss.getHashAlgorithm().getAlgorithm().getId());
        } catch (IOException | IllegalArgumentException unreadable) {
            return false;
        }
    }
}
