package io.bulwark.hub.security.posture;

import java.util.List;
import java.util.Optional;

/** Storage port of the latest posture per device and the posture findings. Writes are durable on return. */
public interface PostureRepository {

    /**
     * Stores a device's latest snapshot and its findings (opened, refreshed or closed) in one transaction, unless the
     * device is no longer in the registry: a snapshot read from the stream after its device was deleted must not
     * bring back what the deletion purged. Returns whether it stored anything.
     */
    boolean save(StoredPosture posture, List<PostureFinding> changedFindings);

    /** Removes a device's latest posture and all its findings, open and closed (S-DATA-3, on device deletion). */
    void forget(String deviceId);

    Optional<StoredPosture> latest(String deviceId);

    /** The latest snapshot of every device still in the registry, by device id. */
    List<StoredPosture> allLatest();

    /** The device's open findings, by check name. */
    List<PostureFinding> openFindings(String deviceId);

    /** Findings of devices still in the registry matching the query, open ones first, then by device and check. */
    List<PostureFinding> findings(FindingQuery query);
}
