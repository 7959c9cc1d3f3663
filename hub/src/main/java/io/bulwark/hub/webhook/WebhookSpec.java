package io.bulwark.hub.webhook;

import io.bulwark.hub.stream.StreamName;
import java.util.Objects;

/**
 * What a caller asks for when registering a route. Validated when it becomes a {@link WebhookRoute}.
 *
 * @param url           text, checked by {@link WebhookUrl#parse}
 * @param trustedCaPem  null for the JDK trust store
 * @param fromEarliest  true to start at the oldest message the stream still holds; false (the default) for only
 *                      messages stored after the route was made
 */
public record WebhookSpec(String name, StreamName stream, WebhookFilter filter, String url, String trustedCaPem,
                          int maxAttempts, boolean enabled, boolean fromEarliest) {

    public WebhookSpec {
        Objects.requireNonNull(stream, "stream");
        filter = filter == null ? WebhookFilter.ALL : filter;
    }
}
