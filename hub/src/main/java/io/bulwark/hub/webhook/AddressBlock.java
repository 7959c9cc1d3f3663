package io.bulwark.hub.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A range of IP addresses in CIDR form ({@code 10.0.0.0/8}, {@code fc00::/7}). The network is kept as written and
 * must have no bits set past its prefix: {@code 10.1.2.3/8} is refused rather than read as {@code 10.0.0.0/8}, so a
 * mistyped allowance never opens more (or other) addresses than its author thinks it does.
 */
public record AddressBlock(InetAddress network, int prefixLength) {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    public AddressBlock {
        Objects.requireNonNull(network, "network");
        int bits = network.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException("a prefix length is 0.." + bits + " for " + network.getHostAddress());
        }
        byte[] address = network.getAddress();
        for (int bit = prefixLength; bit < bits; bit++) {
            if ((address[bit / 8] & (0x80 >>> (bit % 8))) != 0) {
                throw new IllegalArgumentException(network.getHostAddress() + "/" + prefixLength
                        + " has address bits set past its prefix");
            }
        }
    }

    /**
     * {@code address/prefix}, or a lone address for exactly that address. Only numeric IPv4 dotted quads and IPv6
     * literals are read, never a host name: parsing a setting must not ask DNS anything.
     */
    public static AddressBlock parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        InetAddress network = literal(address).orElseThrow(() -> new IllegalArgumentException("'" + address
                + "' is not an IPv4 or IPv6 address"));
        int bits = network.getAddress().length * 8;
        if (slash < 0) {
            return new AddressBlock(network, bits);
        }
        String prefix = trimmed.substring(slash + 1);
        if (!prefix.matches("\\d{1,3}")) {
            throw new IllegalArgumentException("'" + trimmed + "' has no prefix length after the /");
        }
        return new AddressBlock(network, Integer.parseInt(prefix));
    }

    public boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        byte[] mine = network.getAddress();
        if (candidate.length != mine.length) {
            return false;
        }
        int whole = prefixLength / 8;
        for (int i = 0; i < whole; i++) {
            if (candidate[i] != mine[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (candidate[whole] & mask) == (mine[whole] & mask);
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefixLength;
    }

    /**
     * The address an IPv4 dotted quad or an IPv6 literal (without brackets) stands for; empty for anything else,
     * host names included, which are never looked up here.
     */
    public static Optional<InetAddress> literal(String text) {
        boolean v4 = IPV4.matcher(text).matches();
        if (!v4 && !IPV6.matcher(text).matches()) {
            return Optional.empty();
        }
        if (v4) {
            for (String part : text.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return Optional.empty();
                }
            }
        }
        try {
            // Text of these characters only is parsed as a literal, never sent to a resolver.
            return Optional.of(InetAddress.getByName(text));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
