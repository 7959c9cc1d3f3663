package io.bulwark.hub.mqtt;

/**
 * S-DOS-3, the in-flight window: at most this many of one connection's messages wait for the stream writer at once.
 * When the window is full the hub stops reading the connection, and reads again once half of it has become durable,
 * so a hub whose disk falls behind pushes back on devices through TCP instead of queueing without bound (or failing
 * appends and dropping connections). Lives on the connection's event loop.
 */
final class DurabilityWindow {

    private final int size;
    private final ReadGate reading;
    private int waiting;

    DurabilityWindow(int size, ReadGate reading) {
        if (size < 1) {
            throw new IllegalArgumentException("the in-flight window must hold at least one message");
        }
        this.size = size;
        this.reading = reading;
    }

    /** A message was handed to the stream writer. */
    void appended() {
        waiting++;
        if (waiting >= size) {
            reading.pause(ReadGate.Reason.DURABILITY);
        }
    }

    /** A message's append completed, durable or failed. */
    void settled() {
        waiting--;
        if (waiting <= size / 2) {
            reading.resume(ReadGate.Reason.DURABILITY);
        }
    }

    int waiting() {
        return waiting;
    }
}
