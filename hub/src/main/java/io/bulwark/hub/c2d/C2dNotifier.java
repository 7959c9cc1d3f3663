package io.bulwark.hub.c2d;

/** The transport side: hands a message just queued to its identity's live connection, if there is one. */
public interface C2dNotifier {

    /**
     * Called once {@code message} is durable, with its queue sequence, in queue order: no message queued after it is
     * handed over first. Runs while the store waits, so it must only pass the message on, never block.
     */
    void messageQueued(C2dMessage message);
}
