package io.bulwark.hub.security.alert;

import java.util.List;
import java.util.Optional;

/** The alerts port: one row per alert, never deleted (resolved alerts stay as history). */
public interface AlertRepository {

    /** Stores a new alert and returns its id. At most one active alert exists per dedup key. */
    long insert(Alert alert);

    /** Replaces the stored alert with the same id (count, last seen, evidence, state). */
    void update(Alert alert);

    /**
     * Inserts the alerts with id 0 and updates the others, all in one transaction (one disk sync for a burst);
     * returns the ids in the same order.
     */
    List<Long> write(List<Alert> alerts);

    Optional<Alert> find(long id);

    /** The open or acknowledged alert with this dedup key, if any. */
    Optional<Alert> findActive(String dedupKey);

    /** The active alerts of these dedup keys, in one read (keys without one are absent). */
    java.util.Map<String, Alert> findActive(java.util.Collection<String> dedupKeys);

    List<Alert> list(AlertQuery query);
}
