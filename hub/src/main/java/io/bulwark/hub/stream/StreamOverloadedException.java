package io.bulwark.hub.stream;

import io.bulwark.hub.store.sqlite.StoreException;

/**
 * The stream writer's queue is full: the message was not taken, and nothing is wrong with it. Unlike other store
 * failures it passes: a caller holds the message and offers it again (and stops taking more meanwhile) instead of
 * giving up on it.
 */
public final class StreamOverloadedException extends StoreException {

    public StreamOverloadedException() {
        super("stream writer is overloaded");
    }

    /** No stack trace: this is flow control, raised for every message a flood offers while the queue is full. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
