package io.bulwark.hub.registry;

import io.bulwark.hub.HubException;

/** How one identity authenticates: exactly the credentials its type needs, nothing more. */
public record Authentication(AuthenticationType type, SymmetricKeys symmetricKey, X509Thumbprints x509Thumbprint) {

    public Authentication {
        if (type == null) {
            throw new HubException.Invalid("invalid-authentication-type", "authentication.type is required");
        }
        switch (type) {
            case SAS -> {
                if (symmetricKey == null) {
                    throw new HubException.Invalid("invalid-key", "sas authentication needs symmetric keys");
                }
                x509Thumbprint = null;
            }
            case SELF_SIGNED -> {
                if (x509Thumbprint == null) {
                    throw new HubException.Invalid("invalid-thumbprint", "selfSigned authentication needs thumbprints");
                }
                symmetricKey = null;
            }
            case CERTIFICATE_AUTHORITY -> {
                symmetricKey = null;
                x509Thumbprint = null;
            }
        }
    }

    public static Authentication sas(SymmetricKeys keys) {
        return new Authentication(AuthenticationType.SAS, keys, null);
    }
}
