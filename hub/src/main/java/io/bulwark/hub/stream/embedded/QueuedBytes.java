package io.bulwark.hub.stream.embedded;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How many bytes of messages wait for the stream writer, held under a limit (S-DOS-3). The writer's queue also
 * bounds the count, but 65,536 messages of the largest size (256 KiB) are 16 GiB, more than the heap; in a flood of
 * 16 KiB messages the queue held 290 MB, which every young collection copied (pauses of up to 714 ms, a heap grown to
 * 5 GB; docs/performance-notes.md). Taken by the appending threads, given back by the writer as it takes messages off
 * the queue.
 */
final class QueuedBytes {

    private final long limit;
    private final AtomicLong queued = new AtomicLong();

    QueuedBytes(long limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("the limit is at least one byte");
        }
        this.limit = limit;
    }

    /**
     * Takes {@code size} bytes, or none and answers false when they would pass the limit. A message the size of the
     * limit or larger still goes when nothing else waits, so no message is too large to be stored at all.
     */
    boolean take(long size) {
        long after = queued.addAndGet(size);
        if (after > limit && after != size) {
            queued.addAndGet(-size);
            return false;
        }
        return true;
    }

    void release(long size) {
        queued.addAndGet(-size);
    }

    long queued() {
        return queued.get();
    }
}
