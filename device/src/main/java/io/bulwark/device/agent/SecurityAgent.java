package io.bulwark.device.agent;

import io.bulwark.device.agent.login.LogSource;
import io.bulwark.device.agent.posture.PostureMonitor;
import io.bulwark.device.agent.tamper.TamperInputWatcher;
import io.bulwark.device.agent.usb.UsbWatcher;
import io.bulwark.protocol.security.SecurityEvent;
import io.bulwark.protocol.security.Tamper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device security agent: posture at start and on change, USB attach and removal, local logins, a tamper input,
 * and {@link #reportTamper} for the application's own tamper signals. Every event is numbered by one
 * {@link SecurityEvents}. Usable as a library: build the parts (or let {@link AgentAssembly} build them from a
 * configuration), then {@link #start()} and, at the end, {@link #close()}.
 *
 * <p>Posture runs on its own thread, because it runs tools that may take seconds; the inputs share another, so a
 * slow {@code apt-get} never delays a USB or login event.
 */
public final class SecurityAgent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SecurityAgent.class);

    private final SecurityEvents events;
    private final PostureMonitor posture;
    private final UsbWatcher usb;
    private final LogSource logins;
    private final TamperInputWatcher tamper;
    private final AgentSchedule schedule;
    private final List<ScheduledExecutorService> threads = new ArrayList<>();

    /** {@code usb}, {@code logins} and {@code tamper} may be null when not wanted on this device. */
    public SecurityAgent(SecurityEvents events, PostureMonitor posture, UsbWatcher usb, LogSource logins,
                         TamperInputWatcher tamper, AgentSchedule schedule) {
        this.events = events;
        this.posture = posture;
        this.usb = usb;
        this.logins = logins;
        this.tamper = tamper;
        this.schedule = schedule;
    }

    /** Sends the first posture snapshot, records the USB devices present, and starts watching. */
    public synchronized void start() {
        if (!threads.isEmpty()) {
            throw new IllegalStateException("agent already started");
        }
        ScheduledExecutorService postureThread = thread("agent-posture");
        ScheduledExecutorService inputThread = thread("agent-inputs");
        every(postureThread, schedule.posture(), "posture", posture::check);
        if (usb != null) {
            every(inputThread, schedule.usb(), "usb", usb::poll);
        }
        if (logins != null) {
            every(inputThread, schedule.logins(), "logins", () -> {
                logins.poll();
                return null;
            });
        }
        if (tamper != null) {
            every(inputThread, schedule.tamper(), "tamper", tamper::poll);
        }
        LOG.info("security agent started (boot id {})", events.bootId());
    }

    /** Reports a tamper signal of the application's own (e.g. {@code cover-open}, {@code debug-port-enabled}). */
    public CompletableFuture<SecurityEvent> reportTamper(String kind, String detail) {
        return events.emit(new Tamper(kind, detail));
    }

    public String bootId() {
        return events.bootId();
    }

    @Override
    public synchronized void close() {
        threads.forEach(ScheduledExecutorService::shutdownNow);
        for (ScheduledExecutorService thread : threads) {
            try {
                thread.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        threads.clear();
        if (logins != null) {
            try {
                logins.close();
            } catch (Exception e) {
                LOG.debug("closing the login source: {}", e.toString());
            }
        }
    }

    private ScheduledExecutorService thread(String name) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        });
        threads.add(executor);
        return executor;
    }

    private interface Check {
        Object run() throws Exception;
    }

    /**
     * A failing check is tried again next time: one bad read must not stop the watcher for good. The same failure
     * repeating every second (an auth log the agent may not read) is logged once, and again when it clears.
     */
    private static void every(ScheduledExecutorService executor, Duration interval, String name, Check check) {
        String[] lastFailure = {null};
        executor.scheduleWithFixedDelay(() -> {
            try {
                check.run();
                if (lastFailure[0] != null) {
                    LOG.info("{} check works again", name);
                    lastFailure[0] = null;
                }
            } catch (Exception e) {
                if (!e.toString().equals(lastFailure[0])) {
                    LOG.warn("{} check failed (retried every {} ms): {}", name, interval.toMillis(), e.toString());
                    lastFailure[0] = e.toString();
                }
            }
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }
}
