package io.bulwark.hub.security.fleetaudit;

import java.util.List;

/** One rule of the scheduled fleet audit (S-MON-3). Each reads the hub's state and names what breaks the rule. */
public interface FleetAuditCheck {

    /** A stable name, e.g. {@code ca-expiry}; every finding of the check carries it. */
    String name();

    /** The rule in one sentence, with its thresholds, as the report shows it. */
    String rule();

    List<AuditFinding> run(AuditPeriod period);
}
