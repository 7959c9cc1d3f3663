package io.bulwark.hub.x509;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulwark.hub.HubException;
import io.bulwark.hub.TestHubCore;
import io.bulwark.hub.audit.AuditOutcome;
import io.bulwark.hub.audit.AuditQuery;
import io.bulwark.hub.audit.AuditRecord;
import io.bulwark.hub.registry.AuthenticationType;
import io.bulwark.hub.registry.Device;
import io.bulwark.hub.registry.DeviceSpec;
import io.bulwark.hub.registry.DeviceStatus;
import io.bulwark.hub.registry.IdentityId;
import io.bulwark.hub.tls.HubCertificateAuthority;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hub CA issuing device certificates from CSRs: what it checks, what it signs, what it records (S-AUTH-8). */
class DeviceCertificatesTest {

    private static final URI CRL = URI.create("https://hub.example.com:8443/crl/hub-ca.crl");

    @TempDir
    Path dir;
    TestHubCore core;
    HubCertificateAuthority hubCa;
    CertificateRevocations revocations;
    DeviceCertificates certificates;
    ClientCertificateVerifier verifier;

    @BeforeEach
    void open() {
        core = new TestHubCore(dir);
        hubCa = HubCertificateAuthority.loadOrCreate(dir.resolve("ca"));
        revocations = new CertificateRevocations(core.store.certificateRevocations(), core.audit, Clock.systemUTC());
        certificates = new DeviceCertificates(core.store.devices(), core.store.issuedCertificates(),
                new DeviceCertificateSigner(hubCa, () -> CRL, Clock.systemUTC(), new SecureRandom()), revocations,
                core.audit, Clock.systemUTC(), IssuanceLimits.DEFAULTS);
        verifier = new ClientCertificateVerifier(core.store.certificateAuthorities(), revocations,
                List.of(hubCa.certificate()), Clock.systemUTC());
    }

    @AfterEach
    void close() {
        core.close();
    }

