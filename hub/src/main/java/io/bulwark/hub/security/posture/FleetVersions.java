package io.bulwark.hub.security.posture;

import io.bulwark.protocol.security.PostureSnapshot;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The fleet by version, from every device's latest posture: which devices run which OS (id and version), kernel and
 * firmware. A value the agent could not read is grouped under {@value #UNKNOWN}.
 */
public final class FleetVersions {

    public static final String UNKNOWN = "unknown";

    /** One version and the devices that run it, by device id. */
    public record Group(String version, List<String> devices) {
        public Group {
            devices = List.copyOf(devices);
        }

        public int count() {
            return devices.size();
        }
    }

    /** The three views; each list of groups is ordered by version text. */
    public record View(int devices, List<Group> operatingSystems, List<Group> kernels, List<Group> firmware) {
    }

    private final PostureRepository postures;

    public FleetVersions(PostureRepository postures) {
        this.postures = postures;
    }

    public View view() {
        List<StoredPosture> all = postures.allLatest();
        return new View(all.size(), groups(all, FleetVersions::operatingSystem),
                groups(all, posture -> known(posture.snapshot().kernel())),
                groups(all, posture -> known(posture.snapshot().firmwareVersion())));
    }

    private static String operatingSystem(StoredPosture posture) {
        PostureSnapshot.OperatingSystem os = posture.snapshot().os();
        if (os == null || os.id() == null) {
            return UNKNOWN;
        }
        return os.id() + " " + known(os.version());
    }

    private static String known(String value) {
        return value == null ? UNKNOWN : value;
    }

    private static List<Group> groups(List<StoredPosture> all, Function<StoredPosture, String> key) {
        Map<String, TreeSet<String>> byVersion = new TreeMap<>();
        for (StoredPosture posture : all) {
            byVersion.computeIfAbsent(key.apply(posture), version -> new TreeSet<>()).add(posture.deviceId());
        }
        return byVersion.entrySet().stream().map(entry -> new Group(entry.getKey(), List.copyOf(entry.getValue())))
                .toList();
    }
}
