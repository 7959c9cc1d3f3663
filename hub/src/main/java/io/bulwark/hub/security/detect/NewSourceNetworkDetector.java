package io.bulwark.hub.security.detect;

import io.bulwark.hub.security.alert.AlertSeverity;
import io.bulwark.hub.security.alert.AlertSignal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rule {@code new-source-network}: for {@code learning} after the hub first sees a device connect, the networks it
 * connects from (the /24 of an IPv4 address, the /64 of an IPv6 one) are learned; afterwards a connect from a network
 * not seen before is a medium alert (a stolen credential used elsewhere, or a device moved), and the network is then
 * known. Learned networks live in memory: a hub restart starts learning again.
 */
public final class NewSourceNetworkDetector {

    public static final String RULE = "new-source-network";
    private static final int MAX_DEVICES = 100_000;
    /** A device seen from more networks than this stops learning new ones (each still alerts once per key). */
    private static final int MAX_NETWORKS = 64;

    private static final class Known {
        final Instant firstSeen;
        final Set<String> networks = new HashSet<>();

        Known(Instant firstSeen) {
            this.firstSeen = firstSeen;
        }
    }

    private final Duration learning;
    private final Map<String, Known> devices = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Known> eldest) {
            return size() > MAX_DEVICES;
        }
    };

    public NewSourceNetworkDetector(Duration learning) {
        this.learning = learning;
    }

    public List<AlertSignal> inspect(DeviceConnect connect) {
        String network = networkOf(connect.source());
        if (network == null) {
            return List.of();
        }
        Known known = devices.computeIfAbsent(connect.deviceId(), id -> new Known(connect.time()));
        if (known.networks.contains(network)) {
            return List.of();
        }
        boolean learningNow = connect.time().isBefore(known.firstSeen.plus(learning));
        if (known.networks.size() < MAX_NETWORKS) {
            known.networks.add(network);
        }
        if (learningNow) {
            return List.of();
        }
        String summary = connect.deviceId() + " connected from " + connect.source() + ", in network " + network
                + " not seen for it before";
        return List.of(new AlertSignal(RULE, AlertSeverity.MEDIUM, RULE + ":" + connect.deviceId() + ":" + network,
                connect.deviceId(), connect.source(), summary, List.of(), connect.time()));
    }

    /** {@code 192.0.2.0/24} or {@code 2001:db8:1:2::/64}; null for anything not an address literal. */
    static String networkOf(String source) {
        if (source.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return source.substring(0, source.lastIndexOf('.')) + ".0/24";
        }
        if (source.indexOf(':') >= 0 && source.matches("[0-9A-Fa-f:.]+")) {
            try {
                byte[] bytes = java.net.InetAddress.getByName(source).getAddress();
                if (bytes.length != 16) {
                    return null;
                }
                StringBuilder prefix = new StringBuilder();
                for (int i = 0; i < 8; i += 2) {
                    prefix.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
                }
                return prefix.append(":/64").toString();
            } catch (java.net.UnknownHostException e) {
                return null;
            }
        }
        return null;
    }
}
