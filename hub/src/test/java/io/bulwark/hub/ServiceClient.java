package io.bulwark.hub;

import io.bulwark.hub.tls.TrustedHubCa;
import io.bulwark.protocol.connection.ServiceConnectionString;
import io.bulwark.protocol.sas.SasToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A plain HTTPS client of the service REST API, as a back-end application would write one: it trusts only the hub's
 * CA, verifies the host name, and signs a fresh SAS token with a policy key for each request. Shared by the hub's
 * tests and the end-to-end tests.
 */
public final class ServiceClient {

    private final HttpClient http;
    private final URI base;
    private final ServiceConnectionString credentials;

    public ServiceClient(Path trustedCa, int httpsPort, ServiceConnectionString credentials) {
        this.http = HttpClient.newBuilder()
                .sslContext(TrustedHubCa.clientContext(trustedCa))
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        this.base = URI.create("https://127.0.0.1:" + httpsPort);
        this.credentials = credentials;
    }

    /** A client of the hub whose data folder this is, signing with one of its built-in policies. */
    public static ServiceClient forPolicy(DataFolder folder, int httpsPort, String policy) {
        return new ServiceClient(folder.caCertificate(), httpsPort, credentialsOf(folder, policy));
    }

    public static ServiceConnectionString credentialsOf(DataFolder folder, String policy) {
        try {
            return ServiceConnectionString.parse(Files.readString(folder.policyConnectionString(policy)).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ServiceConnectionString credentials() {
        return credentials;
    }

    public String token() {
        return tokenExpiringAt(Instant.now().plus(Duration.ofHours(1)));
    }

    public String tokenExpiringAt(Instant expiry) {
        return SasToken.create(credentials.hostName(), credentials.keyBytes(), expiry,
                credentials.sharedAccessKeyName()).format();
    }

    public HttpResponse<String> get(String path) {
        return send(request(path).GET());
    }

    public HttpResponse<String> put(String path, String json, String... headers) {
        return send(request(path, headers).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    public HttpResponse<String> post(String path, String body, String... headers) {
        return send(request(path, headers).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public HttpResponse<String> delete(String path, String... headers) {
        return send(request(path, headers).DELETE());
    }

    /** A request to {@code path} with this client's token and the given header name/value pairs. */
    public HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder builder = unauthenticated(path).header("Authorization", token());
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.setHeader(headers[i], headers[i + 1]);
        }
        return builder;
    }

    public HttpRequest.Builder unauthenticated(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
