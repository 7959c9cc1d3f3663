package io.bulwark.device.client;

/**
 * Where a device keeps its credentials. {@link Pkcs12CredentialStore} keeps them in an encrypted PKCS#12 file; a
 * PKCS#11 token or a TPM can implement the same interface later (for X.509 such an implementation returns
 * credentials whose private key never leaves the hardware).
 */
public interface CredentialStore {

    DeviceCredentials load();

    void save(DeviceCredentials credentials);
}
