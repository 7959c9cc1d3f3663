package io.bulwark.hub.security.posture;

import io.bulwark.hub.HubException;

/**
 * A filter over posture findings; null fields do not filter.
 *
 * @param open true: open findings only; false: closed only; null: both
 */
public record FindingQuery(String deviceId, String check, Severity minimumSeverity, Boolean open, int limit) {

    public static final int MAX_LIMIT = 1000;

    public FindingQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new HubException.Invalid("invalid-page-size", "pageSize must be 1.." + MAX_LIMIT);
        }
    }
}
