package io.bulwark.hub.webhook;

import io.bulwark.hub.HubException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * Decides which addresses a webhook may reach (SSRF guard): every address its host resolves to must be public, or in
 * a range the operator allowed ({@link PrivateTargetAllowance}). Asked when a route is made, and again before every
 * delivery, whose connection then goes to the addresses checked here and is never resolved afresh: a name that
 * answered a public address at creation and a private one later (DNS rebinding) is caught at delivery.
 */
public final class WebhookTargets {

    public static final String PROBLEM_TYPE = "webhook-target-not-public";
    /** How every refusal ends: what an operator who means it can do. */
    public static final String ALLOWANCE_HINT = "an operator can allow private ranges with "
            + PrivateTargetAllowance.VARIABLE;

    private final PrivateTargetAllowance allowance;
    private final HostResolver resolver;

    public WebhookTargets(PrivateTargetAllowance allowance, HostResolver resolver) {
        this.allowance = allowance;
        this.resolver = resolver;
    }

    /**
     * When a route is made: an IP literal, or a name that resolves now, must be allowed. A name that does not resolve
     * yet is accepted: nothing can be sent to it, and each delivery checks it again.
     *
     * @throws HubException.Invalid {@value #PROBLEM_TYPE} naming the host and the kind of range
     */
    public void checkNewRoute(WebhookUrl url) {
        try {
            checkedAddresses(url);
        } catch (UnknownHostException notYet) {
            // Checked at delivery, like every name.
        }
    }

    /**
     * The addresses to connect to for a delivery, each one checked; connect to these, never resolve again.
     *
     * @throws HubException.Invalid {@value #PROBLEM_TYPE} when any of them is not allowed
     * @throws UnknownHostException when the host has no address
     */
    public List<InetAddress> checkedAddresses(WebhookUrl url) throws UnknownHostException {
        String host = url.host();
        Optional<InetAddress> literal = AddressBlock.literal(host);
        List<InetAddress> addresses = literal.isPresent() ? List.of(literal.get()) : resolver.resolve(host);
        if (addresses.isEmpty()) {
            throw new UnknownHostException("no address");
        }
        for (InetAddress address : addresses) {
            Optional<NonPublicAddresses.Range> range = NonPublicAddresses.rangeOf(address);
            if (range.isPresent() && !allowance.allows(address)) {
                throw refused(literal.isPresent() ? host : host + " resolves to " + address.getHostAddress() + ", which",
                        range.get());
            }
        }
        return List.copyOf(addresses);
    }

    private static HubException.Invalid refused(String where, NonPublicAddresses.Range range) {
        return new HubException.Invalid(PROBLEM_TYPE, "webhook receivers must have public addresses: " + where
                + " is in the " + range.kind() + " range " + range.block() + "; " + ALLOWANCE_HINT);
    }
}
