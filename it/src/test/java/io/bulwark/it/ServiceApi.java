package io.bulwark.it;

import io.bulwark.hub.DataFolder;
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
import java.util.Base64;

/**
 * A plain HTTPS client of the service REST API, as a back-end application would write one: it trusts only the hub's
 * CA, verifies the host name, and signs a SAS token with a policy key from the data folder.
 */
final class ServiceApi {

    private final HttpClient http;
    private final URI base;
    private final ServiceConnectionString credentials;

    ServiceApi(DataFolder folder, int httpsPort, String policy) throws IOException {
        this(folder.caCertificate(), httpsPort, credentialsOf(folder, policy));
    }

    ServiceApi(java.nio.file.Path trustedCa, int httpsPort, ServiceConnectionString credentials) throws IOException {
        this.http = HttpClient.newBuilder()
                .sslContext(TrustedHubCa.clientContext(trustedCa))
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        this.base = URI.create("https://127.0.0.1:" + httpsPort);
        this.credentials = credentials;
    }

    static ServiceConnectionString credentialsOf(DataFolder folder, String policy) throws IOException {
        return ServiceConnectionString.parse(Files.readString(folder.policyConnectionString(policy)).trim());
    }

    String token() {
        return SasToken.create(credentials.hostName(), Base64.getDecoder().decode(credentials.sharedAccessKey()),
                Instant.now().plus(Duration.ofHours(1)), credentials.sharedAccessKeyName()).format();
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(request(path).GET());
    }

    HttpResponse<String> put(String path, String json) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        return send(request(path).DELETE());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", token());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
