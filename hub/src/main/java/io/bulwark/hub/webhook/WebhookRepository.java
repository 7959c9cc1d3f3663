package io.bulwark.hub.webhook;

import java.util.List;
import java.util.Optional;

/**
 * Storage port of webhook routes, their sealed secrets, their positions in their streams and their dead letters.
 * Writes are durable on return. The secret is the implementation's to protect at rest (S-DATA-2).
 */
public interface WebhookRepository {

    /** Stores a new route at position {@code startOffset - 1}; false if the name is taken. */
    boolean insert(WebhookRoute route, WebhookSecret secret, long startOffset);

    Optional<WebhookRoute> find(String name);

    List<WebhookRoute> all();

    int count();

    /** Deletes the route, its position and its dead letters; false if there was none. */
    boolean delete(String name);

    boolean setEnabled(String name, boolean enabled);

    boolean replaceSecret(String name, WebhookSecret secret);

    Optional<WebhookSecret> secret(String name);

    /** The offset of the last message the route is done with (delivered, skipped by its filter, or dead-lettered). */
    long position(String name);

    void advance(String name, long offset);

    /** Stores the dead letter and moves the position past it, in one transaction. */
    DeadLetter deadLetter(DeadLetter letter, long newPosition);

    List<DeadLetter> deadLetters(String route, long afterId, int limit);

    Optional<DeadLetter> findDeadLetter(String route, long id);

    boolean removeDeadLetter(String route, long id);

    /** Records another failed attempt (a replay) of a dead letter. */
    void updateDeadLetter(DeadLetter letter);

    int countDeadLetters(String route);
}
