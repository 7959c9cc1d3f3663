package io.bulwark.hub.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulwark.hub.secrets.OwnerOnlyFiles;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerIdentityTest {

    private static final int DNS = 2;
    private static final int IP = 7;

    @TempDir
    Path dir;

    private HubCertificateAuthority ca;

    @BeforeEach
    void createCa() {
        ca = HubCertificateAuthority.loadOrCreate(dir);
    }

    @Test
    void keyAndCertificateAreOwnerOnlyAndReusedByteForByte() throws Exception {
        ServerIdentity first = ServerIdentity.loadOrIssue(dir, ca, Set.of("hub.example.com"));
        for (String file : List.of("server.key.pem", "server.crt.pem")) {
            assertThat(Files.getPosixFilePermissions(dir.resolve(file))).as(file).isEqualTo(OwnerOnlyFiles.FILE);
        }
        byte[] key = Files.readAllBytes(dir.resolve("server.key.pem"));
        byte[] chain = Files.readAllBytes(dir.resolve("server.crt.pem"));

        ServerIdentity again = ServerIdentity.loadOrIssue(dir, HubCertificateAuthority.loadOrCreate(dir),
                Set.of("hub.example.com"));
        assertThat(again.certificate()).isEqualTo(first.certificate());
        assertThat(Files.readAllBytes(dir.resolve("server.key.pem"))).isEqualTo(key);
        assertThat(Files.readAllBytes(dir.resolve("server.crt.pem"))).isEqualTo(chain);
    }

    @Test
    void namesConfiguredHostsAndLoopbackWithTheRightSanTypes() throws Exception { // S-TLS-2
        ServerIdentity server = ServerIdentity.loadOrIssue(dir, ca,
                new LinkedHashSet<>(List.of("Hub.Example.com", "10.1.2.3", "fd00::5")));
        assertThat(server.subjectAlternativeNames()).containsExactlyInAnyOrder(
                "hub.example.com", "10.1.2.3", "fd00::5", "localhost", "127.0.0.1", "::1");

        Map<String, Integer> types = new HashMap<>();
        for (List<?> san : server.certificate().getSubjectAlternativeNames()) {
            int type = (Integer) san.get(0);
            String value = (String) san.get(1);
            // Literal parsing only: getByName never resolves an IP literal.
            types.put(type == IP ? InetAddress.getByName(value).getHostAddress() : value, type);
        }
        assertThat(types).containsOnly(
                Map.entry("hub.example.com", DNS), Map.entry("localhost", DNS),
                Map.entry("10.1.2.3", IP), Map.entry("127.0.0.1", IP),
                Map.entry(InetAddress.getByName("fd00::5").getHostAddress(), IP),
                Map.entry(InetAddress.getByName("::1").getHostAddress(), IP));
    }

    @Test
    void isALeafForServerAuthNamedAfterTheFirstHost() throws Exception {
        ServerIdentity server = ServerIdentity.loadOrIssue(dir, ca,
                new LinkedHashSet<>(List.of("hub.example.com", "hub2.example.com")));
        X509Certificate leaf = server.certificate();
        leaf.verify(ca.certificate().getPublicKey());
        assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=hub.example.com");
        assertThat(leaf.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
        assertThat(leaf.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(Duration.between(leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant()))
                .isEqualTo(Duration.ofDays(397));
        assertThat(PemFiles.readCertificates(dir.resolve("server.crt.pem")))
                .containsExactly(leaf, ca.certificate());
    }

    @Test
    void withNoConfiguredHostsIsNamedLocalhost() {
        ServerIdentity server = ServerIdentity.loadOrIssue(dir, ca, Set.of());
        assertThat(server.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
        assertThat(server.subjectAlternativeNames()).containsExactlyInAnyOrder("localhost", "127.0.0.1", "::1");
    }

    @Test
    void keepsTheCertificateWhenTheSameNamesAreSpelledDifferently() {
        X509Certificate first = ServerIdentity.loadOrIssue(dir, ca,
                new LinkedHashSet<>(List.of("a.example.com", "fd00::5"))).certificate();
        X509Certificate again = ServerIdentity.loadOrIssue(dir, ca,
                new LinkedHashSet<>(List.of("fd00:0:0:0:0:0:0:5", "A.EXAMPLE.com", "localhost", "::1"))).certificate();
        assertThat(again).isEqualTo(first);
    }

    @Test
    void reissuesWhenTheHostNamesChange() {
        X509Certificate first = ServerIdentity.loadOrIssue(dir, ca, Set.of("a.example.com")).certificate();
        ServerIdentity second = ServerIdentity.loadOrIssue(dir, ca, Set.of("b.example.com"));
        assertThat(second.certificate()).isNotEqualTo(first);
        assertThat(second.subjectAlternativeNames()).contains("b.example.com").doesNotContain("a.example.com");
        assertThat(PemFiles.readCertificate(dir.resolve("server.crt.pem"))).isEqualTo(second.certificate());
    }

    @Test
    void reissuesWhenTheCertificateExpiresWithinThirtyDays() {
        Set<String> hosts = Set.of("hub.example.com");
        ServerIdentity.loadOrIssue(dir, ca, hosts);
        KeyPair keys = CertificateBuilder.newEcP256KeyPair();
        X509Certificate nearlyExpired = ca.issueServerCertificate(keys.getPublic(),
                new LinkedHashSet<>(List.of("hub.example.com", "localhost", "127.0.0.1", "::1")), Duration.ofDays(20));
        PemFiles.writePrivateKey(dir.resolve("server.key.pem"), keys.getPrivate());
        PemFiles.writeCertificates(dir.resolve("server.crt.pem"), List.of(nearlyExpired, ca.certificate()));

        X509Certificate renewed = ServerIdentity.loadOrIssue(dir, ca, hosts).certificate();
        assertThat(renewed).isNotEqualTo(nearlyExpired);
        assertThat(renewed.getNotAfter().toInstant()).isAfter(Instant.now().plus(Duration.ofDays(390)));
    }

    @Test
    void reissuesWhenAnotherCaIssuedTheStoredCertificate() throws Exception {
        ServerIdentity.loadOrIssue(dir, ca, Set.of("hub.example.com"));
        HubCertificateAuthority otherCa = HubCertificateAuthority.loadOrCreate(dir.resolve("other"));
        X509Certificate reissued = ServerIdentity.loadOrIssue(dir, otherCa, Set.of("hub.example.com")).certificate();
        reissued.verify(otherCa.certificate().getPublicKey());
        assertThat(PemFiles.readCertificates(dir.resolve("server.crt.pem")))
                .containsExactly(reissued, otherCa.certificate());
    }

    @Test
    void reissuesWhenTheStoredKeyDoesNotMatchItsCertificate() {
        X509Certificate first = ServerIdentity.loadOrIssue(dir, ca, Set.of()).certificate();
        // What a crash between writing a new key and its certificate leaves behind.
        PemFiles.writePrivateKey(dir.resolve("server.key.pem"), CertificateBuilder.newEcP256KeyPair().getPrivate());
        ServerIdentity repaired = ServerIdentity.loadOrIssue(dir, ca, Set.of());
        assertThat(repaired.certificate()).isNotEqualTo(first);
        assertThat(CertificateBuilder.keyMatches(PemFiles.readPrivateKey(dir.resolve("server.key.pem")),
                repaired.certificate())).isTrue();
    }

    @Test
    void refusesAServerKeyOthersCanRead() throws Exception {
        ServerIdentity.loadOrIssue(dir, ca, Set.of());
        Files.setPosixFilePermissions(dir.resolve("server.key.pem"), PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> ServerIdentity.loadOrIssue(dir, ca, Set.of())).hasMessageContaining("chmod 600");
    }

    @Test
    void refusesHostNamesThatAreNeitherNamesNorAddresses() {
        for (String bad : List.of("bad host", "999.1.1.1", "a..b", "-a.example.com", "")) {
            assertThatThrownBy(() -> ServerIdentity.loadOrIssue(dir, ca, Set.of(bad))).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void keyStoreHoldsTheChainUnderAPerProcessPasswordThatIsNeverWritten() throws Exception {
        ServerIdentity server = ServerIdentity.loadOrIssue(dir, ca, Set.of());
        KeyStore store = server.keyStore();
        assertThat(store.getKey("hub", server.keyStorePassword())).isNotNull();
        assertThat(store.getCertificateChain("hub")).containsExactly(server.certificate(), ca.certificate());

        ServerIdentity reloaded = ServerIdentity.loadOrIssue(dir, ca, Set.of());
        assertThat(reloaded.keyStorePassword()).isNotEqualTo(server.keyStorePassword());
        String password = new String(server.keyStorePassword());
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).as(file.toString())
                        .doesNotContain(password);
            }
        }
        assertThat(server.toString()).doesNotContain(password).doesNotContain("PRIVATE");
    }
}
