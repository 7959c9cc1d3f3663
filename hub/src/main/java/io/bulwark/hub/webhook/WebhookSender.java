package io.bulwark.hub.webhook;

/** Sends one signed request to a receiver and says how it ended. Never throws for a receiver's or network's fault. */
public interface WebhookSender {

    DeliveryResult send(WebhookRequest request, WebhookSecret secret);
}
