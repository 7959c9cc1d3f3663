package io.bulwark.hub.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulwark.hub.secrets.OwnerOnlyFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubCertificateAuthorityTest {

    private static final String BASIC_CONSTRAINTS = "2.5.29.19";
    private static final String KEY_USAGE = "2.5.29.15";
    private static final String SUBJECT_KEY_ID = "2.5.29.14";
    private static final String AUTHORITY_KEY_ID = "2.5.29.35";

    @TempDir
    Path dir;

    @Test
    void firstStartWritesOwnerOnlyFilesInAPrivateFolder() throws Exception {
        Path data = dir.resolve("data");
        HubCertificateAuthority.loadOrCreate(data);
        assertThat(Files.getPosixFilePermissions(data)).isEqualTo(OwnerOnlyFiles.DIRECTORY);
        for (String file : List.of("ca.key.pem", "ca.crt.pem")) {
            assertThat(Files.getPosixFilePermissions(data.resolve(file))).as(file).isEqualTo(OwnerOnlyFiles.FILE);
        }
        assertThat(Files.readString(data.resolve("ca.key.pem"))).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.readString(data.resolve("ca.crt.pem"))).startsWith("-----BEGIN CERTIFICATE-----");
    }

    @Test
    void laterStartsReuseTheSameCaAndKeyByteForByte() throws Exception {
        HubCertificateAuthority first = HubCertificateAuthority.loadOrCreate(dir);
        byte[] key = Files.readAllBytes(dir.resolve("ca.key.pem"));
        byte[] certificate = Files.readAllBytes(dir.resolve("ca.crt.pem"));

        HubCertificateAuthority again = HubCertificateAuthority.loadOrCreate(dir);
        assertThat(Files.readAllBytes(dir.resolve("ca.key.pem"))).isEqualTo(key);
        assertThat(Files.readAllBytes(dir.resolve("ca.crt.pem"))).isEqualTo(certificate);
        assertThat(again.certificate()).isEqualTo(first.certificate());
        assertThat(again.privateKey().getEncoded()).isEqualTo(first.privateKey().getEncoded());
    }

    @Test
    void twoFreshHubsHaveDifferentCas() { // S-AUTH-2
        HubCertificateAuthority a = HubCertificateAuthority.loadOrCreate(dir.resolve("a"));
        HubCertificateAuthority b = HubCertificateAuthority.loadOrCreate(dir.resolve("b"));
        assertThat(a.privateKey().getEncoded()).isNotEqualTo(b.privateKey().getEncoded());
        assertThat(a.certificate().getPublicKey()).isNotEqualTo(b.certificate().getPublicKey());
        assertThat(a.certificate().getSubjectX500Principal()).isNotEqualTo(b.certificate().getSubjectX500Principal());
    }

    @Test
    void caIsAnEcP256RootThatMaySignOnlyLeaves() throws Exception {
        X509Certificate ca = HubCertificateAuthority.loadOrCreate(dir).certificate();
        assertThat(ca.getSubjectX500Principal().getName()).matches("CN=Bulwark Hub CA [0-9a-f]{8}");
        assertThat(ca.getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
        ca.verify(ca.getPublicKey());
        assertThat(ca.getBasicConstraints()).as("CA with pathLen 0").isEqualTo(0);
        assertThat(ca.getCriticalExtensionOIDs()).contains(BASIC_CONSTRAINTS, KEY_USAGE);
        assertThat(ca.getKeyUsage()).containsExactly(false, false, false, false, false, true, true, false, false);
        assertThat(ca.getNonCriticalExtensionOIDs()).contains(SUBJECT_KEY_ID, AUTHORITY_KEY_ID);
        assertThat(ca.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(((ECPublicKey) ca.getPublicKey()).getParams().getCurve().getField().getFieldSize()).isEqualTo(256);
        assertThat(ca.getSerialNumber().bitLength()).isEqualTo(128);
        assertThat(Duration.between(ca.getNotBefore().toInstant(), ca.getNotAfter().toInstant()))
                .isEqualTo(Duration.ofDays(3650));
    }

    @Test
    void issuesServerCertificatesForExactlyTheGivenNames() throws Exception {
        HubCertificateAuthority ca = HubCertificateAuthority.loadOrCreate(dir);
        var names = new LinkedHashSet<>(List.of("hub.example.com", "192.0.2.7"));
        X509Certificate leaf = ca.issueServerCertificate(CertificateBuilder.newEcP256KeyPair().getPublic(), names,
                Duration.ofDays(10));
        leaf.verify(ca.certificate().getPublicKey());
        assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=hub.example.com");
        assertThat(leaf.getSubjectAlternativeNames()).containsExactlyInAnyOrder(
                List.of(2, "hub.example.com"), List.of(7, "192.0.2.7"));
        assertThat(leaf.getBasicConstraints()).as("not a CA").isEqualTo(-1);
    }

    @Test
    void refusesAnIncompleteCaInsteadOfReplacingIt() throws Exception {
        HubCertificateAuthority.loadOrCreate(dir);
        byte[] key = Files.readAllBytes(dir.resolve("ca.key.pem"));
        Files.delete(dir.resolve("ca.crt.pem"));
        assertThatThrownBy(() -> HubCertificateAuthority.loadOrCreate(dir)).hasMessageContaining("incomplete");
        assertThat(Files.readAllBytes(dir.resolve("ca.key.pem"))).isEqualTo(key);
        assertThat(dir.resolve("ca.crt.pem")).doesNotExist();
    }

    @Test
    void refusesACaKeyOthersCanRead() throws Exception {
        HubCertificateAuthority.loadOrCreate(dir);
        Files.setPosixFilePermissions(dir.resolve("ca.key.pem"), PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> HubCertificateAuthority.loadOrCreate(dir)).hasMessageContaining("chmod 600");
    }

    @Test
    void refusesAKeyThatDoesNotBelongToTheCertificate() {
        HubCertificateAuthority.loadOrCreate(dir);
        PemFiles.writePrivateKey(dir.resolve("ca.key.pem"), CertificateBuilder.newEcP256KeyPair().getPrivate());
        assertThatThrownBy(() -> HubCertificateAuthority.loadOrCreate(dir)).hasMessageContaining("not the key");
    }
}
