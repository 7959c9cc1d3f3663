package io.bulwark.hub.webhook;

import io.bulwark.hub.HubException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a webhook route POSTs: an absolute {@code https} URL with a host, without user-info or fragment. Plain
 * {@code http} is refused, as is every other scheme: messages and their signatures never travel in the clear
 * (DESIGN.md "Nothing plaintext"), and a scheme like {@code file:} or {@code ftp:} must never reach a client library.
 * User-info ({@code https://user:pass@host}) is refused because it puts a credential where it gets shown and logged.
 */
public record WebhookUrl(URI uri) {

    public static final int MAX_LENGTH = 2048;

    public WebhookUrl {
        Objects.requireNonNull(uri, "uri");
    }

    public static WebhookUrl parse(String text) {
        if (text == null || text.isBlank()) {
            throw invalid("url is required");
        }
        if (text.length() > MAX_LENGTH) {
            throw invalid("url is longer than " + MAX_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw invalid("url is not a valid URI");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https")) {
            throw new HubException.Invalid("webhook-url-not-https",
                    "webhook URLs must use https; " + (scheme.isEmpty() ? "no scheme" : scheme + ":") + " is refused");
        }
        if (uri.getRawUserInfo() != null) {
            throw new HubException.Invalid("webhook-url-has-credentials",
                    "webhook URLs must not carry user-info (user:password@); authenticate the hub by the signature");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw invalid("url has no host");
        }
        if (uri.getRawFragment() != null) {
            throw invalid("url must not have a fragment");
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            throw invalid("url has an invalid port");
        }
        return new WebhookUrl(uri.normalize());
    }

    /** Scheme, host and port only: what logs and audit records show (a path or query may hold a receiver's token). */
    public String origin() {
        return "https://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    }

    /** The host to resolve and to name in TLS: an IPv6 literal without its brackets. */
    public String host() {
        String host = uri.getHost();
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** The port to connect to: the URL's, else 443. */
    public int port() {
        return uri.getPort() == -1 ? 443 : uri.getPort();
    }

    @Override
    public String toString() {
        return uri.toString();
    }

    private static HubException.Invalid invalid(String message) {
        return new HubException.Invalid("invalid-webhook-url", message);
    }
}
