package io.bulwark.hub.security.detect;

import io.bulwark.hub.security.alert.AlertSignal;
import java.util.List;

/** A rule over the audit stream (what the hub itself saw: auth failures, refusals, conflicting connections). */
public interface AuditDetector {

    List<AlertSignal> inspect(AuditEntry entry);
}
