package io.bulwark.hub.x509;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulwark.hub.TestHubCore;
import io.bulwark.hub.registry.AuthenticationType;
import io.bulwark.hub.registry.Device;
import io.bulwark.hub.registry.DeviceSpec;
import io.bulwark.hub.registry.DeviceStatus;
import io.bulwark.hub.registry.IdentityId;
import io.bulwark.hub.registry.X509Thumbprints;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** S-AUTH-8: what a TLS client certificate chain must be to prove an X.509 identity. */
class ClientCertificateVerifierTest {

    @TempDir
    Path dir;
    TestHubCore core;
    CertificateRevocations revocations;
    CertificateAuthorities cas;
    ClientCertificateVerifier verifier;
    TestCertificates.Issued root;

    @BeforeEach
    void open() {
        core = new TestHubCore(dir);
        cas = new CertificateAuthorities(core.store.certificateAuthorities(), core.audit, Clock.systemUTC(),
                new SecureRandom());
        revocations = new CertificateRevocations(core.store.certificateRevocations(), core.audit, Clock.systemUTC());
        verifier = new ClientCertificateVerifier(core.store.certificateAuthorities(), revocations, List.of(),
                Clock.systemUTC());
        root = registerVerified("fleet", "Fleet Root");
    }

    @AfterEach
    void close() {
        core.close();
    }

    @Test
    void selfSignedMatchesThePrimaryOrTheSecondaryThumbprint() {
        TestCertificates.Issued primary = TestCertificates.certificate("self-1").build();
        TestCertificates.Issued secondary = TestCertificates.certificate("self-1").build();
        Device device = selfSigned("self-1", primary.thumbprint(), secondary.thumbprint());
        assertThat(verifier.verify(device, List.of(primary.certificate())).expiry())
                .isEqualTo(primary.certificate().getNotAfter().toInstant());
        assertThat(verifier.verify(device, List.of(secondary.certificate()))).isNotNull();
    }

    @Test
    void refusesAThumbprintMismatch() { // S-AUTH-8
        Device device = selfSigned("self-1", TestCertificates.certificate("self-1").build().thumbprint(), null);
        TestCertificates.Issued other = TestCertificates.certificate("self-1").build();
        assertRefused(device, List.of(other.certificate()), "matches neither registered thumbprint");
    }

    @Test
    void acceptsACaSignedLeafDirectlyAndThroughAnIntermediate() {
        Device device = caDevice("cam-1");
        TestCertificates.Issued leaf = TestCertificates.certificate("cam-1").issuedBy(root).build();
        assertThat(verifier.verify(device, List.of(leaf.certificate()))).isNotNull();
        TestCertificates.Issued intermediate = TestCertificates.certificate("Plant 7").ca().issuedBy(root).build();
        TestCertificates.Issued deep = TestCertificates.certificate("cam-1").issuedBy(intermediate).build();
        assertThat(verifier.verify(device, List.of(deep.certificate(), intermediate.certificate()))).isNotNull();
        // The root sent along as well (some clients do) changes nothing.
        assertThat(verifier.verify(device, List.of(deep.certificate(), intermediate.certificate(),
                root.certificate()))).isNotNull();
    }

    @Test
    void theProofLastsUntilTheEarliestExpiryAlongThePath() {
        Instant soon = Instant.now().plus(Duration.ofHours(2));
        TestCertificates.Issued intermediate = TestCertificates.certificate("Plant 7").ca().issuedBy(root)
                .validity(Instant.now().minus(Duration.ofHours(1)), soon).build();
        TestCertificates.Issued leaf = TestCertificates.certificate("cam-1").issuedBy(intermediate).build();
        assertThat(verifier.verify(caDevice("cam-1"), List.of(leaf.certificate(), intermediate.certificate()))
                .expiry())
                .isEqualTo(intermediate.certificate().getNotAfter().toInstant());
    }

    @Test
    void refusesACommonNameThatIsNotTheDeviceId() { // S-AUTH-8, S-AUTH-5
        TestCertificates.Issued leaf = TestCertificates.certificate("cam-2").issuedBy(root).build();
        assertRefused(caDevice("cam-1"), List.of(leaf.certificate()), "certificate CN 'cam-2' is not the identity "
                + "cam-1");
    }

