package io.bulwark.device.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialStoreTest {

    private static final String PASSWORD = "correct horse battery staple";
    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path folder;

    private Path passwordFile(String permissions) throws Exception {
        Path file = folder.resolve("password-" + permissions.replace('-', '_'));
        Files.writeString(file, PASSWORD + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        return file;
    }

    @Test
    void refusesAPasswordFileOthersMayRead() throws Exception {
        Path open = passwordFile("rw-r--r--");
        assertThatThrownBy(() -> StorePassword.fromFile(open)).isInstanceOf(DeviceClientException.class)
                .hasMessageContaining("chmod 600").hasMessageNotContaining(PASSWORD);
        Path groupWritable = passwordFile("rw--w----");
        assertThatThrownBy(() -> StorePassword.fromFile(groupWritable)).isInstanceOf(DeviceClientException.class);
        assertThat(StorePassword.fromFile(passwordFile("rw-------")).chars()).isEqualTo(PASSWORD.toCharArray());
    }

    @Test
    void readsThePasswordFromTheEnvironmentAndNeverPrintsIt() {
        StorePassword password = StorePassword.fromEnvironment("DEVICE_STORE_PASSWORD",
                Map.of("DEVICE_STORE_PASSWORD", PASSWORD));
        assertThat(password.chars()).isEqualTo(PASSWORD.toCharArray());
        assertThat(password.toString()).doesNotContain(PASSWORD);
        assertThatThrownBy(() -> StorePassword.fromEnvironment("UNSET", Map.of()))
                .hasMessageContaining("UNSET");
    }

    @Test
    void keepsASharedAccessKeyEncryptedAndReadsItBack() throws Exception {
        Path file = folder.resolve("device.p12");
        Pkcs12CredentialStore store = new Pkcs12CredentialStore(file,
                StorePassword.fromFile(passwordFile("rw-------")));
        SymmetricKeyCredentials saved = new SymmetricKeyCredentials("hub.example.com", "sensor-1", null, KEY);
        store.save(saved);
        assertThat(store.load()).isEqualTo(saved);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        byte[] onDisk = Files.readAllBytes(file);
        assertThat(new String(onDisk, StandardCharsets.ISO_8859_1))
                .doesNotContain(Base64.getEncoder().encodeToString(KEY)).doesNotContain("sensor-1");
    }

    @Test
    void wrongPasswordFailsWithoutShowingEitherPassword() throws Exception {
        Path file = folder.resolve("device.p12");
        new Pkcs12CredentialStore(file, StorePassword.fromFile(passwordFile("rw-------")))
                .save(new SymmetricKeyCredentials("hub.example.com", "sensor-1", null, KEY));
        Pkcs12CredentialStore wrong = new Pkcs12CredentialStore(file, StorePassword.fromEnvironment("P",
                Map.of("P", "guess-1234")));
        assertThatThrownBy(wrong::load).isInstanceOf(DeviceClientException.class)
                .hasMessageNotContaining("guess-1234").hasMessageNotContaining(PASSWORD);
    }

    @Test
    void keepsAnX509IdentityWhoseDeviceIdIsTheCertificateCn() throws Exception {
        Path generated = folder.resolve("generated.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "device", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=gate-7", "-validity", "2", "-storetype", "PKCS12", "-keystore", generated.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD).redirectErrorStream(true).start();
        assertThat(keytool.waitFor()).as(new String(keytool.getInputStream().readAllBytes())).isZero();

        X509Credentials read = X509Credentials.fromPkcs12(generated, PASSWORD.toCharArray());
        assertThat(read.deviceId()).isEqualTo("gate-7");
        assertThat(read.toString()).contains("gate-7").doesNotContain(read.privateKey().toString());

        Pkcs12CredentialStore store = new Pkcs12CredentialStore(folder.resolve("x509.p12"),
                StorePassword.fromEnvironment("P", Map.of("P", PASSWORD)));
        store.save(read);
        DeviceCredentials loaded = store.load();
        assertThat(loaded).isInstanceOf(X509Credentials.class);
        assertThat(loaded.deviceId()).isEqualTo("gate-7");
        assertThat(((X509Credentials) loaded).chain()).isEqualTo(read.chain());
    }

    @Test
    void credentialsNeverShowTheirKeyInToString() {
        SymmetricKeyCredentials credentials = new SymmetricKeyCredentials("hub.example.com", "d1", null, KEY);
        assertThat(credentials.toString()).doesNotContain(Base64.getEncoder().encodeToString(KEY))
                .doesNotContain(new String(KEY, StandardCharsets.US_ASCII));
    }
}