    @Test
    void issuesAClientCertificateWithTheDeviceIdAsCnWhateverTheCsrAsksFor() throws Exception {
        device("cam-1", AuthenticationType.CERTIFICATE_AUTHORITY);
        KeyPair keys = TestCertificates.ecP256();
        IssuedCertificate issued = certificates.issue(TestHubCore.OPERATOR, IdentityId.device("cam-1"),
                TestCertificates.csr(keys, "cam-2,CN=admin"), null);
        X509Certificate certificate = issued.certificate();
        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=cam-1");
        assertThat(certificate.getIssuerX500Principal()).isEqualTo(hubCa.certificate().getSubjectX500Principal());
        assertThat(certificate.getPublicKey()).isEqualTo(keys.getPublic());
        certificate.verify(hubCa.certificate().getPublicKey());
        assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
        assertThat(certificate.getKeyUsage()[0]).as("digitalSignature").isTrue();
        assertThat(certificate.getKeyUsage()[5]).as("keyCertSign").isFalse();
        assertThat(certificate.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(crlDistributionPoint(certificate)).isEqualTo(CRL.toString());
        assertThat(certificates.chain(issued)).containsExactly(certificate, hubCa.certificate());
    }

    @Test
    void theDefaultValidityIsShortAndTheMaximumIsEnforced() {
        device("cam-1", AuthenticationType.CERTIFICATE_AUTHORITY);
        IdentityId id = IdentityId.device("cam-1");
        Instant before = Instant.now();
        IssuedCertificate standard = certificates.issue(TestHubCore.OPERATOR, id,
                TestCertificates.csr(TestCertificates.ecP256(), "x"), null);
        assertThat(standard.notAfter()).isBetween(before.plus(Duration.ofDays(30)).minusSeconds(1),
                Instant.now().plus(Duration.ofDays(30)).plusSeconds(1));
        IssuedCertificate hours = certificates.issue(TestHubCore.OPERATOR, id,
                TestCertificates.csr(TestCertificates.ecP256(), "x"), Duration.ofHours(6));
        assertThat(Duration.between(Instant.now(), hours.notAfter())).isLessThanOrEqualTo(Duration.ofHours(6));
        assertThatThrownBy(() -> certificates.issue(TestHubCore.OPERATOR, id,
                TestCertificates.csr(TestCertificates.ecP256(), "x"), Duration.ofDays(366)))
                .isInstanceOf(HubException.Invalid.class).hasMessageContaining("between 1 hour and 365 days");
    }

    @Test
    void serialNumbersAreRandomAndEveryIssuanceIsRecordedAndAudited() {
        device("cam-1", AuthenticationType.CERTIFICATE_AUTHORITY);
        IdentityId id = IdentityId.device("cam-1");
        IssuedCertificate first = certificates.issue(TestHubCore.OPERATOR, id,
                TestCertificates.csr(TestCertificates.ecP256(), "x"), null);
        IssuedCertificate second = certificates.issue(TestHubCore.OPERATOR, id,
                TestCertificates.csr(TestCertificates.rsa(2048), "x"), null);
        assertThat(first.serialNumber()).hasSize(32).isNotEqualTo(second.serialNumber());
        assertThat(certificates.list(id)).extracting(IssuedCertificate::serialNumber)
                .containsExactly(first.serialNumber(), second.serialNumber());
        AuditRecord audited = last("certificate.issue");
        assertThat(audited.outcome()).isEqualTo(AuditOutcome.SUCCESS);
        assertThat(audited.target()).isEqualTo("device:cam-1");
        assertThat(audited.detail()).contains("serial " + second.serialNumber(), second.thumbprint());
    }

    @Test
    void refusesWeakKeysSha1AndCsrsNotSignedByTheirKey() { // S-AUTH-8
        device("cam-1", AuthenticationType.CERTIFICATE_AUTHORITY);
        assertIssueRefused(TestCertificates.csr(TestCertificates.rsa(1024), "cam-1"), "weak-key",
                "RSA key of 1024 bits");
        assertIssueRefused(TestCertificates.csr(TestCertificates.rsa(2048), "cam-1", "SHA1withRSA"), "weak-key",
                "signature algorithm SHA1WITHRSA");
        assertIssueRefused(tampered(TestCertificates.csr(TestCertificates.ecP256(), "cam-1")), "invalid-csr",
                "signature does not verify");
        assertIssueRefused("-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n",
                "invalid-csr", "not a readable");
        assertIssueRefused(TestCertificates.certificate("cam-1").build().pem(), "invalid-csr", "exactly one");
        assertThat(certificates.list(IdentityId.device("cam-1"))).isEmpty();
        assertThat(last("certificate.issue").outcome()).isEqualTo(AuditOutcome.DENIED);
    }

    @Test
    void issuesOnlyForExistingCertificateAuthorityIdentities() {
        device("sas-1", AuthenticationType.SAS);
        String csr = TestCertificates.csr(TestCertificates.ecP256(), "sas-1");
        assertThatThrownBy(() -> certificates.issue(TestHubCore.OPERATOR, IdentityId.device("sas-1"), csr, null))
                .isInstanceOfSatisfying(HubException.Conflict.class,
                        e -> assertThat(e.type()).isEqualTo("not-certificate-authority"));
        AuditRecord refusal = last("certificate.issue");
        assertThat(refusal.outcome()).isEqualTo(AuditOutcome.DENIED);
        assertThat(refusal.detail()).contains("authenticates with sas");
        assertThatThrownBy(() -> certificates.issue(TestHubCore.OPERATOR, IdentityId.device("ghost"), csr, null))
                .isInstanceOf(HubException.NotFound.class);
    }

    @Test
    void anIssuedCertificateAuthenticatesItsDeviceThroughTheBuiltInHubCa() { // S-AUTH-8
        Device device = device("cam-1", AuthenticationType.CERTIFICATE_AUTHORITY);
        IssuedCertificate issued = certificates.issue(TestHubCore.OPERATOR, IdentityId.device("cam-1"),
                TestCertificates.csr(TestCertificates.ecP256(), "cam-1"), null);
        CertificateProof proof = verifier.verify(device, List.of(issued.certificate()));
        assertThat(proof.trustAnchor().thumbprint()).isEqualTo(Certificates.thumbprint(hubCa.certificate()));
        Device other = device("cam-2", AuthenticationType.CERTIFICATE_AUTHORITY);
        assertThatThrownBy(() -> verifier.verify(other, List.of(issued.certificate())))
                .isInstanceOf(CertificateRefusedException.class).hasMessageContaining("is not the identity cam-2");
    }

    @Test
    void renewalNeedsANewKeyAndIsRateLimited() { // S-AUTH-8
        device("cam-1", AuthenticationType.CERTIFICATE_AUTHORITY);
        IdentityId id = IdentityId.device("cam-1");
        KeyPair current = TestCertificates.ecP256();
        IssuedCertificate first = certificates.issue(TestHubCore.OPERATOR, id, TestCertificates.csr(current, "x"),
                null);
        assertThatThrownBy(() -> certificates.renew(TestHubCore.OPERATOR, id, first.certificate(),
                TestCertificates.csr(current, "cam-1")))
                .isInstanceOfSatisfying(HubException.Conflict.class, e -> assertThat(e.type()).isEqualTo("same-key"));
        IssuedCertificate renewed = certificates.renew(TestHubCore.OPERATOR, id, first.certificate(),
                TestCertificates.csr(TestCertificates.ecP256(), "cam-1"));
        assertThat(renewed.origin()).isEqualTo(IssuedCertificate.Origin.RENEWAL);
        assertThat(last("certificate.renew").outcome()).isEqualTo(AuditOutcome.SUCCESS);
        assertThatThrownBy(() -> certificates.renew(TestHubCore.OPERATOR, id, renewed.certificate(),
                TestCertificates.csr(TestCertificates.ecP256(), "cam-1")))
                .isInstanceOfSatisfying(HubException.LimitExceeded.class,
                        e -> assertThat(e.type()).isEqualTo("renewal-rate"));
        AuditRecord refusal = last("certificate.renew");
        assertThat(refusal.outcome()).isEqualTo(AuditOutcome.DENIED);
        assertThat(refusal.detail()).contains("next renewal is possible from");
    }

    @Test
    void revokingBySerialNumberRefusesTheCertificateAndListsItInTheHubCrl() throws Exception { // S-AUTH-6
        Device device = device("cam-1", AuthenticationType.CERTIFICATE_AUTHORITY);
        IdentityId id = IdentityId.device("cam-1");
        IssuedCertificate issued = certificates.issue(TestHubCore.OPERATOR, id,
                TestCertificates.csr(TestCertificates.ecP256(), "x"), null);
        RevokedCertificate revoked = certificates.revoke(TestHubCore.OPERATOR, id,
                issued.serialNumber().toUpperCase());
        assertThat(revoked.id().thumbprint()).isEqualTo(issued.thumbprint());
        assertThatThrownBy(() -> verifier.verify(device, List.of(issued.certificate())))
                .isInstanceOf(CertificateRefusedException.class).hasMessageContaining("certificate revoked");
        X509CRL crl = (X509CRL) java.security.cert.CertificateFactory.getInstance("X.509").generateCRL(
                new java.io.ByteArrayInputStream(new HubCaRevocationList(hubCa, revocations, Clock.systemUTC())
                        .encoded()));
        assertThat(crl.isRevoked(issued.certificate())).isTrue();
        assertThatThrownBy(() -> certificates.revoke(TestHubCore.OPERATOR, id, "abcdef"))
                .isInstanceOf(HubException.NotFound.class);
    }

    @Test
    void aProofWhoseCaWasDeletedAfterTheCheckIsWithdrawn() { // S-AUTH-6: the check/registration race
        CertificateAuthorities cas = new CertificateAuthorities(core.store.certificateAuthorities(), core.audit,
                Clock.systemUTC(), new SecureRandom());
        TestCertificates.Issued fleet = TestCertificates.rootCa("Fleet Root");
        RegisteredCa registered = cas.register(TestHubCore.OPERATOR, "fleet", fleet.pem());
        cas.verify(TestHubCore.OPERATOR, "fleet", TestCertificates.certificate(registered.verificationCode())
                .issuedBy(fleet).build().pem(), null);
        Device device = device("cam-1", AuthenticationType.CERTIFICATE_AUTHORITY);
        CertificateProof proof = verifier.verify(device, List.of(TestCertificates.certificate("cam-1")
                .issuedBy(fleet).build().certificate()));
        assertThat(verifier.isWithdrawn(proof.chain(), proof.trustAnchor())).isFalse();
        cas.delete(TestHubCore.OPERATOR, "fleet", null);
        assertThat(verifier.isWithdrawn(proof.chain(), proof.trustAnchor())).isTrue();
    }

    private void assertIssueRefused(String csr, String type, String reason) {
        assertThatThrownBy(() -> certificates.issue(TestHubCore.OPERATOR, IdentityId.device("cam-1"), csr, null))
                .isInstanceOfSatisfying(HubException.Invalid.class, e -> {
                    assertThat(e.type()).isEqualTo(type);
                    assertThat(e.getMessage()).contains(reason);
                });
    }

    @Test
    void deletingADeviceRevokesTheCertificatesIssuedToItSoARecreatedDeviceCannotBeEnteredWithThem() {
        // S-AUTH-6: the CN is the only link between an issued certificate and its device.
        core.revocations.subscribeDeletions(certificates::revokeAllOfDeleted);
        device("cam-1", AuthenticationType.CERTIFICATE_AUTHORITY);
        device("cam-2", AuthenticationType.CERTIFICATE_AUTHORITY);
        IssuedCertificate first = certificates.issue(TestHubCore.OPERATOR, IdentityId.device("cam-1"),
                TestCertificates.csr(TestCertificates.ecP256(), "cam-1"), null);
        IssuedCertificate second = certificates.issue(TestHubCore.OPERATOR, IdentityId.device("cam-1"),
                TestCertificates.csr(TestCertificates.ecP256(), "cam-1"), null);
        IssuedCertificate other = certificates.issue(TestHubCore.OPERATOR, IdentityId.device("cam-2"),
                TestCertificates.csr(TestCertificates.ecP256(), "cam-2"), null);
        certificates.revoke(TestHubCore.OPERATOR, IdentityId.device("cam-1"), first.serialNumber());

        core.registry.delete(TestHubCore.OPERATOR, IdentityId.device("cam-1"), "*");
        Device recreated = device("cam-1", AuthenticationType.CERTIFICATE_AUTHORITY);

        assertThat(revocations.find(first.certificate())).isPresent();
        assertThat(revocations.find(second.certificate())).isPresent();
        assertThat(revocations.find(other.certificate())).isEmpty();
        assertThat(last("certificate.revoke").outcome()).isEqualTo(AuditOutcome.SUCCESS);
        assertThatThrownBy(() -> verifier.verify(recreated, List.of(second.certificate())))
                .isInstanceOf(CertificateRefusedException.class);
    }

    private Device device(String id, AuthenticationType type) {
        return core.registry.create(TestHubCore.OPERATOR, new DeviceSpec(IdentityId.device(id), DeviceStatus.ENABLED,
                null, type, null, null, false, null, Map.of()));
    }

    private AuditRecord last(String action) {
        List<AuditRecord> records = core.audit.query(new AuditQuery(null, action, null, null, null, null, 0, 1000));
        assertThat(records).isNotEmpty();
        return records.get(records.size() - 1);
    }

    private static String crlDistributionPoint(X509Certificate certificate) {
        byte[] extension = certificate.getExtensionValue(Extension.cRLDistributionPoints.getId());
        CRLDistPoint points = CRLDistPoint.getInstance(ASN1OctetString.getInstance(extension).getOctets());
        GeneralName name = GeneralNames.getInstance(points.getDistributionPoints()[0].getDistributionPoint()
                .getName()).getNames()[0];
        return name.getName().toString();
    }

    /** The same request with one bit of its signature flipped. */
    private static String tampered(String pem) {
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        byte[] der = Base64.getDecoder().decode(base64);
        der[der.length - 1] ^= 1;
        return Base64.getEncoder().encodeToString(der);
    }
}
