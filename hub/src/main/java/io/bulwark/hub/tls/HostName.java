package io.bulwark.hub.tls;

import io.bulwark.protocol.net.Ipv6Text;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.util.IPAddress;

/**
 * One name a client may dial the hub by, as it goes into a certificate's subject alternative names: an IP literal
 * (iPAddress SAN) or a DNS name (dNSName SAN). Telling them apart never touches DNS: a lookup at startup would stall
 * on a broken resolver and could be answered by an attacker. {@code text} is canonical so that two spellings of one
 * name compare equal: DNS names lower-cased, IPv6 in RFC 5952 form ({@code ::1}).
 */
record HostName(String text, boolean ipAddress) {

    private static final String LABEL = "[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?";
    /** Labels of letters, digits, '-' and '_', optionally under one leading wildcard label. */
    private static final Pattern DNS_NAME = Pattern.compile("(\\*\\.)?" + LABEL + "(\\." + LABEL + ")*");
    private static final Pattern NUMERIC_LAST_LABEL = Pattern.compile("(^|\\.)[0-9]+$");
    private static final int DNS_NAME_MAX = 253;

    HostName {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("a host name must not be empty");
        }
    }

    static HostName parse(String raw) {
        String name = raw.trim();
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        if (IPAddress.isValidIPv4(name) || IPAddress.isValidIPv6(name)) {
            byte[] octets = ASN1OctetString.getInstance(new GeneralName(GeneralName.iPAddress, name).getName())
                    .getOctets();
            return ofAddress(octets);
        }
        String lower = name.toLowerCase(Locale.ROOT);
        // An all-numeric last label is a mistyped IP address (999.1.1.1, 10.0.1), never a real name.
        if (lower.length() > DNS_NAME_MAX || !DNS_NAME.matcher(lower).matches()
                || NUMERIC_LAST_LABEL.matcher(lower).find()) {
            throw new IllegalArgumentException("not a host name or IP address: \"" + raw + "\"");
        }
        return new HostName(lower, false);
    }

    /** One entry of {@link java.security.cert.X509Certificate#getSubjectAlternativeNames()}. */
    static HostName fromCertificateEntry(List<?> entry) {
        int type = (Integer) entry.get(0);
        String value = String.valueOf(entry.get(1));
        if (type == GeneralName.iPAddress) {
            return parse(value);
        }
        if (type == GeneralName.dNSName) {
            return new HostName(value.toLowerCase(Locale.ROOT), false);
        }
        // Another kind of name (e-mail, URI...): never one we issue, so it must make the set differ.
        return new HostName("type-" + type + ":" + value, false);
    }

    GeneralName toGeneralName() {
        if (!ipAddress) {
            return new GeneralName(GeneralName.dNSName, text);
        }
        return new GeneralName(GeneralName.iPAddress, text);
    }

    private static HostName ofAddress(byte[] octets) {
        try {
            // getByAddress never resolves; it also folds IPv4-mapped IPv6 (::ffff:a.b.c.d) into plain IPv4.
            InetAddress address = InetAddress.getByAddress(octets);
            byte[] canonical = address.getAddress();
            return new HostName(canonical.length == 4 ? address.getHostAddress() : Ipv6Text.of(canonical), true);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("an IP address is 4 or 16 bytes, not " + octets.length, e);
        }
    }
}
