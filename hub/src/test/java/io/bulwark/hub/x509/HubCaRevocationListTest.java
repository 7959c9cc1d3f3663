package io.bulwark.hub.x509;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.hub.TestHubCore;
import io.bulwark.hub.tls.HubCertificateAuthority;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.Extension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hub CA's CRL (S-AUTH-6): what it lists, how it is signed, and when it is signed again. */
class HubCaRevocationListTest {

    @TempDir
    Path dir;
    TestHubCore core;
    HubCertificateAuthority hubCa;
    CertificateRevocations revocations;
    ManualClock clock = new ManualClock();
    HubCaRevocationList list;

    @BeforeEach
    void open() {
        core = new TestHubCore(dir);
        hubCa = HubCertificateAuthority.loadOrCreate(dir.resolve("ca"));
        revocations = new CertificateRevocations(core.store.certificateRevocations(), core.audit, clock);
        list = new HubCaRevocationList(hubCa, revocations, clock);
    }

    @AfterEach
    void close() {
        core.close();
    }

    @Test
    void listsOnlyRevokedSerialsOfTheHubCaAndIsSignedByIt() throws Exception {
        TestCertificates.Issued issuer = new TestCertificates.Issued(hubCa.certificate(),
                new KeyPair(hubCa.certificate().getPublicKey(), hubCa.privateKey()));
        TestCertificates.Issued ours = TestCertificates.certificate("cam-1").issuedBy(issuer).build();
        TestCertificates.Issued foreign = TestCertificates.certificate("cam-2").issuedBy(TestCertificates
                .rootCa("Fleet Root")).build();
        revocations.revoke(TestHubCore.OPERATOR, ours.certificate());
        revocations.revoke(TestHubCore.OPERATOR, foreign.certificate());
        revocations.revoke(TestHubCore.OPERATOR, CertificateId.parse(TestCertificates.certificate("cam-3")
                .issuedBy(issuer).build().thumbprint(), null, null), null); // no serial: cannot be listed

        X509CRL crl = parse(list.encoded());

        crl.verify(hubCa.certificate().getPublicKey());
        assertThat(crl.getIssuerX500Principal()).isEqualTo(hubCa.certificate().getSubjectX500Principal());
        assertThat(crl.getThisUpdate().toInstant()).isEqualTo(clock.now);
        assertThat(crl.getNextUpdate().toInstant()).isEqualTo(clock.now.plus(HubCaRevocationList.VALIDITY));
        assertThat(crl.getRevokedCertificates()).singleElement().satisfies(entry -> {
            assertThat(entry.getSerialNumber()).isEqualTo(ours.certificate().getSerialNumber());
            assertThat(entry.getRevocationDate().toInstant()).isEqualTo(clock.now);
        });
    }

    @Test
    void isSignedAgainOnANewRevocationAndOtherwiseOnlyAfterAnHour() throws Exception {
        byte[] first = list.encoded();
        clock.now = clock.now.plusSeconds(60);
        assertThat(list.encoded()).as("served from memory").isEqualTo(first);

        revocations.revoke(TestHubCore.OPERATOR, CertificateId.parse(null,
                hubCa.certificate().getSubjectX500Principal().getName(), "1f"), null);
        X509CRL afterRevocation = parse(list.encoded());
        assertThat(afterRevocation.getRevokedCertificate(BigInteger.valueOf(0x1f))).isNotNull();
        assertThat(crlNumber(afterRevocation)).isGreaterThan(crlNumber(parse(first)));

        clock.now = clock.now.plus(Duration.ofMinutes(61));
        X509CRL reissued = parse(list.encoded());
        assertThat(reissued.getThisUpdate().toInstant()).isEqualTo(clock.now);
        assertThat(crlNumber(reissued)).isGreaterThan(crlNumber(afterRevocation));
    }

    private static X509CRL parse(byte[] der) throws Exception {
        return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
    }

    private static BigInteger crlNumber(X509CRL crl) {
        byte[] extension = crl.getExtensionValue(Extension.cRLNumber.getId());
        return ASN1Integer.getInstance(ASN1OctetString.getInstance(extension).getOctets()).getValue();
    }

    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-12-01T10:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
