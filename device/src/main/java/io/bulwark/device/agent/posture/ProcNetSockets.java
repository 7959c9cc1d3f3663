package io.bulwark.device.agent.posture;

import io.bulwark.protocol.security.PostureSnapshot.ListeningPort;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses the socket tables {@code /proc/net/tcp}, {@code tcp6}, {@code udp}, {@code udp6} into the sockets that
 * accept traffic from outside: TCP in state {@code 0A} (LISTEN), UDP in state {@code 07} (bound, unconnected).
 *
 * <p>Addresses are hexadecimal in the kernel's byte order: IPv4 one 32-bit word, IPv6 four words, each word printed
 * as the host sees it. On little-endian machines (x86, most ARM) every word is byte-reversed, so {@code 0100007F} is
 * 127.0.0.1 and {@code ::1} is {@code 00000000000000000000000001000000}.
 */
public final class ProcNetSockets {
    static final String TCP_LISTEN = "0A";
    static final String UDP_UNCONNECTED = "07";

    private final boolean littleEndian;

    public ProcNetSockets(boolean littleEndian) {
        this.littleEndian = littleEndian;
    }

    public static ProcNetSockets forThisMachine() {
        return new ProcNetSockets(java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN);
    }

    /** {@code protocol} is tcp or udp; {@code ipVersion} 4 or 6, as the file name says. Bad lines are skipped. */
    public List<ListeningPort> parse(String protocol, int ipVersion, String content) {
        String wantedState = "tcp".equals(protocol) ? TCP_LISTEN : UDP_UNCONNECTED;
        List<ListeningPort> ports = new ArrayList<>();
        for (String line : content.split("\n")) {
            String[] fields = line.strip().split("\\s+");
            // sl local_address rem_address st ...; the header line's "local_address" has no colon-separated hex.
            if (fields.length < 4 || !fields[0].endsWith(":") || !wantedState.equalsIgnoreCase(fields[3])) {
                continue;
            }
            ListeningPort port = parseLocal(protocol, ipVersion, fields[1]);
            if (port != null) {
                ports.add(port);
            }
        }
        return ports;
    }

    private ListeningPort parseLocal(String protocol, int ipVersion, String local) {
        int colon = local.indexOf(':');
        int hexDigits = ipVersion == 4 ? 8 : 32;
        if (colon != hexDigits || local.length() != colon + 5) {
            return null;
        }
        try {
            byte[] address = addressBytes(local.substring(0, colon));
            int port = Integer.parseInt(local.substring(colon + 1), 16);
            return new ListeningPort(protocol, ipVersion, InetAddress.getByAddress(address).getHostAddress()
                    .toLowerCase(Locale.ROOT), port);
        } catch (NumberFormatException | UnknownHostException e) {
            return null;
        }
    }

    private byte[] addressBytes(String hex) {
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                int source = littleEndian ? word * 4 + (3 - i) : word * 4 + i;
                bytes[word * 4 + i] = (byte) Integer.parseInt(hex.substring(source * 2, source * 2 + 2), 16);
            }
        }
        return bytes;
    }
}
