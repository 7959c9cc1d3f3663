package io.bulwark.hub.twin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bulwark.hub.audit.Actor;
import io.bulwark.hub.audit.AuditLog;
import io.bulwark.hub.audit.AuditOutcome;
import io.bulwark.hub.registry.DeviceRegistry;
import io.bulwark.hub.registry.IdentityId;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Device twins: the solution patches desired properties (audited, pushed to the connected device), the device patches
 * reported ones. Each section has its own version, raised by every change. Writes are serialised here so versions
 * never repeat.
 */
public final class TwinService {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final TwinRepository twins;
    private final DeviceRegistry registry;
    private final AuditLog audit;
    private final Clock clock;
    private volatile TwinNotifier notifier = (id, patch, version) -> { };

    public TwinService(TwinRepository twins, DeviceRegistry registry, AuditLog audit, Clock clock) {
        this.twins = twins;
        this.registry = registry;
        this.audit = audit;
        this.clock = clock;
    }

    /** The transport that pushes desired changes; set once when it has started. */
    public void notifyThrough(TwinNotifier transport) {
        this.notifier = transport;
    }

    /** The identity's twin; a device that never had one gets an empty twin at version 1. */
    public Twin get(IdentityId id) {
        registry.get(id);
        return twins.find(id).orElseGet(() -> empty(id));
    }

    public synchronized Twin patchDesired(Actor actor, IdentityId id, JsonNode patch) {
        TwinDocuments.validatePatch(patch);
        Twin current = get(id);
        ObjectNode desired = current.desired();
        ObjectNode metadata = current.desiredMetadata();
        TwinDocuments.merge(desired, patch, metadata, now());
        TwinDocuments.requireWithinSize(desired, "desired");
        long version = current.desiredVersion() + 1;
        Twin updated = new Twin(id, desired, version, metadata, current.reported(), current.reportedVersion(),
                current.reportedMetadata());
        twins.save(updated);
        audit.record(actor, "twin.update-desired", (id.isModule() ? "module:" : "device:") + id,
                AuditOutcome.SUCCESS, "desired version " + version);
        ObjectNode pushed = patch.deepCopy();
        pushed.put("$version", version);
        notifier.desiredChanged(id, pushed, version);
        return updated;
    }

    /** Applies a device's reported patch and returns the new reported version. */
    public synchronized long patchReported(IdentityId id, JsonNode patch) {
        TwinDocuments.validatePatch(patch);
        Twin current = get(id);
        ObjectNode reported = current.reported();
        ObjectNode metadata = current.reportedMetadata();
        TwinDocuments.merge(reported, patch, metadata, now());
        TwinDocuments.requireWithinSize(reported, "reported");
        long version = current.reportedVersion() + 1;
        twins.save(new Twin(id, current.desired(), current.desiredVersion(), current.desiredMetadata(), reported,
                version, metadata));
        return version;
    }

    /** What a device receives for a twin GET: both sections with their versions. */
    public ObjectNode deviceView(Twin twin) {
        ObjectNode view = NODES.objectNode();
        view.set("desired", twin.desired().put("$version", twin.desiredVersion()));
        view.set("reported", twin.reported().put("$version", twin.reportedVersion()));
        return view;
    }

    private static Twin empty(IdentityId id) {
        return new Twin(id, NODES.objectNode(), 1, NODES.objectNode(), NODES.objectNode(), 1, NODES.objectNode());
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
