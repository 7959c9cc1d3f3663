package io.bulwark.hub.security.fleetaudit;

import java.util.List;
import java.util.Optional;

/** Storage port of the fleet audit reports. Writes are durable on return. */
public interface FleetAuditRepository {

    /** Creates the report or replaces the stored one of the same id. */
    void save(FleetAuditReport report);

    Optional<FleetAuditReport> find(String id);

    /** The newest reports first, at most {@code limit}. */
    List<FleetAuditReport> list(int limit);

    /** Deletes all but the newest {@code keep} reports. */
    void prune(int keep);
}
