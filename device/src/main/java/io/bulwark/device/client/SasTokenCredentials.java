package io.bulwark.device.client;

import io.bulwark.protocol.identity.IdentityRules;
import io.bulwark.protocol.sas.SasToken;
import java.util.Objects;

/**
 * A ready-made SAS token ({@code SharedAccessSignature=} in a connection string). The client cannot renew it: when
 * it expires the hub closes the connection and the client closes with {@code TOKEN_EXPIRED}. Prefer a key.
 */
public record SasTokenCredentials(String hostName, String deviceId, String moduleId, SasToken token)
        implements DeviceCredentials {

    public SasTokenCredentials {
        Objects.requireNonNull(hostName, "hostName");
        IdentityRules.requireValidId(deviceId, "deviceId");
        if (moduleId != null) {
            IdentityRules.requireValidId(moduleId, "moduleId");
        }
        Objects.requireNonNull(token, "token");
    }

    @Override
    public String toString() {
        return "SasTokenCredentials[" + hostName + "/" + deviceId + ", " + token + "]";
    }
}
