package io.bulwark.hub.mqtt;

import io.bulwark.hub.HubLimits;
import io.bulwark.hub.audit.Actor;
import io.bulwark.hub.audit.AuditLog;
import io.bulwark.hub.audit.AuditOutcome;
import io.netty.channel.ChannelHandlerContext;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * S-DOS-3: a device over its message or byte rate is slowed down, not cut off. Its messages wait their turn (and with
 * them their PUBACKs), and the hub stops reading its connection until the rate allows more, so TCP pushes back on the
 * device and nothing is lost. Recorded at most once a minute
 * per connection. Lives on the connection's event loop.
 */
final class PublishThrottle {

    private static final long AUDIT_INTERVAL = TimeUnit.MINUTES.toNanos(1);

    private final HubLimits limits;
    private final AuditLog audit;
    private final Executor io;
    private final Actor device;
    private final ReadGate reading;
    private final TokenBucket messages;
    private final TokenBucket bytes;
    private boolean audited;
    private long lastAudit;
    /** When the debt of everything read so far is paid; reading stays paused until then. */
    private long pausedUntil;
    private boolean resumeScheduled;

    private final LongSupplier nanoClock;

    PublishThrottle(HubLimits limits, AuditLog audit, Executor io, Actor device, ReadGate reading) {
        this(limits, audit, io, device, reading, System::nanoTime);
    }

    /** {@code nanoClock} is {@link System#nanoTime()} but in tests. */
    PublishThrottle(HubLimits limits, AuditLog audit, Executor io, Actor device, ReadGate reading,
                    LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.limits = limits;
        this.reading = reading;
        this.audit = audit;
        this.io = io;
        this.device = device;
        long now = nanoClock.getAsLong();
        this.messages = new TokenBucket(limits.deviceMessagesPerSecond(), limits.deviceMessagesPerSecond(), now);
        this.bytes = new TokenBucket(limits.deviceBytesPerSecond(), limits.deviceBytesPerSecond(), now);
    }

    /**
     * Counts a publish; returns how long (in nanoseconds) to hold it before handling it, 0 when within the rates.
     * Packets already read are held rather than dropped; reading stops until the debt is paid.
     */
    long onPublish(ChannelHandlerContext ctx, int payloadBytes) {
        long now = nanoClock.getAsLong();
        long wait = Math.max(messages.take(1, now), bytes.take(payloadBytes, now));
        if (wait <= 0) {
            return 0;
        }
        // One read can decode many publishes, each deeper in debt: reading resumes when the last one's debt is paid,
        // not when the first one's is (which let a flat-out device run up an unbounded queue of held messages).
        pausedUntil = Math.max(pausedUntil, now + wait);
        reading.pause(ReadGate.Reason.RATE);
        if (!resumeScheduled) {
            resumeScheduled = true;
            ctx.executor().schedule(() -> resumeWhenPaid(ctx), wait, TimeUnit.NANOSECONDS);
        }
        if (!audited || now - lastAudit > AUDIT_INTERVAL) {
            audited = true;
            lastAudit = now;
            io.execute(() -> audit.record(device, "mqtt.throttled", device.name(), AuditOutcome.DENIED,
                    "over " + limits.deviceMessagesPerSecond() + " messages or " + limits.deviceBytesPerSecond()
                            + " bytes per second"));
        }
        return wait;
    }

    private void resumeWhenPaid(ChannelHandlerContext ctx) {
        long left = pausedUntil - nanoClock.getAsLong();
        if (left > 0) {
            ctx.executor().schedule(() -> resumeWhenPaid(ctx), left, TimeUnit.NANOSECONDS);
            return;
        }
        resumeScheduled = false;
        reading.resume(ReadGate.Reason.RATE);
    }
}
