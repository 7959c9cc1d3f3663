package io.bulwark.hub.security.posture;

import io.bulwark.hub.HubException;

/** One listening socket a baseline allows: {@code tcp} or {@code udp}, and a port. */
public record AllowedPort(String protocol, int port) {

    public AllowedPort {
        if (!"tcp".equals(protocol) && !"udp".equals(protocol)) {
            throw new HubException.Invalid("invalid-baseline", "an allowed port's protocol is tcp or udp");
        }
        if (port < 0 || port > 65535) {
            throw new HubException.Invalid("invalid-baseline", "an allowed port is 0..65535");
        }
    }

    @Override
    public String toString() {
        return protocol + "/" + port;
    }
}
