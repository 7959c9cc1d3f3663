package io.bulwark.hub.x509;

import io.bulwark.hub.HubException;
import io.bulwark.hub.audit.Actor;
import io.bulwark.hub.audit.AuditLog;
import io.bulwark.hub.audit.AuditOutcome;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * The CAs whose device certificates the hub accepts, registered with proof of possession (S-AUTH-8): an uploaded CA
 * gets a random verification code, and authenticates devices only once its owner uploads a certificate with that code
 * as CN, signed by the CA's key. Without the proof anyone could register a public CA certificate they do not control
 * and claim every device it ever signed. Every write and every refused write is audited.
 */
public final class CertificateAuthorities {

    private static final int CODE_BYTES = 16;

    private final CaRepository cas;
    private final AuditLog audit;
    private final Clock clock;
    private final SecureRandom random;
    private final List<java.util.function.Consumer<CertificateId>> deletions =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    public CertificateAuthorities(CaRepository cas, AuditLog audit, Clock clock, SecureRandom random) {
        this.cas = cas;
        this.audit = audit;
        this.clock = clock;
        this.random = random;
    }

    /** Registers an unverified CA and returns it with its verification code. */
    public RegisteredCa register(Actor actor, String name, String certificatePem) {
        RegisteredCa.requireName(name);
        return audited(actor, "ca.register", name, () -> {
            X509Certificate certificate = Certificates.parseOne(certificatePem, "certificate");
            requireUsableCa(certificate);
            RegisteredCa ca = new RegisteredCa(name, certificate, Certificates.thumbprint(certificate), newCode(),
                    newEtag(), clock.instant(), null);
            if (!cas.insert(ca)) {
                throw new HubException.Conflict("certificate-exists",
                        "a CA with this name or this certificate is registered already");
            }
            return ca;
        }, ca -> "subject " + Certificates.printable(ca.certificate().getSubjectX500Principal().getName())
                + ", thumbprint " + ca.thumbprint());
    }

    /** Proof of possession: {@code proofPem} must carry the open verification code as CN and be signed by the CA. */
    public RegisteredCa verify(Actor actor, String name, String proofPem, String ifMatch) {
        return audited(actor, "ca.verify", name, () -> {
            RegisteredCa ca = get(name);
            requireEtag(ca, ifMatch);
            if (ca.isVerified()) {
                throw new HubException.Conflict("certificate-verified", "this CA is verified already");
            }
            X509Certificate proof = Certificates.parseOne(proofPem, "certificate");
            if (!Certificates.commonName(proof).equals(ca.verificationCode())) {
                throw new HubException.Invalid("verification-failed",
                        "the certificate's CN is not this CA's verification code");
            }
            try {
                proof.verify(ca.certificate().getPublicKey());
            } catch (GeneralSecurityException notSignedByIt) {
                throw new HubException.Invalid("verification-failed", "the certificate is not signed by this CA");
            }
            requireCurrentlyValid(proof, "the verification certificate");
            requireStrong(proof);
            RegisteredCa verified = ca.verified(newEtag(), clock.instant());
            if (!cas.replace(verified, ca.etag())) {
                throw new HubException.PreconditionFailed("etag-mismatch", "the CA changed meanwhile; read it again");
            }
            return verified;
        }, ca -> "proof of possession accepted, thumbprint " + ca.thumbprint());
    }

    /** A fresh code for an unverified CA (the old one stops working), e.g. when the first proof went astray. */
    public RegisteredCa newVerificationCode(Actor actor, String name) {
        return audited(actor, "ca.new-verification-code", name, () -> {
            RegisteredCa ca = get(name);
            if (ca.isVerified()) {
                throw new HubException.Conflict("certificate-verified", "this CA is verified already");
            }
            RegisteredCa renewed = ca.withNewCode(newCode(), newEtag());
            if (!cas.replace(renewed, ca.etag())) {
                throw new HubException.PreconditionFailed("etag-mismatch", "the CA changed meanwhile; read it again");
            }
            return renewed;
        }, ca -> "new verification code issued");
    }

