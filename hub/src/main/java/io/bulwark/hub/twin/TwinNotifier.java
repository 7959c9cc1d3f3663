package io.bulwark.hub.twin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bulwark.hub.registry.IdentityId;

/** The transport side of twins: pushes a desired-properties patch to the identity's live connection, if any. */
public interface TwinNotifier {

    void desiredChanged(IdentityId id, ObjectNode patchWithVersion, long version);
}
