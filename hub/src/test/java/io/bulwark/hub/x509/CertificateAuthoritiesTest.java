package io.bulwark.hub.x509;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulwark.hub.HubException;
import io.bulwark.hub.TestHubCore;
import io.bulwark.hub.audit.AuditOutcome;
import io.bulwark.hub.audit.AuditRecord;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** S-AUTH-8: a CA authenticates devices only after its owner proved possession of its key. */
class CertificateAuthoritiesTest {

    @TempDir
    Path dir;
    TestHubCore core;
    CertificateAuthorities cas;

    @BeforeEach
    void open() {
        core = new TestHubCore(dir);
        cas = new CertificateAuthorities(core.store.certificateAuthorities(), core.audit, Clock.systemUTC(),
                new SecureRandom());
    }

    @AfterEach
    void close() {
        core.close();
    }

    @Test
    void registersAnUnverifiedCaWithARandomVerificationCode() {
        TestCertificates.Issued root = TestCertificates.rootCa("Fleet Root");
        RegisteredCa ca = cas.register(TestHubCore.OPERATOR, "fleet", root.pem());
        assertThat(ca.isVerified()).isFalse();
        assertThat(ca.verificationCode()).matches("[0-9a-f]{32}");
        assertThat(ca.thumbprint()).isEqualTo(root.thumbprint());
        assertThat(cas.get("fleet").verificationCode()).isEqualTo(ca.verificationCode());
        assertAudited("ca.register", "ca:fleet", AuditOutcome.SUCCESS, "thumbprint " + root.thumbprint());
        RegisteredCa other = cas.register(TestHubCore.OPERATOR, "other", TestCertificates.rootCa("Other").pem());
        assertThat(other.verificationCode()).isNotEqualTo(ca.verificationCode());
    }

    @Test
    void verifiesWithACertificateCarryingTheCodeSignedByTheCa() {
        TestCertificates.Issued root = TestCertificates.rootCa("Fleet Root");
        RegisteredCa ca = cas.register(TestHubCore.OPERATOR, "fleet", root.pem());
        TestCertificates.Issued proof = TestCertificates.certificate(ca.verificationCode()).issuedBy(root).build();
        RegisteredCa verified = cas.verify(TestHubCore.OPERATOR, "fleet", proof.pem(), null);
        assertThat(verified.isVerified()).isTrue();
        assertThat(verified.verificationCode()).isNull();
        assertThat(cas.get("fleet").isVerified()).isTrue();
        assertAudited("ca.verify", "ca:fleet", AuditOutcome.SUCCESS, "proof of possession accepted");
        // The code is spent: the same proof cannot be replayed.
        assertThatThrownBy(() -> cas.verify(TestHubCore.OPERATOR, "fleet", proof.pem(), null))
                .isInstanceOf(HubException.Conflict.class);
    }

    @Test
    void refusesAProofWithAnotherCnOrNotSignedByTheCa() { // S-AUTH-8
        TestCertificates.Issued root = TestCertificates.rootCa("Fleet Root");
        RegisteredCa ca = cas.register(TestHubCore.OPERATOR, "fleet", root.pem());
        TestCertificates.Issued wrongCn = TestCertificates.certificate("not-the-code").issuedBy(root).build();
        assertThatThrownBy(() -> cas.verify(TestHubCore.OPERATOR, "fleet", wrongCn.pem(), null))
                .isInstanceOf(HubException.Invalid.class).hasMessageContaining("CN is not this CA's verification code");
        // Same subject name as the CA, other key: what someone who only copied the CA certificate could make.
        TestCertificates.Issued impostor = TestCertificates.rootCa("Fleet Root");
        TestCertificates.Issued forged = TestCertificates.certificate(ca.verificationCode()).issuedBy(impostor).build();
        assertThatThrownBy(() -> cas.verify(TestHubCore.OPERATOR, "fleet", forged.pem(), null))
                .isInstanceOf(HubException.Invalid.class).hasMessageContaining("not signed by this CA");
        assertAudited("ca.verify", "ca:fleet", AuditOutcome.DENIED, "not signed by this CA");
        assertThat(cas.get("fleet").isVerified()).isFalse();
    }

