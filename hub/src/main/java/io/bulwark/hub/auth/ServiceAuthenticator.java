package io.bulwark.hub.auth;

import io.bulwark.hub.HubException;
import io.bulwark.hub.audit.Actor;
import io.bulwark.hub.audit.AuditLog;
import io.bulwark.hub.audit.AuditOutcome;
import io.bulwark.protocol.sas.SasAudience;
import io.bulwark.protocol.sas.SasToken;
import io.bulwark.protocol.sas.SasTokenFormatException;
import io.bulwark.protocol.sas.SasTokenVerifier;
import io.bulwark.protocol.sas.SasVerdict;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the {@code Authorization} header of a service request into a {@link Principal}: a SAS token signed with the
 * key of the policy it names ({@code skn}), for an audience on this hub. Every refusal is audited with its reason.
 * Callers get one answer for every kind of bad token, so the response does not teach an attacker which part failed.
 */
public final class ServiceAuthenticator {

    private final PolicyRepository policies;
    private final SasTokenVerifier verifier;
    private final Set<String> hubHostNames;
    private final AuditLog audit;

    public ServiceAuthenticator(PolicyRepository policies, SasTokenVerifier verifier, Set<String> hubHostNames,
                                AuditLog audit) {
        this.policies = policies;
        this.verifier = verifier;
        this.hubHostNames = hubHostNames.stream().map(h -> h.toLowerCase(Locale.ROOT))
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
        this.audit = audit;
    }

    public Principal authenticate(String authorizationHeader, String source) {
        if (authorizationHeader == null || authorizationHeader.isBlank()) {
            throw refuse(source, "anonymous", "no credentials");
        }
        SasToken token;
        try {
            token = SasToken.parse(authorizationHeader.trim());
        } catch (SasTokenFormatException e) {
            throw refuse(source, "anonymous", "malformed token");
        }
        String claimed = token.keyName() == null ? "anonymous" : "policy:" + token.keyName();
        if (token.keyName() == null) {
            throw refuse(source, claimed, "token names no policy (skn)");
        }
        Optional<AccessPolicy> policy = policies.find(token.keyName());
        if (policy.isEmpty()) {
            throw refuse(source, claimed, "unknown policy");
        }
        SasVerdict verdict = verifier.verify(token, policy.get().keys().primaryKeyBytes(),
                policy.get().keys().secondaryKeyBytes());
        if (verdict != SasVerdict.VALID) {
            throw refuse(source, claimed, verdict == SasVerdict.EXPIRED ? "token expired" : "bad signature");
        }
        if (!coversThisHub(token)) {
            throw refuse(source, claimed, "token audience is not this hub");
        }
        return Principal.ofPolicy(policy.get());
    }

    /** Checks a permission and audits the refusal; returns normally when allowed. */
    public void authorize(Principal principal, Permission needed, String action, String source) {
        if (!principal.has(needed)) {
            audit.record(principal.actor(source), action, "permission:" + needed.wireName(), AuditOutcome.DENIED,
                    "missing permission " + needed.wireName());
            throw new HubException.Forbidden("forbidden", "this credential lacks the " + needed.wireName()
                    + " permission");
        }
    }

    private boolean coversThisHub(SasToken token) {
        try {
            SasAudience audience = SasAudience.parse(token.resource());
            // Service tokens are hub-wide; a token scoped to one device is a device credential, not a service one.
            return audience.isHubWide() && hubHostNames.contains(audience.hostName().toLowerCase(Locale.ROOT));
        } catch (SasTokenFormatException e) {
            return false;
        }
    }

    private HubException.Unauthenticated refuse(String source, String claimed, String reason) {
        audit.record(new Actor(claimed, source), "auth.failure", "service-api", AuditOutcome.DENIED, reason);
        return new HubException.Unauthenticated("unauthenticated",
                "missing or invalid credentials: send Authorization: SharedAccessSignature sr=...&sig=...&se=...&skn=...");
    }
}
