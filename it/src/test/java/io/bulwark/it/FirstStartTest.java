package io.bulwark.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.hub.DataFolder;
import io.bulwark.hub.ServiceClient;
import io.bulwark.protocol.connection.ServiceConnectionString;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** First start of a real hub process: generated credentials, owner-only files, reuse on restart (S-AUTH-2). */
class FirstStartTest {

    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

    @TempDir
    Path temp;

    @Test
    void firstStartGeneratesOwnerOnlyCredentialsAndPrintsWhereNotWhat() throws Exception {
        Path data = temp.resolve("data");
        try (HubProcess hub = HubProcess.start(data)) {
            DataFolder folder = hub.folder();
            assertThat(Files.getPosixFilePermissions(data)).isEqualTo(OWNER_ONLY_DIR);
            assertThat(Files.getPosixFilePermissions(folder.credentials())).isEqualTo(OWNER_ONLY_DIR);
            for (Path secret : List.of(folder.masterKey(), data.resolve("ca.key.pem"), data.resolve("server.key.pem"),
                    folder.database(), folder.policyConnectionString("iothubowner"))) {
                assertThat(Files.getPosixFilePermissions(secret)).as(secret.toString()).isEqualTo(OWNER_ONLY_FILE);
            }
            try (Stream<Path> credentials = Files.list(folder.credentials())) {
                assertThat(credentials.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                        "iothubowner.connection-string", "service.connection-string", "device.connection-string",
                        "registryRead.connection-string", "registryReadWrite.connection-string");
            }

            String output = hub.output();
            assertThat(output).contains(folder.credentials().toString()).contains("https://");
            for (String policy : List.of("iothubowner", "service", "device", "registryRead", "registryReadWrite")) {
                String key = ownerKey(folder, policy);
                assertThat(output).as("printed output must not contain the %s key", policy).doesNotContain(key);
            }
            assertThat(output).doesNotContain(Files.readString(folder.masterKey()).trim());

            ServiceClient api = ServiceClient.forPolicy(folder, hub.httpsPort(), "iothubowner");
            assertThat(api.get("/devices").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void secondStartReusesTheSameCredentialsAndCa() throws Exception {
        Path data = temp.resolve("data");
        String ownerKey;
        byte[] ca;
        try (HubProcess hub = HubProcess.start(data)) {
            ownerKey = ownerKey(hub.folder(), "iothubowner");
            ca = Files.readAllBytes(hub.folder().caCertificate());
            assertThat(ServiceClient.forPolicy(hub.folder(), hub.httpsPort(), "iothubowner")
                    .put("/devices/kept", "{}").statusCode()).isEqualTo(200);
        }
        try (HubProcess again = HubProcess.start(data)) {
            assertThat(ownerKey(again.folder(), "iothubowner")).isEqualTo(ownerKey);
            assertThat(Files.readAllBytes(again.folder().caCertificate())).isEqualTo(ca);
            ServiceClient api = ServiceClient.forPolicy(again.folder(), again.httpsPort(), "iothubowner");
            assertThat(api.get("/devices/kept").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void twoFreshHubsShareNoSecret() throws Exception { // S-AUTH-2
        try (HubProcess first = HubProcess.start(temp.resolve("a"));
             HubProcess second = HubProcess.start(temp.resolve("b"))) {
            for (String policy : List.of("iothubowner", "service", "device", "registryRead", "registryReadWrite")) {
                assertThat(ownerKey(first.folder(), policy)).isNotEqualTo(ownerKey(second.folder(), policy));
            }
            assertThat(Files.readString(first.folder().masterKey()))
                    .isNotEqualTo(Files.readString(second.folder().masterKey()));
            assertThat(Files.readAllBytes(first.folder().caCertificate()))
                    .isNotEqualTo(Files.readAllBytes(second.folder().caCertificate()));
            // A token of one hub is worthless at the other.
            ServiceClient crossed = new ServiceClient(second.folder().caCertificate(), second.httpsPort(),
                    ServiceClient.credentialsOf(first.folder(), "iothubowner"));
            assertThat(crossed.get("/devices").statusCode()).isEqualTo(401);
        }
    }

    private static String ownerKey(DataFolder folder, String policy) throws Exception {
        return ServiceConnectionString.parse(Files.readString(folder.policyConnectionString(policy)).trim())
                .sharedAccessKey();
    }
}
