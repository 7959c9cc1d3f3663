package io.bulwark.protocol.security;

import java.util.Map;

/**
 * The application property that sends a device-to-cloud message to the {@code security} stream instead of telemetry.
 * A property rather than a topic of its own, so that stock Azure SDKs can send security events too.
 */
public final class SecurityStreamProperty {
    public static final String NAME = "bulwark-stream";
    public static final String SECURITY = "security";

    private SecurityStreamProperty() {
    }

    public static boolean marksSecurity(Map<String, String> applicationProperties) {
        return SECURITY.equals(applicationProperties.get(NAME));
    }
}
