package io.bulwark.device.agent.posture;

/**
 * Decodes the UEFI {@code SecureBoot} variable as efivarfs exposes it
 * ({@code /sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c}): four bytes of attributes,
 * then one data byte, 1 when Secure Boot is enforcing. Anything shorter cannot be decided (null).
 */
public final class SecureBootVariable {
    public static final String FILE_NAME = "SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c";

    public Boolean parse(byte[] content) {
        if (content.length < 5) {
            return null;
        }
        return content[4] == 1;
    }
}
