package io.bulwark.device.client;

/**
 * What proves a device's identity to the hub. Implementations never show their secret in {@code toString}.
 */
public sealed interface DeviceCredentials permits SymmetricKeyCredentials, SasTokenCredentials, X509Credentials {

    String deviceId();

    /** Null for a device's own identity. */
    String moduleId();
}
