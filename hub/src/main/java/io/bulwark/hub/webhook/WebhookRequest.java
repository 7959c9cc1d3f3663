package io.bulwark.hub.webhook;

import java.util.Objects;

/**
 * One POST of a message to a route's receiver.
 *
 * @param attempt 1 for the first try of this message
 */
public record WebhookRequest(WebhookRoute route, long offset, byte[] body, int attempt) {

    public WebhookRequest {
        Objects.requireNonNull(route, "route");
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }
}
