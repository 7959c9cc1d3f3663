package io.bulwark.hub.webhook;

import io.bulwark.hub.audit.Actor;
import io.bulwark.hub.audit.AuditLog;
import io.bulwark.hub.audit.AuditOutcome;
import io.bulwark.hub.stream.Streams;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@link RouteWorker} per enabled route, reading the streams after the fact: nothing here is on the ingest
 * path (DESIGN.md "Flow of one telemetry message"). Told of every route change, it stops the route's worker and
 * starts a fresh one with the route as now stored.
 */
public final class WebhookDispatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);
    private static final long STOP_WAIT_MILLIS = TimeUnit.SECONDS.toMillis(15);

    private final WebhookRepository repository;
    private final Streams streams;
    private final WebhookSender sender;
    private final WebhookLimits limits;
    private final AuditLog audit;
    private final Clock clock;
    private final Map<String, Running> workers = new HashMap<>();
    private boolean closed;

    private record Running(RouteWorker worker, Thread thread) {
    }

    public WebhookDispatcher(WebhookRepository repository, Streams streams, WebhookSender sender,
                             WebhookLimits limits, AuditLog audit, Clock clock) {
        this.repository = repository;
        this.streams = streams;
        this.sender = sender;
        this.limits = limits;
        this.audit = audit;
        this.clock = clock;
    }

    public synchronized void start() {
        for (WebhookRoute route : repository.all()) {
            if (route.enabled()) {
                startWorker(route);
            }
        }
    }

    /** The route was made, changed or deleted: deliver by what is stored now. */
    public synchronized void routeChanged(String name) {
        if (closed) {
            return;
        }
        stopWorker(name);
        repository.find(name).filter(WebhookRoute::enabled).ifPresent(this::startWorker);
    }

    /** Names of routes with a running worker, for tests and metrics. */
    public synchronized java.util.Set<String> activeRoutes() {
        workers.values().removeIf(running -> !running.thread().isAlive());
        return java.util.Set.copyOf(workers.keySet());
    }

    @Override
    public synchronized void close() {
        closed = true;
        for (String name : java.util.List.copyOf(workers.keySet())) {
            stopWorker(name);
        }
    }

    private void startWorker(WebhookRoute route) {
        RouteWorker worker = new RouteWorker(route, repository, streams, sender, limits, clock, this::overflowed,
                this::refusedTarget);
        Thread thread = new Thread(worker, "bulwark-webhook-" + route.name());
        thread.setDaemon(true);
        workers.put(route.name(), new Running(worker, thread));
        thread.start();
    }

    private void stopWorker(String name) {
        Running running = workers.remove(name);
        if (running == null) {
            return;
        }
        running.worker().stop();
        running.thread().interrupt();
        if (running.thread() != Thread.currentThread()) {
            try {
                running.thread().join(STOP_WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * S-AUD-1: a delivery the SSRF guard stopped is a security-relevant refusal like a refused route; recorded once
     * per episode (the worker asks again only after a request got through), so a busy stream cannot flood the log.
     */
    private void refusedTarget(WebhookRoute route, long offset, DeliveryResult result) {
        audit.record(Actor.HUB, "webhook.deliver", route.auditTarget(), AuditOutcome.FAILURE,
                WebhookTargets.PROBLEM_TYPE + ": offset " + offset + " not sent, " + result.error());
        LOG.warn("webhook route {}: receiver address refused, messages go to the dead letters: {}", route.name(),
                result.error());
    }

    /**
     * Dropping a dead letter to make room would lose a message silently; stopping the route keeps every one and makes
     * the problem visible (the route shows disabled, the audit log says why).
     *
     * <p>The record is written before the route is disabled, so an operator who sees the route disabled always finds
     * why. If the audit write fails, the route stays enabled and the worker's loop retries the same offset later:
     * nothing was dead-lettered or skipped, so nothing is lost.
     */
    private void overflowed(WebhookRoute route) {
        audit.record(Actor.HUB, "webhook.disable", route.auditTarget(), AuditOutcome.SUCCESS,
                "dead-letter list full (" + limits.maxDeadLetters() + "); replay or purge, then enable");
        repository.setEnabled(route.name(), false);
        LOG.warn("webhook route {} disabled: its dead-letter list is full", route.name());
    }
}
