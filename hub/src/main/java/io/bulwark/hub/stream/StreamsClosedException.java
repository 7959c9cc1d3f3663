package io.bulwark.hub.stream;

import io.bulwark.hub.store.sqlite.StoreException;

/** The streams were closed (the hub is stopping): no append can succeed any more, so none is retried. */
public final class StreamsClosedException extends StoreException {

    public StreamsClosedException() {
        super("streams are closed");
    }
}