    public RegisteredCa get(String name) {
        RegisteredCa.requireName(name);
        return cas.find(name).orElseThrow(() -> new HubException.NotFound("certificate-not-found",
                "no CA named " + name + " is registered"));
    }

    public List<RegisteredCa> list() {
        return cas.list();
    }

    /** Listeners close the live connections that authenticated through a deleted CA (S-AUTH-6). */
    public void subscribeDeletions(java.util.function.Consumer<CertificateId> listener) {
        deletions.add(listener);
    }

    /**
     * Devices whose certificates chain only to this CA cannot connect any more once it is deleted, and their live
     * connections are closed.
     */
    public void delete(Actor actor, String name, String ifMatch) {
        RegisteredCa deleted = audited(actor, "ca.delete", name, () -> {
            RegisteredCa ca = get(name);
            requireEtag(ca, ifMatch);
            if (!cas.delete(name)) {
                throw new HubException.NotFound("certificate-not-found", "no CA named " + name + " is registered");
            }
            return ca;
        }, ca -> "thumbprint " + ca.thumbprint());
        CertificateId id = CertificateId.of(deleted.certificate());
        deletions.forEach(listener -> listener.accept(id));
    }

    private void requireUsableCa(X509Certificate certificate) {
        if (certificate.getBasicConstraints() < 0) {
            throw new HubException.Invalid("not-a-ca", "the certificate is not a CA certificate (basicConstraints "
                    + "CA:TRUE is missing)");
        }
        boolean[] usage = certificate.getKeyUsage();
        if (usage != null && (usage.length < 6 || !usage[5])) {
            throw new HubException.Invalid("not-a-ca", "the CA certificate's key usage does not allow keyCertSign");
        }
        requireCurrentlyValid(certificate, "the CA certificate");
        requireStrong(certificate);
    }

    private void requireCurrentlyValid(X509Certificate certificate, String what) {
        Instant now = clock.instant();
        if (now.isAfter(certificate.getNotAfter().toInstant())) {
            throw new HubException.Invalid("certificate-expired", what + " expired on "
                    + certificate.getNotAfter().toInstant());
        }
        if (now.isBefore(certificate.getNotBefore().toInstant())) {
            throw new HubException.Invalid("certificate-not-yet-valid", what + " is valid only from "
                    + certificate.getNotBefore().toInstant());
        }
    }

    private static void requireStrong(X509Certificate certificate) {
        KeyQuality.problem(certificate).ifPresent(problem -> {
            throw new HubException.Invalid("weak-key", "refused: " + problem);
        });
    }

    private static void requireEtag(RegisteredCa ca, String ifMatch) {
        if (ifMatch != null && !ifMatch.equals("*") && !ifMatch.replace("\"", "").equals(ca.etag())) {
            throw new HubException.PreconditionFailed("etag-mismatch", "If-Match does not match the CA's etag");
        }
    }

    private String newCode() {
        byte[] code = new byte[CODE_BYTES];
        random.nextBytes(code);
        return HexFormat.of().formatHex(code);
    }

    private String newEtag() {
        byte[] etag = new byte[8];
        random.nextBytes(etag);
        return HexFormat.of().formatHex(etag);
    }

    /** Runs a write; success and refusal both land in the audit log, the refusal with its reason. */
    private RegisteredCa audited(Actor actor, String action, String name, java.util.function.Supplier<RegisteredCa> write,
                                 java.util.function.Function<RegisteredCa, String> detail) {
        RegisteredCa result;
        try {
            result = write.get();
        } catch (HubException refused) {
            audit.record(actor, action, "ca:" + name, AuditOutcome.DENIED, refused.getMessage());
            throw refused;
        }
        audit.record(actor, action, "ca:" + name, AuditOutcome.SUCCESS, detail.apply(result));
        return result;
    }
}
