package io.bulwark.hub.webhook;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The non-public address ranges an operator allows webhooks to reach on purpose (a receiver on the hub's own LAN),
 * from {@code BULWARK_WEBHOOK_ALLOW_PRIVATE_TARGETS}. None by default. A range is matched against the address the
 * hub connects to, exactly as resolved: allowing {@code 10.20.0.0/16} opens that range and nothing else.
 */
public record PrivateTargetAllowance(List<AddressBlock> ranges) {

    public static final String VARIABLE = "BULWARK_WEBHOOK_ALLOW_PRIVATE_TARGETS";
    public static final PrivateTargetAllowance NONE = new PrivateTargetAllowance(List.of());

    public PrivateTargetAllowance {
        ranges = List.copyOf(ranges);
    }

    /** Comma-separated CIDR ranges or single addresses; blank for none. Errors name the variable. */
    public static PrivateTargetAllowance parse(String setting) {
        if (setting == null || setting.isBlank()) {
            return NONE;
        }
        List<AddressBlock> ranges = new ArrayList<>();
        for (String part : setting.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            try {
                ranges.add(AddressBlock.parse(part));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(VARIABLE + " must list CIDR ranges such as 10.20.0.0/16 or "
                        + "fd00:1::/64, separated by commas: " + e.getMessage());
            }
        }
        return new PrivateTargetAllowance(ranges);
    }

    public boolean allows(InetAddress address) {
        return ranges.stream().anyMatch(range -> range.contains(address));
    }
}
