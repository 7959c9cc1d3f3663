package io.bulwark.hub.twin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bulwark.hub.registry.IdentityId;
import java.util.Objects;

/**
 * The properties half of a device twin: what the solution wants ({@code desired}) and what the device says
 * ({@code reported}), each with its own version and last-updated metadata. Nodes are never shared: the accessors
 * hand out copies.
 */
public record Twin(IdentityId id, ObjectNode desired, long desiredVersion, ObjectNode desiredMetadata,
                   ObjectNode reported, long reportedVersion, ObjectNode reportedMetadata) {

    public Twin {
        Objects.requireNonNull(id, "id");
        desired = desired.deepCopy();
        desiredMetadata = desiredMetadata.deepCopy();
        reported = reported.deepCopy();
        reportedMetadata = reportedMetadata.deepCopy();
    }

    @Override
    public ObjectNode desired() {
        return desired.deepCopy();
    }

    @Override
    public ObjectNode desiredMetadata() {
        return desiredMetadata.deepCopy();
    }

    @Override
    public ObjectNode reported() {
        return reported.deepCopy();
    }

    @Override
    public ObjectNode reportedMetadata() {
        return reportedMetadata.deepCopy();
    }
}
