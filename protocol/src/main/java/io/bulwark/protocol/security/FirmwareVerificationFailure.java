package io.bulwark.protocol.security;

/** A firmware image or manifest the device refused to install, and why (bad signature, rollback, wrong hash). */
public record FirmwareVerificationFailure(String version, String reason) implements SecurityEventDetail {
    public FirmwareVerificationFailure {
        Bounded.optionalText("version", version);
        Bounded.text("reason", reason);
    }
}
