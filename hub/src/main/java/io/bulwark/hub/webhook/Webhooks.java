package io.bulwark.hub.webhook;

import io.bulwark.hub.HubException;
import io.bulwark.hub.audit.Actor;
import io.bulwark.hub.audit.AuditLog;
import io.bulwark.hub.audit.AuditOutcome;
import io.bulwark.hub.stream.Streams;
import io.bulwark.hub.tls.OutboundTls;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Supplier;

/**
 * Webhook routes as back ends manage them: register, list, enable, disable, delete, replace the secret, and look
 * after the dead letters. Every write is audited (S-AUD-1) with the URL's origin only; the secret is generated here,
 * handed back once and never written to the log, the audit record or an error (S-DATA-4). A route whose host is, or
 * resolves to, a non-public address is refused ({@link WebhookTargets}), and the refusal audited like any other.
 */
public final class Webhooks {

    public static final int MAX_TRUSTED_CA_CHARS = 64 * 1024;

    private final WebhookRepository repository;
    private final Streams streams;
    private final WebhookDispatcher dispatcher;
    private final WebhookSender sender;
    private final WebhookTargets targets;
    private final WebhookLimits limits;
    private final AuditLog audit;
    private final Clock clock;
    private final SecureRandom random;

    /** A route as shown to callers: its settings, how far it got, and how many dead letters wait. */
    public record RouteState(WebhookRoute route, long position, int deadLetters) {
    }

    public Webhooks(WebhookRepository repository, Streams streams, WebhookDispatcher dispatcher, WebhookSender sender,
                    WebhookTargets targets, WebhookLimits limits, AuditLog audit, Clock clock, SecureRandom random) {
        this.repository = repository;
        this.streams = streams;
        this.dispatcher = dispatcher;
        this.sender = sender;
        this.targets = targets;
        this.limits = limits;
        this.audit = audit;
        this.clock = clock;
        this.random = random;
    }

    public CreatedWebhook create(Actor actor, WebhookSpec spec) {
        String target = target(spec.name());
        CreatedWebhook created = audited(actor, "webhook.create", target, () -> {
            WebhookRoute route = new WebhookRoute(spec.name(), spec.stream(), spec.filter(), WebhookUrl.parse(spec.url()),
                    checkedCa(spec.trustedCaPem()), spec.maxAttempts(), spec.enabled(),
                    clock.instant().truncatedTo(ChronoUnit.MILLIS));
            targets.checkNewRoute(route.url());
            if (repository.count() >= limits.maxRoutes()) {
                throw new HubException.Conflict("webhook-limit-reached",
                        "the hub already has " + limits.maxRoutes() + " webhook routes");
            }
            WebhookSecret secret = WebhookSecret.generate(random);
            long start = spec.fromEarliest() ? 1 : StreamEnd.lastOffset(streams, spec.stream()) + 1;
            if (!repository.insert(route, secret, start)) {
                throw new HubException.Conflict("webhook-exists", "a webhook route named " + spec.name()
                        + " exists already");
            }
            return new CreatedWebhook(route, secret);
        }, made -> "stream " + spec.stream().wireName() + ", " + made.route().url().origin());
        dispatcher.routeChanged(spec.name());
        return created;
    }

    public List<WebhookRoute> list() {
        return repository.all();
    }

    public RouteState get(String name) {
        WebhookRoute route = require(name);
        return new RouteState(route, repository.position(name), repository.countDeadLetters(name));
    }

    public void delete(Actor actor, String name) {
        audited(actor, "webhook.delete", target(name), () -> {
            if (!repository.delete(name)) {
                throw notFound(name);
            }
            return name;
        }, ignored -> "");
        dispatcher.routeChanged(name);
    }

    public WebhookRoute setEnabled(Actor actor, String name, boolean enabled) {
        WebhookRoute route = audited(actor, enabled ? "webhook.enable" : "webhook.disable", target(name), () -> {
            WebhookRoute current = require(name);
            repository.setEnabled(name, enabled);
            return current.withEnabled(enabled);
        }, ignored -> "");
        dispatcher.routeChanged(name);
        return route;
    }

