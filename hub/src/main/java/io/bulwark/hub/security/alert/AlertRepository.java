package io.bulwark.hub.security.alert;

import java.util.List;
import java.util.Optional;

/** The alerts port: one row per alert, never deleted (resolved alerts stay as history). */
public interface AlertRepository {

    /** Stores a new alert and returns its id. At most one active alert exists per dedup key. */
    long insert(Alert alert);

    /** Replaces the stored alert with the same id (count, last seen, evidence, state). */
    void update(Alert alert);

    Optional<Alert> find(long id);

    /** The open or acknowledged alert with this dedup key, if any. */
    Optional<Alert> findActive(String dedupKey);

    List<Alert> list(AlertQuery query);
}
