package io.bulwark.hub.x509;

import io.bulwark.hub.HubException;
import java.io.IOException;
import java.io.StringReader;
import java.security.PublicKey;
import java.util.Base64;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.operator.DefaultAlgorithmNameFinder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;

/**
 * A PKCS#10 certificate signing request the hub accepted: readable, signed by the key it carries (so the requester
 * holds that key), and with a key and signature that pass S-AUTH-8. Only the public key is kept: the subject and any
 * extensions the requester asked for are ignored, the hub decides what an issued certificate says.
 */
public record SigningRequest(PublicKey publicKey) {

    /** A CSR is a few hundred bytes; anything far larger is not one. */
    private static final int MAX_TEXT = 16 * 1024;

    /** PEM ({@code CERTIFICATE REQUEST}) or base64 DER without armour, as Azure's credential topic sends it. */
    public static SigningRequest parse(String text) {
        if (text == null || text.isBlank()) {
            throw new HubException.Invalid("invalid-csr", "csr is required (a PEM or base64 DER PKCS#10 request)");
        }
        if (text.length() > MAX_TEXT) {
            throw new HubException.Invalid("invalid-csr", "csr is too large for a certificate signing request");
        }
        PKCS10CertificationRequest request = read(text);
        PublicKey key;
        try {
            key = new JcaPEMKeyConverter().getPublicKey(request.getSubjectPublicKeyInfo());
        } catch (IOException | RuntimeException unreadable) {
            throw new HubException.Invalid("invalid-csr", "the csr's public key is unreadable or of an unknown type");
        }
        KeyQuality.keyProblem(key).ifPresent(problem -> {
            throw new HubException.Invalid("weak-key", "refused: " + problem);
        });
        String oid = request.getSignatureAlgorithm().getAlgorithm().getId();
        ASN1Encodable parameters = request.getSignatureAlgorithm().getParameters();
        byte[] encodedParameters;
        try {
            encodedParameters = parameters == null ? null : parameters.toASN1Primitive().getEncoded();
        } catch (IOException e) {
            throw new HubException.Invalid("invalid-csr", "the csr's signature parameters are unreadable");
        }
        KeyQuality.signatureProblem(oid, encodedParameters,
                new DefaultAlgorithmNameFinder().getAlgorithmName(request.getSignatureAlgorithm()))
                .ifPresent(problem -> {
                    throw new HubException.Invalid("weak-key", "refused: " + problem);
                });
        requireSignedByItsKey(request, key);
        return new SigningRequest(key);
    }

    private static PKCS10CertificationRequest read(String text) {
        try {
            if (!text.contains("-----BEGIN")) {
                return new PKCS10CertificationRequest(Base64.getMimeDecoder().decode(text.trim()));
            }
            try (PEMParser parser = new PEMParser(new StringReader(text))) {
                Object item = parser.readObject();
                if (!(item instanceof PKCS10CertificationRequest request) || parser.readObject() != null) {
                    // A private key pasted by mistake is refused without echoing any of it.
                    throw new HubException.Invalid("invalid-csr", "csr must hold exactly one certificate signing "
                            + "request and nothing else");
                }
                return request;
            }
        } catch (IOException | IllegalArgumentException | ClassCastException unreadable) {
            throw new HubException.Invalid("invalid-csr", "csr is not a readable PKCS#10 certificate signing request");
        }
    }

    /** Proof that the requester holds the private key: without it anyone could get a certificate for any key. */
    private static void requireSignedByItsKey(PKCS10CertificationRequest request, PublicKey key) {
        boolean valid;
        try {
            // The JDK key, not the encoded key info: the JDK finds no key factory under the EC key's OID.
            valid = request.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key));
        } catch (OperatorCreationException | PKCSException | RuntimeException unverifiable) {
            valid = false;
        }
        if (!valid) {
            throw new HubException.Invalid("invalid-csr", "the csr's signature does not verify with its own key");
        }
    }
}
