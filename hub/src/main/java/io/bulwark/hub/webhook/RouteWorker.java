package io.bulwark.hub.webhook;

import io.bulwark.hub.stream.StoredMessage;
import io.bulwark.hub.stream.Streams;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one route's messages, in offset order, on a thread of its own so that a slow or dead receiver holds up
 * only its own route. The stored position moves past a message only once it was delivered (2xx), skipped by the
 * filter, or moved to the dead letters: a crash or a stop in between means the message is sent again (at least once).
 */
final class RouteWorker implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(RouteWorker.class);
    private static final int BATCH = 100;

    private final WebhookRoute route;
    private final WebhookRepository repository;
    private final Streams streams;
    private final WebhookSender sender;
    private final WebhookLimits limits;
    private final Clock clock;
    private final DeadLetterOverflow overflow;
    private final TargetRefusal refusal;
    private final RandomGenerator random = new SecureRandom();
    private volatile boolean running = true;
    /** From a refused receiver address until a request gets through again: one audit record per episode. */
    private boolean refusing;

    /** What to do when the route's dead-letter list is full. */
    interface DeadLetterOverflow {
        void full(WebhookRoute route);
    }

    /** What to do when the receiver's address is refused at delivery (SSRF guard: a name now resolving privately). */
    interface TargetRefusal {
        void refused(WebhookRoute route, long offset, DeliveryResult result);
    }

    RouteWorker(WebhookRoute route, WebhookRepository repository, Streams streams, WebhookSender sender,
                WebhookLimits limits, Clock clock, DeadLetterOverflow overflow, TargetRefusal refusal) {
        this.route = route;
        this.repository = repository;
        this.streams = streams;
        this.sender = sender;
        this.limits = limits;
        this.clock = clock;
        this.overflow = overflow;
        this.refusal = refusal;
    }

    void stop() {
        running = false;
    }

    @Override
    public void run() {
        while (running && !Thread.currentThread().isInterrupted()) {
            try {
                if (!deliverNextBatch()) {
                    pause(limits.pollInterval());
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // A store or stream failure: nothing moved, so waiting and reading again loses nothing.
                LOG.warn("webhook route {}: delivery loop failed ({}), retrying", route.name(),
                        e.getClass().getSimpleName());
                try {
                    pause(limits.backoff().ceiling().compareTo(Duration.ofSeconds(5)) < 0
                            ? limits.backoff().ceiling() : Duration.ofSeconds(5));
                } catch (InterruptedException stopped) {
                    return;
                }
            }
        }
    }

    /** False when there was nothing new to deliver. */
    private boolean deliverNextBatch() throws InterruptedException {
        long position = repository.position(route.name());
        List<StoredMessage> batch = streams.read(route.stream(), position + 1, BATCH);
        if (batch.isEmpty()) {
            return false;
        }
        long skippedTo = position;
        for (StoredMessage stored : batch) {
            if (!running) {
                break;
            }
            if (!route.filter().matches(stored.message())) {
                skippedTo = stored.offset();
                continue;
            }
            if (!deliver(stored)) {
                return true;
            }
            skippedTo = stored.offset();
        }
        if (skippedTo > repository.position(route.name())) {
            repository.advance(route.name(), skippedTo);
        }
        return true;
    }

    /** True when the message is done with (delivered or dead-lettered); false when the route must stop. */
    private boolean deliver(StoredMessage stored) throws InterruptedException {
        byte[] payload = WebhookPayload.of(route, stored);
        for (int attempt = 1; running; attempt++) {
            WebhookSecret secret = repository.secret(route.name()).orElse(null);
            if (secret == null) {
                // Deleted under us; the dispatcher is about to stop this worker.
                running = false;
                return false;
            }
            DeliveryResult result = sender.send(new WebhookRequest(route, stored.offset(), payload, attempt),
                    secret);
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException();
            }
            if (result.targetRefused() && !refusing) {
                refusal.refused(route, stored.offset(), result);
            }
            refusing = result.targetRefused();
            if (result.delivered()) {
                repository.advance(route.name(), stored.offset());
                return true;
            }
            if (result.kind() == DeliveryResult.Kind.PERMANENT || attempt >= route.maxAttempts()) {
                return deadLetter(stored, payload, attempt, result);
            }
            pause(limits.backoff().delayAfter(attempt, result.retryAfter(), random));
        }
        return false;
    }

    private boolean deadLetter(StoredMessage stored, byte[] payload, int attempts, DeliveryResult result) {
        if (repository.countDeadLetters(route.name()) >= limits.maxDeadLetters()) {
            overflow.full(route);
            running = false;
            return false;
        }
        repository.deadLetter(new DeadLetter(0, route.name(), stored.offset(), stored.message().deviceId(),
                clock.instant().truncatedTo(ChronoUnit.MILLIS), attempts, result.status(), result.error(), payload),
                stored.offset());
        LOG.warn("webhook route {}: offset {} moved to the dead letters after {} attempt(s): {}", route.name(),
                stored.offset(), attempts, result.error());
        return true;
    }

    private void pause(Duration duration) throws InterruptedException {
        Thread.sleep(Math.max(1, duration.toMillis()));
    }
}
