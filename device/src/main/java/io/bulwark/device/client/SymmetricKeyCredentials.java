package io.bulwark.device.client;

import io.bulwark.protocol.identity.IdentityRules;
import io.bulwark.protocol.sas.SasToken;
import java.time.Instant;
import java.util.Objects;

/**
 * A device's shared access key: the client signs a fresh SAS token with it for every connection, so it can renew
 * before the hub closes the connection at the token's expiry.
 *
 * @param hostName the hub's host name as in the connection string; the token's audience is
 *                 {@code {hostName}/devices/{deviceId}}
 */
public record SymmetricKeyCredentials(String hostName, String deviceId, String moduleId, byte[] key)
        implements DeviceCredentials {

    public SymmetricKeyCredentials {
        Objects.requireNonNull(hostName, "hostName");
        IdentityRules.requireValidId(deviceId, "deviceId");
        if (moduleId != null) {
            IdentityRules.requireValidId(moduleId, "moduleId");
        }
        if (key == null || key.length == 0) {
            throw new IllegalArgumentException("the shared access key must not be empty");
        }
        key = key.clone();
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    /** A token for this identity that expires at {@code expiry}. */
    SasToken tokenUntil(Instant expiry) {
        String resource = hostName + "/devices/" + deviceId + (moduleId == null ? "" : "/modules/" + moduleId);
        return SasToken.create(resource, key, expiry, null);
    }

    @Override
    public String toString() {
        return "SymmetricKeyCredentials[" + hostName + "/" + deviceId + (moduleId == null ? "" : "/" + moduleId)
                + ", key=redacted]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SymmetricKeyCredentials that && hostName.equals(that.hostName)
                && deviceId.equals(that.deviceId) && Objects.equals(moduleId, that.moduleId)
                && java.security.MessageDigest.isEqual(key, that.key);
    }

    @Override
    public int hashCode() {
        return Objects.hash(hostName, deviceId, moduleId);
    }
}