    @Test
    void refusesWeakExpiredAndNonCaCertificates() { // S-AUTH-8
        assertRefused(TestCertificates.certificate("rsa1024").ca().keys(TestCertificates.rsa(1024)).build(),
                "weak-key", "RSA key of 1024 bits");
        assertRefused(TestCertificates.certificate("sha1").ca().keys(TestCertificates.rsa(2048))
                .signatureAlgorithm("SHA1withRSA").build(), "weak-key", "SHA1withRSA");
        assertRefused(TestCertificates.certificate("old").ca().validity(Instant.now().minus(Duration.ofDays(10)),
                Instant.now().minus(Duration.ofDays(1))).build(), "certificate-expired", "expired");
        assertRefused(TestCertificates.certificate("leaf").build(), "not-a-ca", "not a CA certificate");
        assertAudited("ca.register", "ca:candidate", AuditOutcome.DENIED, "not a CA certificate");
        assertThat(cas.list()).isEmpty();
    }

    @Test
    void refusesTheSameCertificateTwiceAndTextThatIsNotOneCertificate() {
        TestCertificates.Issued root = TestCertificates.rootCa("Fleet Root");
        cas.register(TestHubCore.OPERATOR, "fleet", root.pem());
        assertThatThrownBy(() -> cas.register(TestHubCore.OPERATOR, "fleet-again", root.pem()))
                .isInstanceOf(HubException.Conflict.class);
        assertThatThrownBy(() -> cas.register(TestHubCore.OPERATOR, "two",
                root.pem() + TestCertificates.rootCa("b").pem()))
                .isInstanceOf(HubException.Invalid.class).hasMessageContaining("exactly one certificate");
        assertThatThrownBy(() -> cas.register(TestHubCore.OPERATOR, "junk", "-----BEGIN CERTIFICATE-----\nAAAA\n"
                + "-----END CERTIFICATE-----\n")).isInstanceOf(HubException.Invalid.class);
        assertThatThrownBy(() -> cas.register(TestHubCore.OPERATOR, "bad/name", root.pem()))
                .isInstanceOf(HubException.Invalid.class);
    }

    @Test
    void aNewVerificationCodeReplacesTheOldOne() {
        TestCertificates.Issued root = TestCertificates.rootCa("Fleet Root");
        RegisteredCa first = cas.register(TestHubCore.OPERATOR, "fleet", root.pem());
        RegisteredCa second = cas.newVerificationCode(TestHubCore.OPERATOR, "fleet");
        assertThat(second.verificationCode()).isNotEqualTo(first.verificationCode());
        TestCertificates.Issued stale = TestCertificates.certificate(first.verificationCode()).issuedBy(root).build();
        assertThatThrownBy(() -> cas.verify(TestHubCore.OPERATOR, "fleet", stale.pem(), null))
                .isInstanceOf(HubException.Invalid.class);
    }

    @Test
    void deletesAndRefusesAStaleEtag() {
        RegisteredCa ca = cas.register(TestHubCore.OPERATOR, "fleet", TestCertificates.rootCa("Fleet Root").pem());
        assertThatThrownBy(() -> cas.delete(TestHubCore.OPERATOR, "fleet", "\"stale\""))
                .isInstanceOf(HubException.PreconditionFailed.class);
        cas.delete(TestHubCore.OPERATOR, "fleet", "\"" + ca.etag() + "\"");
        assertThat(cas.list()).isEmpty();
        assertAudited("ca.delete", "ca:fleet", AuditOutcome.SUCCESS, ca.thumbprint());
        assertThatThrownBy(() -> cas.get("fleet")).isInstanceOf(HubException.NotFound.class);
    }

    private void assertRefused(TestCertificates.Issued candidate, String type, String detail) {
        assertThatThrownBy(() -> cas.register(TestHubCore.OPERATOR, "candidate", candidate.pem()))
                .isInstanceOfSatisfying(HubException.Invalid.class, e -> {
                    assertThat(e.type()).isEqualTo(type);
                    assertThat(e.getMessage()).contains(detail);
                });
        assertAudited("ca.register", "ca:candidate", AuditOutcome.DENIED, detail);
    }

    private void assertAudited(String action, String target, AuditOutcome outcome, String detail) {
        AuditRecord last = core.audit.latest().orElseThrow();
        assertThat(last.action()).isEqualTo(action);
        assertThat(last.target()).isEqualTo(target);
        assertThat(last.outcome()).isEqualTo(outcome);
        assertThat(last.actor()).isEqualTo("policy:iothubowner");
        assertThat(last.detail()).contains(detail);
    }
}