    @Test
    void refusesUnknownAndUnverifiedCas() { // S-AUTH-8
        TestCertificates.Issued stranger = TestCertificates.rootCa("Stranger");
        assertRefused(caDevice("cam-1"), List.of(TestCertificates.certificate("cam-1").issuedBy(stranger).build()
                .certificate()), "does not chain to a registered, verified CA");
        TestCertificates.Issued pending = TestCertificates.rootCa("Pending");
        cas.register(TestHubCore.OPERATOR, "pending", pending.pem());
        assertRefused(caDevice("cam-2"), List.of(TestCertificates.certificate("cam-2").issuedBy(pending).build()
                .certificate()), "chains to CA 'pending', which is not verified");
    }

    @Test
    void refusesExpiredAndNotYetValidCertificates() { // S-AUTH-8
        TestCertificates.Issued expired = TestCertificates.certificate("cam-1").issuedBy(root)
                .validity(Instant.now().minus(Duration.ofDays(2)), Instant.now().minus(Duration.ofDays(1))).build();
        assertRefused(caDevice("cam-1"), List.of(expired.certificate()), "client certificate expired on");
        TestCertificates.Issued early = TestCertificates.certificate("cam-2").issuedBy(root)
                .validity(Instant.now().plus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(2))).build();
        assertRefused(caDevice("cam-2"), List.of(early.certificate()), "client certificate not yet valid");
    }

    @Test
    void refusesWeakKeysAndSha1AnywhereInTheChain() { // S-AUTH-8
        TestCertificates.Issued rsa1024 = TestCertificates.certificate("cam-1").issuedBy(root)
                .keys(TestCertificates.rsa(1024)).build();
        assertRefused(caDevice("cam-1"), List.of(rsa1024.certificate()), "RSA key of 1024 bits");
        TestCertificates.Issued sha1 = TestCertificates.certificate("cam-2").issuedBy(root)
                .signatureAlgorithm("SHA1withECDSA").build();
        assertRefused(caDevice("cam-2"), List.of(sha1.certificate()), "signature algorithm SHA1withECDSA");
        TestCertificates.Issued weakIntermediate = TestCertificates.certificate("Plant 7").ca().issuedBy(root)
                .signatureAlgorithm("SHA1withECDSA").build();
        TestCertificates.Issued leaf = TestCertificates.certificate("cam-3").issuedBy(weakIntermediate).build();
        assertRefused(caDevice("cam-3"), List.of(leaf.certificate(), weakIntermediate.certificate()),
                "certificate in the client's chain refused: signature algorithm SHA1withECDSA");
    }

    @Test
    void refusesALeafMadeForAnotherPurpose() {
        TestCertificates.Issued server = TestCertificates.certificate("cam-1").issuedBy(root)
                .usage(KeyPurposeId.id_kp_serverAuth).build();
        assertRefused(caDevice("cam-1"), List.of(server.certificate()), "does not allow clientAuth");
    }

    @Test
    void refusesALeafSignedByAnIntermediateThatIsNotACa() {
        TestCertificates.Issued notCa = TestCertificates.certificate("Plant 7").issuedBy(root).build();
        TestCertificates.Issued leaf = TestCertificates.certificate("cam-1").issuedBy(notCa).build();
        assertRefused(caDevice("cam-1"), List.of(leaf.certificate(), notCa.certificate()),
                "does not chain to a registered, verified CA");
    }

    @Test
    void refusesARevokedSelfSignedCertificate() { // S-AUTH-6
        TestCertificates.Issued leaf = TestCertificates.certificate("self-1").build();
        Device device = selfSigned("self-1", leaf.thumbprint(), null);
        revocations.revoke(TestHubCore.OPERATOR, CertificateId.parse(leaf.thumbprint(), null, null), null);
        assertRefused(device, List.of(leaf.certificate()), "certificate revoked: the client certificate, thumbprint "
                + leaf.thumbprint());
    }

    @Test
    void refusesARevokedCaSignedLeafNamedByIssuerAndSerialNumber() { // S-AUTH-6
        TestCertificates.Issued leaf = TestCertificates.certificate("cam-1").issuedBy(root).build();
        revocations.revoke(TestHubCore.OPERATOR, CertificateId.parse(null,
                leaf.certificate().getIssuerX500Principal().getName(),
                leaf.certificate().getSerialNumber().toString(16)), null);
        assertRefused(caDevice("cam-1"), List.of(leaf.certificate()), "certificate revoked: the client certificate");
    }

    @Test
    void refusesALeafBelowARevokedIntermediate() { // S-AUTH-6
        TestCertificates.Issued intermediate = TestCertificates.certificate("Plant 7").ca().issuedBy(root).build();
        TestCertificates.Issued leaf = TestCertificates.certificate("cam-1").issuedBy(intermediate).build();
        revocations.revoke(TestHubCore.OPERATOR, intermediate.certificate());
        assertRefused(caDevice("cam-1"), List.of(leaf.certificate(), intermediate.certificate()),
                "certificate revoked: a certificate in the client's chain, thumbprint " + intermediate.thumbprint());
    }

    @Test
    void refusesALeafOfARevokedCaAndKeepsAcceptingTheOtherCa() { // S-AUTH-6
        TestCertificates.Issued other = registerVerified("fleet-2", "Fleet Root 2");
        revocations.revoke(TestHubCore.OPERATOR, root.certificate());
        Device device = caDevice("cam-1");
        assertRefused(device, List.of(TestCertificates.certificate("cam-1").issuedBy(root).build().certificate()),
                "certificate revoked: CA 'fleet', thumbprint " + root.thumbprint());
        assertThat(verifier.verify(device, List.of(TestCertificates.certificate("cam-1").issuedBy(other).build()
                .certificate())).chain()).hasSize(2);
    }

    @Test
    void theProofNamesEveryCertificateItRestsOnIncludingTheRegisteredCa() { // S-AUTH-6
        TestCertificates.Issued intermediate = TestCertificates.certificate("Plant 7").ca().issuedBy(root).build();
        TestCertificates.Issued leaf = TestCertificates.certificate("cam-1").issuedBy(intermediate).build();
        CertificateProof proof = verifier.verify(caDevice("cam-1"), List.of(leaf.certificate(),
                intermediate.certificate()));
        assertThat(proof.chain()).extracting(CertificateId::thumbprint)
                .containsExactly(leaf.thumbprint(), intermediate.thumbprint(), root.thumbprint());
    }

    @Test
    void aRevocationIsStoredAndSurvivesARestart() { // S-AUTH-6
        TestCertificates.Issued leaf = TestCertificates.certificate("cam-1").issuedBy(root).build();
        revocations.revoke(TestHubCore.OPERATOR, leaf.certificate());
        CertificateRevocations reopened = new CertificateRevocations(core.store.certificateRevocations(), core.audit,
                Clock.systemUTC());
        assertThat(reopened.find(leaf.certificate())).hasValueSatisfying(revoked -> {
            assertThat(revoked.id()).isEqualTo(CertificateId.of(leaf.certificate()));
            assertThat(revoked.subject()).isEqualTo("CN=cam-1");
        });
    }

    @Test
    void revokingTwiceIsAConflictAndAudited() { // S-AUTH-6
        TestCertificates.Issued leaf = TestCertificates.certificate("cam-1").issuedBy(root).build();
        revocations.revoke(TestHubCore.OPERATOR, leaf.certificate());
        assertThatThrownBy(() -> revocations.revoke(TestHubCore.OPERATOR,
                CertificateId.parse(leaf.thumbprint().toUpperCase(), null, null), null))
                .isInstanceOf(io.bulwark.hub.HubException.Conflict.class).hasMessageContaining("revoked already");
        assertThat(revocations.list()).hasSize(1);
    }

    private TestCertificates.Issued registerVerified(String name, String commonName) {
        TestCertificates.Issued ca = TestCertificates.rootCa(commonName);
        RegisteredCa registered = cas.register(TestHubCore.OPERATOR, name, ca.pem());
        cas.verify(TestHubCore.OPERATOR, name, TestCertificates.certificate(registered.verificationCode())
                .issuedBy(ca).build().pem(), null);
        return ca;
    }

    private void assertRefused(Device device, List<X509Certificate> chain, String reason) {
        assertThatThrownBy(() -> verifier.verify(device, chain)).isInstanceOf(CertificateRefusedException.class)
                .hasMessageContaining(reason);
    }

    private Device selfSigned(String id, String primary, String secondary) {
        return core.registry.create(TestHubCore.OPERATOR, new DeviceSpec(IdentityId.device(id), DeviceStatus.ENABLED,
                null, AuthenticationType.SELF_SIGNED, null, new X509Thumbprints(primary, secondary), false, null,
                Map.of()));
    }

    private Device caDevice(String id) {
        return core.registry.create(TestHubCore.OPERATOR, new DeviceSpec(IdentityId.device(id), DeviceStatus.ENABLED,
                null, AuthenticationType.CERTIFICATE_AUTHORITY, null, null, false, null, Map.of()));
    }
}
