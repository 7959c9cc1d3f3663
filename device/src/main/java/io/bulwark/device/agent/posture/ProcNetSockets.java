package io.bulwark.device.agent.posture;

import io.bulwark.protocol.net.Ipv6Text;
import io.bulwark.protocol.security.PostureSnapshot.ListeningPort;
import java.util.ArrayList;
import java.util.List;

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
            return new ListeningPort(protocol, ipVersion, ipVersion == 4 ? ipv4(address) : ipv6(address), port);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String ipv4(byte[] a) {
        return (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + "." + (a[3] & 0xff);
    }

    /** RFC 5952 text: lower case, the longest run of two or more zero groups as {@code ::}, mapped IPv4 dotted. */
    static String ipv6(byte[] a) {
        boolean mapped = true;
        for (int i = 0; i < 10; i++) {
            mapped &= a[i] == 0;
        }
        if (mapped && (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff) {
            return "::ffff:" + ipv4(new byte[] {a[12], a[13], a[14], a[15]});
        }
        return Ipv6Text.of(a);
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
