package io.bulwark.hub.webhook;

import io.bulwark.hub.audit.AuditLog;
import io.bulwark.hub.stream.Streams;
import java.security.SecureRandom;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook routes wired together: one SSRF guard ({@link WebhookTargets}) shared by route creation and delivery,
 * one sender, one dispatcher. The dispatcher is not started: the caller registers it for closing first.
 */
public record WebhookService(Webhooks webhooks, WebhookDispatcher dispatcher) {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookService.class);

    public static WebhookService create(WebhookRepository routes, Streams streams, WebhookLimits limits,
                                        AuditLog audit, Clock clock) {
        WebhookTargets targets = new WebhookTargets(limits.privateTargets(), HostResolver.SYSTEM);
        if (!limits.privateTargets().ranges().isEmpty()) {
            // A deliberate hole in the SSRF guard: say so where an operator reading the start-up log sees it.
            LOG.warn("webhooks may reach these private address ranges: {}", limits.privateTargets().ranges());
        }
        WebhookSender sender = new HttpsWebhookSender(limits, targets, clock);
        WebhookDispatcher dispatcher = new WebhookDispatcher(routes, streams, sender, limits, audit, clock);
        Webhooks webhooks = new Webhooks(routes, streams, dispatcher, sender, targets, limits, audit, clock,
                new SecureRandom());
        return new WebhookService(webhooks, dispatcher);
    }
}
