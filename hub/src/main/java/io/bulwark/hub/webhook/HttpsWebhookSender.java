package io.bulwark.hub.webhook;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.bulwark.hub.HubException;
import io.bulwark.hub.tls.OutboundTls;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.net.ProtocolException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.security.cert.CertificateException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * POSTs webhook requests: the receiver's host resolved and every address checked ({@link WebhookTargets}, the SSRF
 * guard), then the connection made to those very addresses ({@link PinnedHttpsPost}), TLS under the hub's policy with
 * the host name verified, redirects never followed (a redirect could lead the hub anywhere: an SSRF helper), connect
 * and response times bounded, and the receiver's answer body never read (only its status matters, and an endless body
 * must not hold the route).
 */
public final class HttpsWebhookSender implements WebhookSender {

    private static final Duration LONGEST_RETRY_AFTER = Duration.ofHours(1);

    private final WebhookLimits limits;
    private final WebhookTargets targets;
    private final Clock clock;
    private final SSLContext jdkTrust;
    /** One TLS context per pinned CA, built once. */
    private final Cache<String, SSLContext> pinned;
    private final PinnedHttpsPost post;

    public HttpsWebhookSender(WebhookLimits limits, WebhookTargets targets, Clock clock) {
        this.limits = limits;
        this.targets = targets;
        this.clock = clock;
        this.jdkTrust = OutboundTls.jdkTrustStore();
        this.pinned = Caffeine.newBuilder().maximumSize(limits.maxRoutes()).build();
        ScheduledThreadPoolExecutor watchdog = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "bulwark-webhook-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        watchdog.setRemoveOnCancelPolicy(true);
        this.post = new PinnedHttpsPost(limits.connectTimeout(), limits.responseTimeout(), watchdog);
    }

    @Override
    public DeliveryResult send(WebhookRequest request, WebhookSecret secret) {
        byte[] body = request.body();
        if (body.length > limits.maxBodyBytes()) {
            return DeliveryResult.refused("the message is larger than the " + limits.maxBodyBytes()
                    + "-byte webhook body limit");
        }
        WebhookRoute route = request.route();
        List<InetAddress> addresses;
        try {
            addresses = targets.checkedAddresses(route.url());
        } catch (HubException.Invalid notPublic) {
            return DeliveryResult.targetRefused(notPublic.getMessage());
        } catch (UnknownHostException e) {
            return DeliveryResult.failed("the host name does not resolve");
        }
        long timestamp = clock.instant().getEpochSecond();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("User-Agent", "Bulwark-Webhook/1");
        headers.put("Bulwark-Route", route.name());
        headers.put("Bulwark-Stream", route.stream().wireName());
        headers.put("Bulwark-Offset", String.valueOf(request.offset()));
        headers.put("Bulwark-Attempt", String.valueOf(request.attempt()));
        headers.put("Bulwark-Timestamp", String.valueOf(timestamp));
        headers.put("Bulwark-Signature", WebhookSignature.header(secret, timestamp, body));
        try {
            PinnedHttpsPost.Answer answer = post.post(contextFor(route), addresses, route.url(), headers, body);
            return DeliveryResult.ofStatus(answer.status(), retryAfter(answer.retryAfter()));
        } catch (IOException e) {
            if (Thread.currentThread().isInterrupted() || isStop(e)) {
                return DeliveryResult.failed("the hub stopped during the request");
            }
            return DeliveryResult.failed(describe(e));
        } catch (IllegalArgumentException e) {
            return DeliveryResult.refused("the receiver's certificate set is unusable");
        }
    }

    private static boolean isStop(IOException e) {
        return e.getClass() == InterruptedIOException.class;
    }

    private SSLContext contextFor(WebhookRoute route) {
        if (route.trustedCaPem() == null) {
            return jdkTrust;
        }
        return pinned.get(route.trustedCaPem(), pem -> OutboundTls.trusting(OutboundTls.parseCertificates(pem)));
    }

    /** Our words only: an exception's message may quote the URL, whose query can hold a receiver's token. */
    private String describe(IOException e) {
        if (e instanceof HttpConnectTimeoutException) {
            return "connect timed out after " + limits.connectTimeout().toSeconds() + " s";
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer within " + limits.responseTimeout().toSeconds() + " s";
        }
        if (e instanceof ProtocolException) {
            // PinnedHttpsPost's own words, never the receiver's.
            return e.getMessage();
        }
        if (e instanceof NoRouteToHostException) {
            return "no route to the receiver";
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

    private static Duration retryAfter(String value) {
        if (value == null) {
            return null;
        }
        try {
            long seconds = Long.parseLong(value.trim());
            return seconds < 0 ? null : Duration.ofSeconds(Math.min(seconds, LONGEST_RETRY_AFTER.toSeconds()));
        } catch (NumberFormatException httpDate) {
            return null;
        }
    }
}
