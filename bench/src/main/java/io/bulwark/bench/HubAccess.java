package io.bulwark.bench;

import io.bulwark.hub.DataFolder;
import io.bulwark.hub.HubRuntimeInfo;
import io.bulwark.hub.tls.TrustedHubCa;
import io.bulwark.protocol.connection.ServiceConnectionString;
import io.bulwark.protocol.sas.SasToken;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;

/** What a benchmark needs of a running hub: where it listens and an owner-signed REST client. */
final class HubAccess {

    final DataFolder folder;
    final HubRuntimeInfo info;
    private final HttpClient http;
    private final ServiceConnectionString owner;

    HubAccess(DataFolder folder) throws IOException {
        this.folder = folder;
        this.info = HubRuntimeInfo.readFrom(folder.runtimeInfo())
                .orElseThrow(() -> new IllegalStateException("no running hub in " + folder.root()));
        this.http = HttpClient.newBuilder().sslContext(TrustedHubCa.clientContext(folder.caCertificate()))
                .connectTimeout(Duration.ofSeconds(10)).build();
        this.owner = ServiceConnectionString.parse(
                Files.readString(folder.policyConnectionString("iothubowner")).trim());
    }

    HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        String token = SasToken.create(owner.hostName(), owner.keyBytes(), Instant.now().plusSeconds(3600),
                owner.sharedAccessKeyName()).format();
        HttpRequest request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + info.httpsPort() + path))
                .header("Authorization", token)
                .timeout(Duration.ofMinutes(5))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + " answered " + answer.statusCode() + ": "
                    + answer.body());
        }
        return answer;
    }
}
