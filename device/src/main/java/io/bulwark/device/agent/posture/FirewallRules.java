package io.bulwark.device.agent.posture;

import io.bulwark.protocol.security.PostureSnapshot.Firewall;
import java.util.regex.Pattern;

/**
 * Decides from a rule dump whether a firewall is doing anything: it is active when some chain's policy drops, or
 * some rule drops or rejects. A ruleset that accepts everything (the state of a fresh install) is inactive.
 */
public final class FirewallRules {
    private static final Pattern NFT_DROPS = Pattern.compile("(^|\\s)(drop|reject)(\\s|;|$)");
    private static final Pattern IPTABLES_POLICY_DROPS = Pattern.compile("^-P\\s+\\S+\\s+DROP\\s*$");
    private static final Pattern IPTABLES_RULE_DROPS = Pattern.compile("^-A\\s.*\\s-j\\s+(DROP|REJECT)(\\s.*)?$");

    /** The output of {@code nft list ruleset}: chain headers carry {@code policy drop;}, rules end in verdicts. */
    public Firewall parseNft(String ruleset) {
        boolean active = ruleset.lines().map(String::strip)
                .filter(line -> !line.startsWith("#"))
                .anyMatch(line -> NFT_DROPS.matcher(line).find());
        return new Firewall("nft", active);
    }

    /** The output of {@code iptables -S}: {@code -P CHAIN POLICY} lines and {@code -A CHAIN ... -j TARGET} rules. */
    public Firewall parseIptables(String rules) {
        boolean active = rules.lines().map(String::strip)
                .anyMatch(line -> IPTABLES_POLICY_DROPS.matcher(line).matches()
                        || IPTABLES_RULE_DROPS.matcher(line).matches());
        return new Firewall("iptables", active);
    }
}
