package io.bulwark.cli;

import io.bulwark.hub.DataFolder;
import io.bulwark.hub.HubRuntimeInfo;
import io.bulwark.hub.tls.TrustedHubCa;
import io.bulwark.protocol.connection.ServiceConnectionString;
import io.bulwark.protocol.sas.SasToken;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import javax.net.ssl.SSLException;

/**
 * The CLI's client of the hub's REST API. It trusts only the hub's own CA, keeps host-name verification on, and signs
 * a SAS token for the {@code iothubowner} policy once per invocation, valid for an hour.
 */
final class HubClient {

    private static final Duration TOKEN_LIFETIME = Duration.ofHours(1);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(1);
    /** Bulk import and export move the whole registry in one request. */
    static final Duration BULK_TIMEOUT = Duration.ofMinutes(30);

    private final HttpClient http;
    private final URI base;
    private final String authorization;
    private final String hubHostName;

    HubClient(HttpClient http, URI base, String authorization, String hubHostName) {
        this.http = http;
        this.base = base;
        this.authorization = authorization;
        this.hubHostName = hubHostName;
    }

    /**
     * A client of the hub whose data folder is {@code folder}, dialled at {@code hubUrl}, or when that is null at the
     * loopback address and port the running hub wrote into {@code hub.json}.
     */
    static HubClient connect(DataFolder folder, URI hubUrl) {
        ServiceConnectionString owner = new PolicyCredentials(folder).parsed(PolicyCredentials.OWNER_POLICY);
        Optional<HubRuntimeInfo> running = HubRuntimeInfo.readFrom(folder.runtimeInfo());
        URI base;
        if (hubUrl != null) {
            base = hubUrl;
        } else if (running.isPresent()) {
            base = URI.create("https://" + urlHost(running.get().localAddress()) + ":" + running.get().httpsPort());
        } else {
            throw new CliFailure("no hub has run with the data folder " + folder.root()
                    + " (it has no hub.json): start one with: bulwark up --data " + folder.root());
        }
        if (!Files.isRegularFile(folder.caCertificate())) {
            throw new CliFailure("the hub's CA certificate " + folder.caCertificate() + " is missing");
        }
        HttpClient http = HttpClient.newBuilder()
                .sslContext(TrustedHubCa.clientContext(folder.caCertificate()))
                .connectTimeout(CONNECT_TIMEOUT)
                .build();
        String token = SasToken.create(owner.hostName(), Base64.getDecoder().decode(owner.sharedAccessKey()),
                Instant.now().plus(TOKEN_LIFETIME), owner.sharedAccessKeyName()).format();
        String hostName = running.map(HubRuntimeInfo::hostName).orElse(base.getHost());
        return new HubClient(http, base, token, hostName);
    }

    /** The host name devices put into their connection strings: the hub's primary one. */
    String hubHostName() {
        return hubHostName;
    }

    HubResponse get(String path) {
        return send(request(path, REQUEST_TIMEOUT).GET());
    }

    HubResponse put(String path, String json, String ifMatch) {
        HttpRequest.Builder request = request(path, REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json));
        if (ifMatch != null) {
            request.header("If-Match", "\"" + ifMatch + "\"");
        }
        return send(request);
    }

    HubResponse post(String path, String contentType, BodyPublisher body, Duration timeout) {
        return send(request(path, timeout).header("Content-Type", contentType).POST(body));
    }

    HubResponse delete(String path) {
        return send(request(path, REQUEST_TIMEOUT).DELETE());
    }

    /** A 2xx answer as a stream, for bodies too large to hold (export); the caller closes it. */
    InputStream stream(String path, Duration timeout) {
        HttpResponse<InputStream> response = exchange(request(path, timeout).GET(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() / 100 == 2) {
            return response.body();
        }
        try (InputStream error = response.body()) {
            String body = new String(error.readNBytes(64 * 1024), StandardCharsets.UTF_8);
            throw new CliFailure(ProblemDocument.parse(response.statusCode(), body).describe());
        } catch (IOException e) {
            throw new CliFailure("hub answered " + response.statusCode());
        }
    }

    /** A path segment, URL-encoded: device ids may hold characters such as {@code #}, {@code ?} and {@code %}. */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** {@code path?name=value&...} over the non-null parameters. */
    static String withQuery(String path, Map<String, String> parameters) {
        StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
        parameters.forEach((name, value) -> {
            if (value != null) {
                query.add(segment(name) + "=" + segment(value));
            }
        });
        return path + query;
    }

    private HttpRequest.Builder request(String path, Duration timeout) {
        return HttpRequest.newBuilder(base.resolve(path))
                .timeout(timeout)
                .header("Authorization", authorization)
                .header("Accept", "application/json");
    }

    private HubResponse send(HttpRequest.Builder request) {
        HttpResponse<String> response = exchange(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new CliFailure(ProblemDocument.parse(response.statusCode(), response.body()).describe());
        }
        return new HubResponse(response.statusCode(), response.headers(), response.body());
    }

    private <T> HttpResponse<T> exchange(HttpRequest.Builder request, BodyHandler<T> handler) {
        try {
            return http.send(request.build(), handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure("interrupted while waiting for the hub");
        } catch (IOException e) {
            throw new CliFailure(explain(e));
        }
    }

    private String explain(IOException e) {
        if (causedBy(e, ConnectException.class) || e instanceof HttpConnectTimeoutException) {
            return "cannot reach the hub at " + base + ": is it running? Start it with: bulwark up";
        }
        if (causedBy(e, SSLException.class)) {
            return "TLS with the hub at " + base + " failed (" + e.getMessage() + "): its certificate must be issued"
                    + " by the CA of the data folder and name the host dialled";
        }
        return "lost the connection to the hub at " + base + ": " + e;
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** An IPv6 literal goes into a URL in brackets. */
    static String urlHost(String host) {
        return host.contains(":") ? "[" + host + "]" : host;
    }
}
