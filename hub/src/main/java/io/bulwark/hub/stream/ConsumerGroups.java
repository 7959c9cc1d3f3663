package io.bulwark.hub.stream;

import io.bulwark.hub.HubException;
import io.bulwark.hub.audit.Actor;
import io.bulwark.hub.audit.AuditLog;
import io.bulwark.hub.audit.AuditOutcome;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Supplier;

/**
 * Server-side consumer cursors: a named group per stream remembers the next offset it will read, so a back end can
 * restart, or hand its work to another instance, and go on where it stopped. Commits and deletions are audited.
 */
public final class ConsumerGroups {

    private final Streams streams;
    private final AuditLog audit;
    private final Clock clock;
    private final int maxGroupsPerStream;

    public ConsumerGroups(Streams streams, AuditLog audit, Clock clock, int maxGroupsPerStream) {
        this.streams = streams;
        this.audit = audit;
        this.clock = clock;
        this.maxGroupsPerStream = maxGroupsPerStream;
    }

    public List<ConsumerCursor> list(StreamName stream) {
        return streams.cursors().list(stream);
    }

    public ConsumerCursor get(StreamName stream, ConsumerGroup group) {
        return streams.cursors().find(stream, group).orElseThrow(() -> notFound(stream, group));
    }

    /** Where the group reads next: its committed offset, or the start of the stream for a group never committed. */
    public long position(StreamName stream, ConsumerGroup group) {
        return streams.cursors().find(stream, group).map(ConsumerCursor::offset).orElse(1L);
    }

    /** Moves the group to {@code offset}, the next one it will read; creates the group on its first commit. */
    public synchronized ConsumerCursor commit(Actor actor, StreamName stream, ConsumerGroup group, long offset) {
        return audited(actor, "stream.consumer.commit", stream, group, "offset " + offset, () -> {
            long last = streams.read(new StreamQuery(stream, null, Math.max(offset, 1), 1)).lastOffset();
            if (offset < 1 || offset > last + 1) {
                throw new HubException.Invalid("invalid-offset", "offset must be from 1 to " + (last + 1)
                        + ", the offset after the newest message");
            }
            ConsumerCursors cursors = streams.cursors();
            if (cursors.find(stream, group).isEmpty() && cursors.list(stream).size() >= maxGroupsPerStream) {
                throw new HubException.LimitExceeded("consumer-group-limit", "the " + stream.wireName()
                        + " stream has " + maxGroupsPerStream + " consumer groups already; delete one first");
            }
            ConsumerCursor cursor = new ConsumerCursor(stream, group, offset,
                    clock.instant().truncatedTo(ChronoUnit.MILLIS));
            cursors.save(cursor);
            return cursor;
        });
    }

    public synchronized void delete(Actor actor, StreamName stream, ConsumerGroup group) {
        audited(actor, "stream.consumer.delete", stream, group, "", () -> {
            if (!streams.cursors().delete(stream, group)) {
                throw notFound(stream, group);
            }
            return null;
        });
    }

    private <T> T audited(Actor actor, String action, StreamName stream, ConsumerGroup group, String detail,
                          Supplier<T> work) {
        String target = "stream:" + stream.wireName() + "/consumer:" + group.name();
        try {
            T result = work.get();
            audit.record(actor, action, target, AuditOutcome.SUCCESS, detail);
            return result;
        } catch (HubException e) {
            audit.record(actor, action, target, AuditOutcome.FAILURE, e.type());
            throw e;
        }
    }

    private static HubException.NotFound notFound(StreamName stream, ConsumerGroup group) {
        return new HubException.NotFound("consumer-group-not-found", "the " + stream.wireName()
                + " stream has no consumer group " + group.name());
    }
}
