package io.bulwark.hub.http;

/**
 * How much a device has sent that its MQTT session has not consumed yet. Reading pauses when that passes the window
 * and goes on once the session has caught up to half of it, so a device that floods, or a session that stopped
 * reading on purpose (authenticating, throttled), leaves at most one window plus one frame in memory.
 *
 * <p>Pausing happens under this object's lock, so a "go on" can never overtake the pause it answers.
 */
final class ReadWindow {

    private final long size;
    private long pending;
    private boolean paused;

    ReadWindow(long size) {
        if (size < 1) {
            throw new IllegalArgumentException("the read window must be positive");
        }
        this.size = size;
    }

    /** Counts bytes handed to the session; runs {@code pause} when the window just filled up. */
    synchronized void taken(int bytes, Runnable pause) {
        pending += bytes;
        if (!paused && pending > size) {
            paused = true;
            pause.run();
        }
    }

    /** Counts bytes the session consumed; true exactly when reading was paused and may go on now. */
    synchronized boolean consumed(int bytes) {
        pending -= bytes;
        if (paused && pending <= size / 2) {
            paused = false;
            return true;
        }
        return false;
    }

    synchronized long pending() {
        return pending;
    }
}
