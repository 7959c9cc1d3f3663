package io.bulwark.hub.webhook;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.bulwark.hub.tls.OutboundTls;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.cert.CertificateException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * POSTs webhook requests with the JDK's HTTP client: TLS under the hub's policy, host names verified, redirects never
 * followed (a redirect could lead the hub anywhere: an SSRF helper), connect and response timeouts bounded, and the
 * receiver's answer body never read (only its status matters, and an endless body must not hold the route).
 */
public final class HttpsWebhookSender implements WebhookSender {

    private static final Duration LONGEST_RETRY_AFTER = Duration.ofHours(1);

    private final WebhookLimits limits;
    private final Clock clock;
    private final HttpClient jdkTrust;
    /** One client per pinned CA: a client's trust is fixed when it is built. */
    private final Cache<String, HttpClient> pinned;

    public HttpsWebhookSender(WebhookLimits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
        this.jdkTrust = client(OutboundTls.jdkTrustStore());
        this.pinned = Caffeine.newBuilder().maximumSize(limits.maxRoutes()).build();
    }

    @Override
    public DeliveryResult send(WebhookRequest request, WebhookSecret secret) {
        byte[] body = request.body();
        if (body.length > limits.maxBodyBytes()) {
            return DeliveryResult.refused("the message is larger than the " + limits.maxBodyBytes()
                    + "-byte webhook body limit");
        }
        WebhookRoute route = request.route();
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest post = HttpRequest.newBuilder(route.url().uri())
                .timeout(limits.responseTimeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "Bulwark-Webhook/1")
                .header("Bulwark-Route", route.name())
                .header("Bulwark-Stream", route.stream().wireName())
                .header("Bulwark-Offset", String.valueOf(request.offset()))
                .header("Bulwark-Attempt", String.valueOf(request.attempt()))
                .header("Bulwark-Timestamp", String.valueOf(timestamp))
                .header("Bulwark-Signature", WebhookSignature.header(secret, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            HttpResponse<InputStream> answer = clientFor(route).send(post, HttpResponse.BodyHandlers.ofInputStream());
            // Closing unread abandons the body: the status line is all the hub wants.
            answer.body().close();
            return DeliveryResult.ofStatus(answer.statusCode(), retryAfter(answer));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DeliveryResult.failed("the hub stopped during the request");
        } catch (IOException e) {
            return DeliveryResult.failed(describe(e));
        } catch (IllegalArgumentException e) {
            return DeliveryResult.refused("the receiver's certificate set is unusable");
        }
    }

    private HttpClient clientFor(WebhookRoute route) {
        if (route.trustedCaPem() == null) {
            return jdkTrust;
        }
        return pinned.get(route.trustedCaPem(),
                pem -> client(OutboundTls.trusting(OutboundTls.parseCertificates(pem))));
    }

    private HttpClient client(SSLContext tls) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(limits.connectTimeout())
                .sslContext(tls)
                .sslParameters(tls.getDefaultSSLParameters())
                .build();
    }

    /** Our words only: an exception's message may quote the URL, whose query can hold a receiver's token. */
    private String describe(IOException e) {
        if (e instanceof HttpConnectTimeoutException) {
            return "connect timed out after " + limits.connectTimeout().toSeconds() + " s";
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer within " + limits.responseTimeout().toSeconds() + " s";
        }
        if (causedBy(e, CertificateException.class)) {
            return "TLS handshake failed: the receiver's certificate is not trusted or does not name its host";
        }
        if (causedBy(e, SSLException.class)) {
            return "TLS handshake failed";
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return "connection refused";
            }
            if (cause instanceof UnknownHostException || cause instanceof java.nio.channels.UnresolvedAddressException) {
                return "the host name does not resolve";
            }
        }
        return "I/O error (" + e.getClass().getSimpleName() + ")";
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private static Duration retryAfter(HttpResponse<?> answer) {
        Optional<String> value = answer.headers().firstValue("Retry-After");
        if (value.isEmpty()) {
            return null;
        }
        try {
            long seconds = Long.parseLong(value.get().trim());
            return seconds < 0 ? null : Duration.ofSeconds(Math.min(seconds, LONGEST_RETRY_AFTER.toSeconds()));
        } catch (NumberFormatException httpDate) {
            return null;
        }
    }
}
