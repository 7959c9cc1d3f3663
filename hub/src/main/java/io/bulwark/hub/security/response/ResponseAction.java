package io.bulwark.hub.security.response;

import io.bulwark.hub.HubException;

/** What an operator can do from an alert, each through the core service that owns it. */
public enum ResponseAction {
    /** Disable the alert's device: live sessions close, new connects are refused (S-AUTH-6). */
    DISABLE_DEVICE("disableDevice"),
    /** Replace both keys of the alert's device: sessions opened with the old keys close. */
    REGENERATE_KEY("regenerateKey"),
    /** Revoke the alert's device certificate (its registered thumbprints, or the one named). */
    REVOKE_CERTIFICATE("revokeCertificate"),
    /** Block the alert's source address for a period. */
    BLOCK_SOURCE("blockSource");

    private final String wireName;

    ResponseAction(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static ResponseAction fromWire(String value) {
        for (ResponseAction action : values()) {
            if (action.wireName.equals(value)) {
                return action;
            }
        }
        throw new HubException.Invalid("invalid-action",
                "action is disableDevice, regenerateKey, revokeCertificate or blockSource");
    }
}
