package io.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.hub.ServiceClient;
import io.bulwark.hub.x509.TestCertificates;
import io.bulwark.hub.x509.TestCertificates.Issued;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The {@code cert} and {@code cert ca} commands against a real hub over HTTPS. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CertCommandTest {

    private Path temp;
    private RunningHub hub;
    private ServiceClient api;

    @BeforeAll
    void startHub(@TempDir Path temp) {
        this.temp = temp;
        hub = RunningHub.start(temp.resolve("data"));
        api = ServiceClient.forPolicy(hub.hub().dataFolder(), hub.hub().httpsPort(), "iothubowner");
    }

    @AfterAll
    void stopHub() {
        hub.close();
    }

    @Test
    void registersVerifiesListsRevokesAndDeletesACa() throws Exception {
        Issued ca = TestCertificates.rootCa("Cli Fleet Root");
        Path caFile = write("cli-fleet.crt.pem", ca.pem());

        CliRunner.Result added = hub.run("cert", "ca", "add", "cli-fleet", "--file", caFile.toString());
        assertThat(added.exitCode()).as(added.toString()).isZero();
        assertThat(added.out()).contains("registered CA cli-fleet (CN=Cli Fleet Root), thumbprint " + ca.thumbprint())
                .contains("not verified yet");
        Matcher code = Pattern.compile("verification code: ([0-9a-f]{32})").matcher(added.out());
        assertThat(code.find()).isTrue();
        assertThat(hub.run("cert", "ca", "list").out()).contains("cli-fleet  unverified");

        Path proof = write("proof.crt.pem", TestCertificates.certificate(code.group(1)).issuedBy(ca).build().pem());
        CliRunner.Result verified = hub.run("cert", "ca", "verify", "cli-fleet", "--file", proof.toString());
        assertThat(verified.exitCode()).as(verified.toString()).isZero();
        assertThat(verified.out()).contains("verified CA cli-fleet");
        assertThat(hub.run("cert", "ca", "list").out()).contains("cli-fleet  verified");

        CliRunner.Result revoked = hub.run("cert", "ca", "revoke", "cli-fleet");
        assertThat(revoked.exitCode()).as(revoked.toString()).isZero();
        assertThat(revoked.out()).contains("revoked CA cli-fleet (thumbprint " + ca.thumbprint() + ")");
        CliRunner.Result deleted = hub.run("cert", "ca", "delete", "cli-fleet");
        assertThat(deleted.exitCode()).as(deleted.toString()).isZero();
        assertThat(hub.run("cert", "ca", "list").out()).doesNotContain("cli-fleet");
    }

    @Test
    void aWrongProofIsRefusedWithTheHubsProblem() throws Exception {
        Issued ca = TestCertificates.rootCa("Cli Other Root");
        hub.run("cert", "ca", "add", "cli-other", "--file", write("other.crt.pem", ca.pem()).toString());
        Path wrong = write("wrong.crt.pem", TestCertificates.certificate("not-the-code").issuedBy(ca).build().pem());

        CliRunner.Result refused = hub.run("cert", "ca", "verify", "cli-other", "--file", wrong.toString());
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("400").contains("verification-failed");
    }

    @Test
    void issuesAChainForACsrListsItAndRevokesItBySerial() throws Exception {
        assertThat(api.put("/devices/cli-cam", "{\"authentication\":{\"type\":\"certificateAuthority\"}}")
                .statusCode()).isEqualTo(200);
        Path csr = write("cli-cam.csr", TestCertificates.csr(TestCertificates.ecP256(), "whatever"));

        CliRunner.Result issued = hub.run("cert", "issue", "--csr", csr.toString(), "--device", "cli-cam",
                "--validity", "7");
        assertThat(issued.exitCode()).as(issued.toString()).isZero();
        List<X509Certificate> chain = chain(issued.out());
        assertThat(chain).hasSize(2);
        X509Certificate leaf = chain.get(0);
        assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=cli-cam");
        assertThat(leaf.getNotAfter().toInstant()).isBefore(Instant.now().plus(Duration.ofDays(7)).plusSeconds(60));
        String serial = leaf.getSerialNumber().toString(16);
        assertThat(issued.err()).contains("issued certificate " + serial + " for CN=cli-cam");

        Path out = temp.resolve("cli-cam.chain.pem");
        CliRunner.Result toFile = hub.run("cert", "issue", "--csr", csr.toString(), "--device", "cli-cam",
                "--validity-hours", "12", "--out", out.toString());
        assertThat(toFile.exitCode()).as(toFile.toString()).isZero();
        assertThat(toFile.out()).isEmpty();
        assertThat(chain(Files.readString(out))).hasSize(2);

        CliRunner.Result listed = hub.run("cert", "list", "--device", "cli-cam");
        assertThat(listed.exitCode()).as(listed.toString()).isZero();
        assertThat(listed.out().lines()).hasSize(2);
        assertThat(listed.out()).contains(serial).contains("rest");

        CliRunner.Result revoked = hub.run("cert", "revoke", "--device", "cli-cam", "--serial", serial);
        assertThat(revoked.exitCode()).as(revoked.toString()).isZero();
        assertThat(revoked.out()).contains("revoked certificate " + serial + " of CN=cli-cam");
        assertThat(api.get("/revocations/certificates").body()).contains(serial);
    }

    @Test
    void issueRefusesAWeakKeyAndConflictingValidities() throws Exception {
        assertThat(api.put("/devices/cli-weak", "{\"authentication\":{\"type\":\"certificateAuthority\"}}")
                .statusCode()).isEqualTo(200);
        Path weak = write("weak.csr", TestCertificates.csr(TestCertificates.rsa(1024), "cli-weak"));

        CliRunner.Result refused = hub.run("cert", "issue", "--csr", weak.toString(), "--device", "cli-weak");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("400").contains("weak-key").contains("RSA key of 1024 bits");
        assertThat(refused.out()).isEmpty();

        CliRunner.Result both = hub.run("cert", "issue", "--csr", weak.toString(), "--device", "cli-weak",
                "--validity", "1", "--validity-hours", "1");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("mutually exclusive");
    }

    @Test
    void createsX509DevicesAndRefusesThumbprintsWithoutSelfSigned() {
        Issued self = TestCertificates.certificate("cli-self").build();
        CliRunner.Result selfSigned = hub.run("device", "create", "cli-self", "--auth", "selfSigned",
                "--thumbprint", self.thumbprint());
        assertThat(selfSigned.exitCode()).as(selfSigned.toString()).isZero();
        assertThat(selfSigned.out()).contains("created device cli-self: enabled, selfSigned").contains("x509=true");
        assertThat(hub.device("cli-self").at("/authentication/x509Thumbprint/primaryThumbprint").asText())
                .isEqualTo(self.thumbprint());

        CliRunner.Result caSigned = hub.run("device", "create", "cli-ca", "--auth", "certificateAuthority");
        assertThat(caSigned.exitCode()).as(caSigned.toString()).isZero();
        assertThat(caSigned.out()).contains("created device cli-ca: enabled, certificateAuthority")
                .contains("bulwark cert issue --device cli-ca");

        CliRunner.Result wrong = hub.run("device", "create", "cli-wrong", "--thumbprint", self.thumbprint());
        assertThat(wrong.exitCode()).isEqualTo(2);
        assertThat(wrong.err()).contains("--thumbprint");
    }

    private Path write(String name, String text) throws Exception {
        return Files.writeString(temp.resolve(name), text);
    }

    private static List<X509Certificate> chain(String pem) throws Exception {
        return CertificateFactory.getInstance("X.509").generateCertificates(
                new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))).stream()
                .map(X509Certificate.class::cast).toList();
    }
}
