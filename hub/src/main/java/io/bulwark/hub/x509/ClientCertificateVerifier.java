package io.bulwark.hub.x509;

import io.bulwark.hub.registry.AuthenticationType;
import io.bulwark.hub.registry.Device;
import io.bulwark.hub.registry.X509Thumbprints;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CertificateParsingException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides whether a TLS client certificate chain proves an X.509 identity (S-AUTH-8). The TLS layer has already
 * checked that the client holds the leaf's private key (its CertificateVerify signature); this class decides whether
 * the leaf names this identity: validity dates and key quality of every certificate presented, then either the leaf's
 * SHA-256 thumbprint against the registered ones ({@code selfSigned}) or a PKIX path from the leaf to a verified
 * registered CA with the device id as the leaf's CN ({@code certificateAuthority}).
 */
public final class ClientCertificateVerifier {

    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String ANY_USAGE = "2.5.29.37.0";

    private final CaRepository cas;
    private final CertificateRevocations revocations;
    private final List<X509Certificate> builtInCas;
    private final Clock clock;

    /**
     * @param builtInCas CAs trusted for {@code certificateAuthority} identities without registration: the hub's own
     *                   CA, which issues device certificates and whose key never left the hub
     */
    public ClientCertificateVerifier(CaRepository cas, CertificateRevocations revocations,
                                     List<X509Certificate> builtInCas, Clock clock) {
        this.cas = cas;
        this.revocations = revocations;
        this.builtInCas = List.copyOf(builtInCas);
        this.clock = clock;
    }

    /**
     * @param chain the client's certificates as sent, leaf first
     * @return when the proof stops being valid and which certificates it rests on
     * @throws CertificateRefusedException with the reason, for the audit log
     */
    public CertificateProof verify(Device device, List<X509Certificate> chain) {
        if (chain.isEmpty()) {
            throw new CertificateRefusedException("no client certificate");
        }
        X509Certificate leaf = chain.get(0);
        Instant now = clock.instant();
        for (X509Certificate certificate : chain) {
            String which = certificate == leaf ? "client certificate" : "certificate in the client's chain";
            if (now.isAfter(certificate.getNotAfter().toInstant())) {
                throw new CertificateRefusedException(which + " expired on " + certificate.getNotAfter().toInstant());
            }
            if (now.isBefore(certificate.getNotBefore().toInstant())) {
                throw new CertificateRefusedException(which + " not yet valid (from "
                        + certificate.getNotBefore().toInstant() + ")");
            }
            KeyQuality.problem(certificate).ifPresent(problem -> {
                throw new CertificateRefusedException(which + " refused: " + problem);
            });
            revocations.find(certificate).ifPresent(revoked -> {
                throw new CertificateRefusedException("certificate revoked: " + (certificate == leaf
                        ? "the client certificate" : "a certificate in the client's chain") + ", thumbprint "
                        + Certificates.thumbprint(certificate) + ", revoked " + revoked.revokedTime());
            });
        }
        requireClientUsage(leaf);
        if (device.authentication().type() == AuthenticationType.SELF_SIGNED) {
            return bySelfSignedThumbprint(device.authentication().x509Thumbprint(), leaf);
        }
        if (device.authentication().type() == AuthenticationType.CERTIFICATE_AUTHORITY) {
            return byRegisteredCa(device, chain, now);
        }
        throw new CertificateRefusedException("identity does not authenticate with X.509");
    }

    /**
     * Whether a proof stopped holding after it was checked: any certificate of it revoked, or its trust anchor no
     * longer a verified registered CA nor a built-in one (deleted, or replaced by an unverified registration).
     */
    public boolean isWithdrawn(List<CertificateId> chain, CertificateId trustAnchor) {
        if (chain.stream().anyMatch(id -> revocations.find(id).isPresent())) {
            return true;
        }
        return trustAnchor != null && trustedAnchors().stream()
                .noneMatch(ca -> Certificates.thumbprint(ca).equals(trustAnchor.thumbprint()));
    }

    /** The verified registered CAs and the built-in ones, minus revoked ones. */
    private Set<X509Certificate> trustedAnchors() {
        Set<X509Certificate> anchors = cas.list().stream().filter(RegisteredCa::isVerified)
                .map(RegisteredCa::certificate).collect(Collectors.toCollection(java.util.HashSet::new));
        anchors.addAll(builtInCas);
        anchors.removeIf(ca -> revocations.find(ca).isPresent());
        return anchors;
    }

