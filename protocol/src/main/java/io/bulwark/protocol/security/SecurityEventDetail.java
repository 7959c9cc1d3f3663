package io.bulwark.protocol.security;

/** What happened, in the shape its {@link SecurityEventType} defines. */
public sealed interface SecurityEventDetail
        permits Tamper, PhysicalAccess, LoginAttempt, PostureSnapshot, FirmwareVerificationFailure {
}
