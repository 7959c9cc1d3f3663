package io.bulwark.hub.registry;

import io.bulwark.hub.HubException;

/** How an identity proves itself; the wire names are Azure's. */
public enum AuthenticationType {
    SAS("sas"),
    SELF_SIGNED("selfSigned"),
    CERTIFICATE_AUTHORITY("certificateAuthority");

    private final String wireName;

    AuthenticationType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static AuthenticationType fromWire(String value) {
        for (AuthenticationType type : values()) {
            if (type.wireName.equalsIgnoreCase(value)) {
                return type;
            }
        }
        throw new HubException.Invalid("invalid-authentication-type",
                "authentication.type must be 'sas', 'selfSigned' or 'certificateAuthority'");
    }
}
