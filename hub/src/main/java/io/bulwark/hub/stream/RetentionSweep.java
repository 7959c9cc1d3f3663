package io.bulwark.hub.stream;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies each stream's retention limits; the composition root runs it periodically on a thread of its own, never
 * on the ingest path. A failed pass is logged and retried at the next tick.
 */
public final class RetentionSweep implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionSweep.class);

    private final Streams streams;
    private final StreamLimits limits;
    private final Clock clock;

    public RetentionSweep(Streams streams, StreamLimits limits, Clock clock) {
        this.streams = streams;
        this.limits = limits;
        this.clock = clock;
    }

    @Override
    public void run() {
        sweep();
    }

    /** One pass over every stream; what each pass deleted. */
    public List<RetentionResult> sweep() {
        List<RetentionResult> results = new ArrayList<>();
        for (StreamName stream : StreamName.values()) {
            try {
                RetentionResult result = streams.applyRetention(stream, limits.retention(stream), clock.instant());
                if (result.deletedMessages() > 0) {
                    LOG.info("retention deleted {} messages of the {} stream; it now starts at offset {}",
                            result.deletedMessages(), stream.wireName(), result.firstOffset());
                }
                results.add(result);
            } catch (RuntimeException e) {
                LOG.warn("retention sweep of the {} stream failed: {}", stream.wireName(),
                        e.getClass().getSimpleName());
            }
        }
        return results;
    }
}
