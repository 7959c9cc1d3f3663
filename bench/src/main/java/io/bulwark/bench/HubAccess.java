package io.bulwark.bench;

import io.bulwark.hub.DataFolder;
import io.bulwark.hub.HubRuntimeInfo;
import io.bulwark.hub.tls.ServerIdentity;
import io.bulwark.hub.tls.TrustedHubCa;
import io.bulwark.protocol.connection.ServiceConnectionString;
import io.bulwark.protocol.sas.SasToken;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/** What a benchmark needs of a running hub: where it listens and an owner-signed REST client. */
final class HubAccess {

    final DataFolder folder;
    final HubRuntimeInfo info;
    private final HttpClient http;
    private final KeepAliveRestClients timed;
    private final ServiceConnectionString owner;
    private String token;
    private Instant tokenRenewal = Instant.MIN;

    HubAccess(DataFolder folder) throws IOException {
        this(folder, DriverOptions.DEFAULT_HTTP_CONNECTIONS);
    }

    /** @param timedConnections how many keep-alive connections {@link #postAsync} uses (see KeepAliveRestClients) */
    HubAccess(DataFolder folder, int timedConnections) throws IOException {
        this.folder = folder;
        this.info = HubRuntimeInfo.readFrom(folder.runtimeInfo())
                .orElseThrow(() -> new IllegalStateException("no running hub in " + folder.root()));
        this.http = HttpClient.newBuilder().sslContext(TrustedHubCa.clientContext(folder.caCertificate()))
                .connectTimeout(Duration.ofSeconds(10)).build();
        // Pinned as the devices' connections pin it (ClientTls): the hub serves HTTPS and MQTT with one certificate.
        this.timed = new KeepAliveRestClients(new InetSocketAddress("127.0.0.1", info.httpsPort()),
                ClientTls.pinning(folder.root().resolve(ServerIdentity.CERTIFICATE_FILE)),
                TrustedHubCa.clientContext(folder.caCertificate()), timedConnections);
        this.owner = ServiceConnectionString.parse(
                Files.readString(folder.policyConnectionString("iothubowner")).trim());
    }

    HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(request(method, path, body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + " answered " + answer.statusCode() + ": "
                    + answer.body());
        }
        return answer;
    }

    /**
     * Opens a Server-Sent-Events stream ({@code Accept: text/event-stream}) over HTTP/1.1, one response that stays
     * open; fails on any answer other than 200.
     */
    java.io.InputStream openEventStream(String path) throws IOException, InterruptedException {
        HttpRequest request = request("GET", path, HttpRequest.BodyPublishers.noBody())
                .header("Accept", "text/event-stream").version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<java.io.InputStream> answer = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        if (answer.statusCode() != 200) {
            try (java.io.InputStream body = answer.body()) {
                throw new IllegalStateException("GET " + path + " answered " + answer.statusCode() + ": "
                        + new String(body.readNBytes(2_000), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return answer.body();
    }

    /**
     * POSTs {@code body} without waiting, on one of the keep-alive connections (queued in the driver while all are
     * busy); the future fails on any answer other than 2xx.
     */
    CompletableFuture<RestAnswer> postAsync(String path, String contentType, byte[] body) {
        return timed.send(new RestCall("POST", path, contentType, token(), body)).thenApply(answer -> {
            if (!answer.successful()) {
                throw new IllegalStateException("POST " + path + " answered " + answer.status() + ": "
                        + answer.body());
            }
            return answer;
        });
    }

    /** The connections {@link #postAsync} uses: how many, and how many it has opened so far. */
    KeepAliveRestClients timedClients() {
        return timed;
    }

    private HttpRequest.Builder request(String method, String path, HttpRequest.BodyPublisher body) {
        return HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + info.httpsPort() + path))
                .header("Authorization", token()).timeout(Duration.ofMinutes(5)).method(method, body);
    }

    /** One owner token for half an hour: signing one per request would put an HMAC in every timed call. */
    private synchronized String token() {
        Instant now = Instant.now();
        if (now.isAfter(tokenRenewal)) {
            token = SasToken.create(owner.hostName(), owner.keyBytes(), now.plusSeconds(3600),
                    owner.sharedAccessKeyName()).format();
            tokenRenewal = now.plusSeconds(1800);
        }
        return token;
    }
}
