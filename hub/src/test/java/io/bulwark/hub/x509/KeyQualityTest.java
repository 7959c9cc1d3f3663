package io.bulwark.hub.x509;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** S-AUTH-8: which keys and signatures a certificate may carry. */
class KeyQualityTest {

    @Test
    void acceptsEcP256P384Rsa2048AndEd25519WithSha256OrStronger() {
        assertThat(KeyQuality.problem(TestCertificates.certificate("a").build().certificate())).isEmpty();
        assertThat(KeyQuality.problem(TestCertificates.certificate("b").keys(TestCertificates.ec("secp384r1"))
                .signatureAlgorithm("SHA384withECDSA").build().certificate())).isEmpty();
        assertThat(KeyQuality.problem(TestCertificates.certificate("c").keys(TestCertificates.rsa(2048)).build()
                .certificate())).isEmpty();
        assertThat(KeyQuality.problem(TestCertificates.certificate("d").keys(TestCertificates.ed25519()).build()
                .certificate())).isEmpty();
        assertThat(KeyQuality.problem(TestCertificates.certificate("e").keys(TestCertificates.rsa(3072))
                .signatureAlgorithm("SHA256withRSAandMGF1").build().certificate())).isEmpty();
    }

    @Test
    void refusesRsaKeysBelow2048Bits() { // S-AUTH-8
        assertThat(KeyQuality.problem(TestCertificates.certificate("weak").keys(TestCertificates.rsa(1024)).build()
                .certificate())).contains("RSA key of 1024 bits (at least 2048 required)");
    }

    @Test
    void refusesEcCurvesBelowP256() { // S-AUTH-8
        // Signed by a P-256 CA: only the subject's key is weak.
        TestCertificates.Issued ca = TestCertificates.rootCa("ca");
        assertThat(KeyQuality.problem(TestCertificates.certificate("weak").keys(TestCertificates.ec("secp224r1"))
                .issuedBy(ca).build().certificate()).orElseThrow()).containsAnyOf("224-bit curve", "unsupported key");
    }

    @Test
    void refusesSha1AndMd5Signatures() { // S-AUTH-8
        assertThat(KeyQuality.problem(TestCertificates.certificate("sha1").keys(TestCertificates.rsa(2048))
                .signatureAlgorithm("SHA1withRSA").build().certificate()).orElseThrow())
                .startsWith("signature algorithm SHA1withRSA");
        assertThat(KeyQuality.problem(TestCertificates.certificate("sha1-ec").signatureAlgorithm("SHA1withECDSA")
                .build().certificate()).orElseThrow()).contains("SHA-1 and MD5 are refused");
        assertThat(KeyQuality.problem(TestCertificates.certificate("md5").keys(TestCertificates.rsa(2048))
                .signatureAlgorithm("MD5withRSA").build().certificate()).orElseThrow())
                .startsWith("signature algorithm MD5withRSA");
        assertThat(KeyQuality.problem(TestCertificates.certificate("pss-sha1").keys(TestCertificates.rsa(2048))
                .signatureAlgorithm("SHA1withRSAandMGF1").build().certificate())).isPresent();
    }
}
