package io.bulwark.hub;

import java.nio.file.Path;

/**
 * Where everything of one hub lives inside its data folder. The hub and the CLI both find files through this record,
 * so the layout is written down once.
 */
public record DataFolder(Path root) {

    public Path database() {
        return root.resolve("hub.db");
    }

    /** The embedded streams (telemetry, security, audit), apart from the registry so traffic never waits on it. */
    public Path streams() {
        return root.resolve("streams.db");
    }

    public Path masterKey() {
        return root.resolve("master.key");
    }

    public Path caCertificate() {
        return root.resolve("ca.crt.pem");
    }

    public Path auditHead() {
        return root.resolve("audit.head");
    }

    /** Connection strings of the built-in policies, one file each, written once at first start. */
    public Path credentials() {
        return root.resolve("credentials");
    }

    public Path policyConnectionString(String policyName) {
        return credentials().resolve(policyName + ".connection-string");
    }

    /** Written by a running hub: its ports and host name, so the CLI can find it. */
    public Path runtimeInfo() {
        return root.resolve("hub.json");
    }
}
