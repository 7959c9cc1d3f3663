package io.bulwark.hub.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * The address ranges a webhook must not reach unless an operator allows them: everything the IANA special-purpose
 * registries mark as not globally reachable (private, loopback, link-local with the cloud metadata address
 * 169.254.169.254, CGNAT, unique-local, documentation, benchmarking, reserved), plus multicast and the unspecified
 * address. A hub usually sits inside the network it serves; without this list a caller who may create a webhook
 * could make the hub POST to its neighbours, its own admin ports or the metadata service that hands out cloud
 * credentials (server-side request forgery).
 *
 * <p>IPv6 forms that carry an IPv4 address (IPv4-mapped {@code ::ffff:a.b.c.d}, NAT64 {@code 64:ff9b::a.b.c.d},
 * 6to4 {@code 2002:AABB:CCDD::}) are judged by the IPv4 address inside as well, since a host or a gateway on the way
 * turns them into it.
 */
public final class NonPublicAddresses {

    /** A non-public range and the word for it an error message shows. */
    public record Range(AddressBlock block, String kind) {
    }

    private static final List<Range> RANGES = List.of(
            range("0.0.0.0/8", "this-network"),
            range("10.0.0.0/8", "private"),
            range("100.64.0.0/10", "shared (CGNAT)"),
            range("127.0.0.0/8", "loopback"),
            range("169.254.0.0/16", "link-local (cloud metadata)"),
            range("172.16.0.0/12", "private"),
            range("192.0.0.0/24", "IETF protocol assignments"),
            range("192.0.2.0/24", "documentation"),
            range("192.88.99.0/24", "6to4 relay"),
            range("192.168.0.0/16", "private"),
            range("198.18.0.0/15", "benchmarking"),
            range("198.51.100.0/24", "documentation"),
            range("203.0.113.0/24", "documentation"),
            range("224.0.0.0/4", "multicast"),
            range("240.0.0.0/4", "reserved"),
            range("::/128", "unspecified"),
            range("::1/128", "loopback"),
            range("::/96", "IPv4-compatible"),
            range("64:ff9b:1::/48", "local NAT64"),
            range("100::/64", "discard-only"),
            range("2001::/32", "Teredo"),
            range("2001:2::/48", "benchmarking"),
            range("2001:10::/28", "ORCHID"),
            range("2001:db8::/32", "documentation"),
            range("3fff::/20", "documentation"),
            range("fc00::/7", "unique-local"),
            range("fe80::/10", "link-local"),
            range("fec0::/10", "site-local"),
            range("ff00::/8", "multicast"));

    private static final AddressBlock NAT64 = AddressBlock.parse("64:ff9b::/96");
    private static final AddressBlock SIX_TO_FOUR = AddressBlock.parse("2002::/16");

    private NonPublicAddresses() {
    }

    /** The non-public range holding the address (or the IPv4 address inside it); empty for a public address. */
    public static Optional<Range> rangeOf(InetAddress address) {
        for (InetAddress form : formsOf(address)) {
            for (Range range : RANGES) {
                if (range.block().contains(form)) {
                    return Optional.of(range);
                }
            }
        }
        return Optional.empty();
    }

    private static List<InetAddress> formsOf(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return List.of(address);
        }
        byte[] bytes = address.getAddress();
        if (isIpv4Mapped(bytes) || NAT64.contains(address)) {
            return List.of(address, ipv4(bytes, 12));
        }
        if (SIX_TO_FOUR.contains(address)) {
            return List.of(address, ipv4(bytes, 2));
        }
        return List.of(address);
    }

    /** Java turns {@code ::ffff:a.b.c.d} text into an IPv4 address, but an Inet6Address can still hold the form. */
    private static boolean isIpv4Mapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xFF && bytes[11] == (byte) 0xFF;
    }

    private static InetAddress ipv4(byte[] bytes, int from) {
        try {
            return Inet4Address.getByAddress(new byte[] {bytes[from], bytes[from + 1], bytes[from + 2],
                    bytes[from + 3]});
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes always make an IPv4 address", e);
        }
    }

    private static Range range(String cidr, String kind) {
        return new Range(AddressBlock.parse(cidr), kind);
    }
}
