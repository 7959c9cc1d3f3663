package io.bulwark.hub.c2d;

import io.bulwark.hub.registry.IdentityId;

/** The transport side: tells the identity's live connection, if any, that messages wait for it. */
public interface C2dNotifier {
    void messagesWaiting(IdentityId to);
}
