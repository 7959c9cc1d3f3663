package io.bulwark.protocol.net;

/** The canonical text of an IPv6 address (RFC 5952), which the JDK's {@code getHostAddress} does not write. */
public final class Ipv6Text {

    private Ipv6Text() {
    }

    /** Lower-case hex, no leading zeros, the longest run of two or more zero groups (the first of equals) as "::". */
    public static String of(byte[] octets) {
        if (octets.length != 16) {
            throw new IllegalArgumentException("an IPv6 address is 16 bytes, not " + octets.length);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((octets[2 * i] & 0xff) << 8) | (octets[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; i++) {
            int length = 0;
            while (i + length < 8 && groups[i + length] == 0) {
                length++;
            }
            if (length > bestLength) {
                bestStart = i;
                bestLength = length;
            }
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }
}
