package io.bulwark.hub.security.posture;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns one device's posture snapshot into its current findings: a deviation seen for the first time opens a finding,
 * one seen again refreshes it (latest evidence), and an open finding the snapshot no longer shows is closed. A device
 * without a class (or whose class was deleted) has a baseline of nothing, so its open findings close.
 */
public final class PostureChecker {

    private final PostureRepository repository;
    private final DeviceClasses classes;
    private final BaselineRules rules;
    private volatile FindingListener listener = FindingListener.NONE;

    public PostureChecker(PostureRepository repository, DeviceClasses classes, BaselineRules rules) {
        this.repository = repository;
        this.classes = classes;
        this.rules = rules;
    }

    /** Where opened and closed findings are reported, e.g. to alerts. */
    public void reportTo(FindingListener findingListener) {
        this.listener = findingListener;
    }

    /**
     * Stores the snapshot as the device's latest and returns the findings that changed state (opened or closed);
     * nothing for a device no longer in the registry.
     */
    public List<PostureFinding> check(StoredPosture posture) {
        Optional<DeviceClass> deviceClass = classes.classOf(posture.deviceId());
        List<Deviation> deviations = deviceClass
                .map(c -> rules.evaluate(posture.snapshot(), c.baseline())).orElse(List.of());
        Map<String, PostureFinding> open = new LinkedHashMap<>();
        repository.openFindings(posture.deviceId()).forEach(finding -> open.put(finding.check(), finding));
        Instant at = posture.receivedTime();
        List<PostureFinding> changed = new ArrayList<>();
        List<PostureFinding> opened = new ArrayList<>();
        for (Deviation deviation : deviations) {
            PostureFinding existing = open.remove(deviation.check());
            if (existing == null) {
                PostureFinding fresh = PostureFinding.opened(posture.deviceId(), deviation, posture.offset(), at);
                changed.add(fresh);
                opened.add(fresh);
            } else {
                changed.add(existing.seenAgain(deviation, posture.offset(), at));
            }
        }
        List<PostureFinding> closed = open.values().stream()
                .map(finding -> finding.closed(posture.offset(), at)).toList();
        changed.addAll(closed);
        if (!repository.save(posture, changed)) {
            return List.of();
        }
        opened.forEach(listener::opened);
        closed.forEach(listener::closed);
        List<PostureFinding> transitions = new ArrayList<>(opened);
        transitions.addAll(closed);
        return transitions;
    }
}
