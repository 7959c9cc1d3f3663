package io.bulwark.hub.security;

import java.util.List;
import java.util.Objects;

/**
 * Source addresses the blocklist never slows or blocks. The default is loopback: with forwarding headers distrusted
 * (a client can write them), every connection through a reverse proxy on the hub's host comes from loopback, and
 * blocking it would lock everyone out. Entries are exact addresses or {@code loopback}.
 */
public record SourceExemptions(List<String> sources) {

    public static final String LOOPBACK = "loopback";
    public static final SourceExemptions LOOPBACK_ONLY = new SourceExemptions(List.of(LOOPBACK));
    public static final SourceExemptions NONE = new SourceExemptions(List.of());

    public SourceExemptions {
        sources = List.copyOf(Objects.requireNonNull(sources, "sources"));
    }

    public boolean covers(String source) {
        if (source == null) {
            return false;
        }
        if (sources.contains(LOOPBACK) && isLoopback(source)) {
            return true;
        }
        return sources.contains(source);
    }

    private static boolean isLoopback(String address) {
        return address.startsWith("127.") || address.equals("::1") || address.equals("0:0:0:0:0:0:0:1");
    }
}
