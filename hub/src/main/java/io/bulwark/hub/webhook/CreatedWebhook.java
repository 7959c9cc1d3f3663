package io.bulwark.hub.webhook;

/** A route just made (or whose secret was just replaced), with its secret: the only time the secret leaves the hub. */
public record CreatedWebhook(WebhookRoute route, WebhookSecret secret) {
}