    /** A new secret at once; the old one stops signing with the next request. */
    public CreatedWebhook regenerateSecret(Actor actor, String name) {
        return audited(actor, "webhook.regenerate-secret", target(name), () -> {
            WebhookRoute route = require(name);
            WebhookSecret secret = WebhookSecret.generate(random);
            if (!repository.replaceSecret(name, secret)) {
                throw notFound(name);
            }
            return new CreatedWebhook(route, secret);
        }, ignored -> "");
    }

    public List<DeadLetter> deadLetters(String name, long afterId, int limit) {
        require(name);
        return repository.deadLetters(name, afterId, limit);
    }

    public DeadLetter deadLetter(String name, long id) {
        require(name);
        return repository.findDeadLetter(name, id).orElseThrow(() -> deadLetterNotFound(name, id));
    }

    /**
     * One more attempt of a dead letter, now, with a fresh timestamp and signature. Delivered: the dead letter is
     * gone. Not delivered: it stays, with this attempt counted and its outcome.
     */
    public DeliveryResult replay(Actor actor, String name, long id) {
        return audited(actor, "webhook.replay", target(name), () -> {
            WebhookRoute route = require(name);
            DeadLetter letter = repository.findDeadLetter(name, id).orElseThrow(() -> deadLetterNotFound(name, id));
            WebhookSecret secret = repository.secret(name).orElseThrow(() -> notFound(name));
            DeliveryResult result = sender.send(new WebhookRequest(route, letter.offset(), letter.payload(),
                    letter.attempts() + 1), secret);
            if (result.delivered()) {
                repository.removeDeadLetter(name, id);
            } else {
                repository.updateDeadLetter(new DeadLetter(id, name, letter.offset(), letter.deviceId(),
                        clock.instant().truncatedTo(ChronoUnit.MILLIS), letter.attempts() + 1, result.status(),
                        result.error(), letter.payload()));
            }
            return result;
        }, result -> "dead letter " + id + " (offset of the stream unchanged): "
                + (result.delivered() ? "delivered, status " + result.status() : "not delivered, "
                + (result.targetRefused() ? WebhookTargets.PROBLEM_TYPE + ": " : "") + result.error()));
    }

    public void purge(Actor actor, String name, long id) {
        audited(actor, "webhook.purge", target(name), () -> {
            require(name);
            if (!repository.removeDeadLetter(name, id)) {
                throw deadLetterNotFound(name, id);
            }
            return id;
        }, ignored -> "dead letter " + id);
    }

    /** A name as the audit log shows it: a refused, made-up name is cut short and kept printable. */
    private static String target(String name) {
        String shown = name == null ? "" : name.length() > 64 ? name.substring(0, 64) + "..." : name;
        return "webhook:" + shown.replaceAll("[^A-Za-z0-9_.-]", "?");
    }

    private WebhookRoute require(String name) {
        return repository.find(name).orElseThrow(() -> notFound(name));
    }

    private static String checkedCa(String pem) {
        if (pem == null || pem.isBlank()) {
            return null;
        }
        if (pem.length() > MAX_TRUSTED_CA_CHARS) {
            throw new HubException.Invalid("invalid-trusted-ca", "trustedCa is limited to 64 KiB of PEM");
        }
        try {
            OutboundTls.parseCertificates(pem);
        } catch (IllegalArgumentException e) {
            throw new HubException.Invalid("invalid-trusted-ca", "trustedCa: " + e.getMessage());
        }
        return pem;
    }

    private <T> T audited(Actor actor, String action, String target, Supplier<T> work,
                          java.util.function.Function<T, String> detail) {
        T result;
        try {
            result = work.get();
        } catch (HubException e) {
            audit.record(actor, action, target, AuditOutcome.FAILURE, e.type());
            throw e;
        }
        audit.record(actor, action, target, AuditOutcome.SUCCESS, detail.apply(result));
        return result;
    }

    private static HubException.NotFound notFound(String name) {
        return new HubException.NotFound("webhook-not-found", "webhook route " + name + " does not exist");
    }

    private static HubException.NotFound deadLetterNotFound(String name, long id) {
        return new HubException.NotFound("dead-letter-not-found", "webhook route " + name + " has no dead letter "
                + id);
    }
}