    private static CertificateProof bySelfSignedThumbprint(X509Thumbprints registered, X509Certificate leaf) {
        String thumbprint = Certificates.thumbprint(leaf);
        // Both slots are live so an operator can roll a device to a new certificate without a gap (rotation).
        if (!thumbprint.equals(registered.primaryThumbprint()) && !thumbprint.equals(registered.secondaryThumbprint())) {
            throw new CertificateRefusedException("certificate thumbprint " + thumbprint
                    + " matches neither registered thumbprint");
        }
        return new CertificateProof(leaf.getNotAfter().toInstant(), List.of(CertificateId.of(leaf)), null);
    }

    private CertificateProof byRegisteredCa(Device device, List<X509Certificate> chain, Instant now) {
        X509Certificate leaf = chain.get(0);
        String commonName = Certificates.commonName(leaf);
        String expected = device.id().toString();
        if (!commonName.equals(expected)) {
            throw new CertificateRefusedException("certificate CN '" + Certificates.printable(commonName)
                    + "' is not the identity " + expected);
        }
        List<RegisteredCa> registered = cas.list();
        Optional<PKIXCertPathBuilderResult> path = buildPath(chain, trustedAnchors(), now);
        if (path.isEmpty()) {
            registered.stream().filter(RegisteredCa::isVerified).filter(ca -> revocations.find(ca.certificate())
                    .isPresent()).filter(ca -> buildPath(chain, Set.of(ca.certificate()), now).isPresent())
                    .findFirst().ifPresent(ca -> {
                        throw new CertificateRefusedException("certificate revoked: CA '" + ca.name()
                                + "', thumbprint " + ca.thumbprint());
                    });
            Optional<RegisteredCa> unverified = registered.stream().filter(ca -> !ca.isVerified())
                    .filter(ca -> buildPath(chain, Set.of(ca.certificate()), now).isPresent()).findFirst();
            throw new CertificateRefusedException(unverified
                    .map(ca -> "certificate chains to CA '" + ca.name() + "', which is not verified")
                    .orElse("certificate does not chain to a registered, verified CA"));
        }
        X509Certificate anchor = path.get().getTrustAnchor().getTrustedCert();
        Instant expiry = anchor.getNotAfter().toInstant();
        List<CertificateId> provenBy = new java.util.ArrayList<>();
        for (var certificate : path.get().getCertPath().getCertificates()) {
            Instant notAfter = ((X509Certificate) certificate).getNotAfter().toInstant();
            expiry = notAfter.isBefore(expiry) ? notAfter : expiry;
            provenBy.add(CertificateId.of((X509Certificate) certificate));
        }
        CertificateId anchorId = CertificateId.of(anchor);
        provenBy.add(anchorId);
        return new CertificateProof(expiry, provenBy, anchorId);
    }

    /** A PKIX path (signatures, CA constraints, validity at {@code now}) from the leaf through the sent chain. */
    private static Optional<PKIXCertPathBuilderResult> buildPath(List<X509Certificate> chain,
                                                                 Set<X509Certificate> anchors, Instant now) {
        if (anchors.isEmpty()) {
            return Optional.empty();
        }
        try {
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(chain.get(0));
            PKIXBuilderParameters parameters = new PKIXBuilderParameters(
                    anchors.stream().map(ca -> new TrustAnchor(ca, null)).collect(Collectors.toSet()), target);
            // The hub's own revocation list is checked on every certificate above; without this the JDK would look
            // for CRL distribution points online.
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(now));
            parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(chain)));
            return Optional.of((PKIXCertPathBuilderResult) CertPathBuilder.getInstance("PKIX").build(parameters));
        } catch (GeneralSecurityException noPath) {
            return Optional.empty();
        }
    }

    /** A leaf restricted to other purposes (a server or code-signing certificate) may not log a device in. */
    private static void requireClientUsage(X509Certificate leaf) {
        try {
            List<String> usages = leaf.getExtendedKeyUsage();
            if (usages != null && !usages.contains(CLIENT_AUTH) && !usages.contains(ANY_USAGE)) {
                throw new CertificateRefusedException("certificate's extended key usage does not allow clientAuth");
            }
        } catch (CertificateParsingException e) {
            throw new CertificateRefusedException("certificate's extended key usage is unreadable");
        }
    }
}
