package io.bulwark.hub.webhook;

import io.bulwark.hub.HubException;
import io.bulwark.hub.stream.StreamName;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A webhook route: the messages of one stream that pass its filter are POSTed, signed, to its URL. The signing secret
 * is not part of the route: it is shown once ({@link CreatedWebhook}) and otherwise stays sealed in the store.
 *
 * @param trustedCaPem null to verify the receiver with the JDK's trust store; else PEM certificates, the only ones
 *                     trusted for this route (a private receiver's CA)
 * @param maxAttempts  deliveries of one message before it goes to the route's dead letters
 */
public record WebhookRoute(String name, StreamName stream, WebhookFilter filter, WebhookUrl url, String trustedCaPem,
                           int maxAttempts, boolean enabled, Instant createdTime) {

    public static final int MAX_ATTEMPTS_CEILING = 50;
    public static final int DEFAULT_MAX_ATTEMPTS = 8;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    public WebhookRoute {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new HubException.Invalid("invalid-webhook-name", "route names are 1..64 characters of A-Za-z0-9_.-");
        }
        Objects.requireNonNull(stream, "stream");
        if (stream == StreamName.AUDIT) {
            throw new HubException.Invalid("invalid-webhook-stream",
                    "webhooks read the telemetry, security or alerts stream");
        }
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(createdTime, "createdTime");
        if (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS_CEILING) {
            throw new HubException.Invalid("invalid-max-attempts",
                    "maxAttempts is 1.." + MAX_ATTEMPTS_CEILING);
        }
    }

    public WebhookRoute withEnabled(boolean value) {
        return new WebhookRoute(name, stream, filter, url, trustedCaPem, maxAttempts, value, createdTime);
    }

    public String auditTarget() {
        return "webhook:" + name;
    }
}
