package io.bulwark.hub.auth;

import io.bulwark.hub.audit.Actor;
import io.bulwark.hub.audit.AuditLog;
import io.bulwark.hub.audit.AuditOutcome;
import io.bulwark.hub.registry.AuthenticationType;
import io.bulwark.hub.registry.Device;
import io.bulwark.hub.registry.DeviceRepository;
import io.bulwark.hub.registry.IdentityId;
import io.bulwark.hub.registry.SymmetricKeys;
import io.bulwark.protocol.mqtt.MqttClientId;
import io.bulwark.protocol.mqtt.MqttFormatException;
import io.bulwark.protocol.mqtt.MqttUserName;
import io.bulwark.protocol.sas.SasAudience;
import io.bulwark.protocol.sas.SasToken;
import io.bulwark.protocol.sas.SasTokenFormatException;
import io.bulwark.protocol.sas.SasTokenVerifier;
import io.bulwark.protocol.sas.SasVerdict;
import io.bulwark.hub.x509.CertificateProof;
import io.bulwark.hub.x509.CertificateRefusedException;
import io.bulwark.hub.x509.ClientCertificateVerifier;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides whether a device's connect credentials prove the identity they claim. The client id, the user name and the
 * token's audience must all name the same identity (DESIGN.md "Identity is bound end to end"); the token must be
 * signed by that identity's key, or by a policy with DeviceConnect. X.509 identities ({@code selfSigned},
 * {@code certificateAuthority}) prove themselves with the TLS client certificate instead of a password; the
 * certificate must name the same identity as the client id. Every refusal is audited with its real reason.
 */
public final class DeviceAuthenticator {

    private final DeviceRepository devices;
    private final PolicyRepository policies;
    private final SasTokenVerifier verifier;
    private final Set<String> hubHostNames;
    private final AuditLog audit;
    private final ClientCertificateVerifier certificates;

    public DeviceAuthenticator(DeviceRepository devices, PolicyRepository policies, SasTokenVerifier verifier,
                               Set<String> hubHostNames, AuditLog audit, ClientCertificateVerifier certificates) {
        this.certificates = certificates;
        this.devices = devices;
        this.policies = policies;
        this.verifier = verifier;
        this.hubHostNames = hubHostNames.stream().map(h -> h.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        this.audit = audit;
    }

    /** A connect without a TLS client certificate. */
    public AuthenticatedDevice authenticate(String clientId, String userName, String password, String source) {
        return authenticate(clientId, userName, password, List.of(), source);
    }

    /**
     * @param clientChain the TLS client certificates, leaf first, as the transport received them (empty for none);
     *                    the transport has already checked that the client holds the leaf's private key
     * @throws DeviceAuthenticationException with {@link DeviceAuthenticationException#isMalformed()} true for absent
     *                                       or unreadable credentials, false for credentials that prove nothing
     */
    public AuthenticatedDevice authenticate(String clientId, String userName, String password,
                                            List<X509Certificate> clientChain, String source) {
        String claimed = clientId == null ? "unknown" : printable(clientId);
        boolean hasPassword = password != null && !password.isEmpty();
        if (!hasPassword && clientChain.isEmpty()) {
            // S-AUTH-3: an empty or absent password is never anonymous access.
            throw refuse(claimed, source, true, "no password");
        }
        MqttClientId client;
        MqttUserName user;
        try {
            client = MqttClientId.parse(clientId);
            user = MqttUserName.parse(userName);
        } catch (MqttFormatException e) {
            throw refuse(claimed, source, true, "malformed credentials: " + e.getMessage());
        }
        IdentityId id = new IdentityId(client.deviceId(), client.moduleId());
        if (!client.deviceId().equals(user.deviceId()) || !java.util.Objects.equals(client.moduleId(),
                user.moduleId())) {
            throw refuse(claimed, source, false, "client id and user name name different identities");
        }
        if (!hubHostNames.contains(user.hostName().toLowerCase(Locale.ROOT))) {
            throw refuse(claimed, source, false, "user name names another hub");
        }
        Optional<Device> device = devices.find(id);
        boolean x509 = device.map(d -> d.authentication().type() != AuthenticationType.SAS).orElse(false);
        if (x509 && !clientChain.isEmpty()) {
            // The certificate is the proof; a password sent alongside it is not looked at.
            return verifyCertificate(device.get(), clientChain, claimed, source);
        }
        if (!hasPassword) {
            // A certificate proves nothing for a SAS identity: it still needs its token.
            throw refuse(claimed, source, device.isPresent(), device.isPresent() ? "no password"
                    : "unknown identity");
        }
        SasToken token;
        try {
            token = SasToken.parse(password);
        } catch (SasTokenFormatException e) {
            throw refuse(claimed, source, true, "malformed credentials: " + e.getMessage());
        }
        if (x509 && token.keyName() == null) {
            throw refuse(claimed, source, false, "X.509 identity presented a password but no client certificate");
        }
        return verifyToken(id, token, claimed, source, () -> device);
    }

    /**
     * For transports where the identity comes from the request path (the HTTPS device API): the token in the
     * {@code Authorization} header must be for that identity.
     */
    public AuthenticatedDevice authenticateToken(IdentityId id, String authorization, String source) {
        String claimed = id.toString();
        if (authorization == null || authorization.isBlank()) {
            throw refuse(claimed, source, true, "no credentials");
        }
        SasToken token;
        try {
            token = SasToken.parse(authorization.trim());
        } catch (SasTokenFormatException e) {
            throw refuse(claimed, source, true, "malformed token");
        }
        return verifyToken(id, token, claimed, source);
    }

    /**
     * For the HTTPS device API over mutual TLS: the identity comes from the request path, the proof is the TLS client
     * certificate, judged exactly as at an MQTT CONNECT (and audited the same way when refused).
     *
     * @param clientChain as the TLS layer received it, leaf first; the client has proven it holds the leaf's key
     */
    public AuthenticatedDevice authenticateCertificate(IdentityId id, List<X509Certificate> clientChain,
                                                       String source) {
        String claimed = id.toString();
        Device device = devices.find(id).orElseThrow(() -> refuse(claimed, source, false, "unknown identity"));
        if (device.authentication().type() == AuthenticationType.SAS) {
            throw refuse(claimed, source, false, "client certificate for a SAS identity, which needs its token");
        }
        return verifyCertificate(device, clientChain, claimed, source);
    }

    /**
     * A policy with DeviceConnect may act for any device, but only for one that exists and is enabled: the same
     * door as a device's own token, minus the key check.
     */
    public void requireConnectable(IdentityId id, String source) {
        Device device = devices.find(id).orElseThrow(() -> refuse(id.toString(), source, false, "unknown identity"));
        if (!device.isEnabled()) {
            throw refuse(id.toString(), source, false, "identity is disabled");
        }
    }

    private AuthenticatedDevice verifyToken(IdentityId id, SasToken token, String claimed, String source) {
        return verifyToken(id, token, claimed, source, () -> devices.find(id));
    }

    /** @param lookup the identity from the registry (read once: the MQTT path has it already) */
    private AuthenticatedDevice verifyToken(IdentityId id, SasToken token, String claimed, String source,
                                            java.util.function.Supplier<Optional<Device>> lookup) {
        SasAudience audience;
        try {
            audience = SasAudience.parse(token.resource());
        } catch (SasTokenFormatException e) {
            throw refuse(claimed, source, true, "malformed token audience");
        }
        if (!hubHostNames.contains(audience.hostName().toLowerCase(Locale.ROOT)) || audience.isHubWide()
                || !audience.covers(id.deviceId(), id.moduleId())) {
            throw refuse(claimed, source, false, "token audience is not this identity");
        }
        Device device = lookup.get().orElseThrow(() -> refuse(claimed, source, false, "unknown identity"));
        if (!device.isEnabled()) {
            throw refuse(claimed, source, false, "identity is disabled");
        }
        SasVerdict verdict = verify(token, device).orElseThrow(() ->
                refuse(claimed, source, false, "token names a policy that cannot connect devices"));
        if (verdict != SasVerdict.VALID) {
            throw refuse(claimed, source, false, verdict == SasVerdict.EXPIRED ? "token expired" : "bad signature");
        }
        return new AuthenticatedDevice(id, token.expiresAt());
    }

    private AuthenticatedDevice verifyCertificate(Device device, List<X509Certificate> chain, String claimed,
                                                  String source) {
        if (!device.isEnabled()) {
            throw refuse(claimed, source, false, "identity is disabled");
        }
        CertificateProof proof;
        try {
            proof = certificates.verify(device, chain);
        } catch (CertificateRefusedException e) {
            throw refuse(claimed, source, false, e.getMessage());
        }
        return new AuthenticatedDevice(device.id(), proof.expiry(), proof.chain(), proof.trustAnchor());
    }

    /**
     * Whether an X.509 proof stopped holding since it was checked: a certificate it rests on was revoked, or the CA it
     * ends at was deleted or lost its verification. Always false for a token.
     */
    public boolean isWithdrawn(AuthenticatedDevice device) {
        return certificates.isWithdrawn(device.certificateChain(), device.trustAnchor());
    }

    /** Device tokens are signed with the identity's key; policy tokens ({@code skn}) with a DeviceConnect policy. */
    private Optional<SasVerdict> verify(SasToken token, Device device) {
        if (token.keyName() != null) {
            return policies.find(token.keyName())
                    .filter(policy -> policy.allows(Permission.DEVICE_CONNECT))
                    .map(policy -> verifier.verify(token, policy.keys().primaryKeyBytes(),
                            policy.keys().secondaryKeyBytes()));
        }
        SymmetricKeys keys = device.authentication().symmetricKey();
        if (device.authentication().type() != AuthenticationType.SAS || keys == null) {
            return Optional.of(SasVerdict.BAD_SIGNATURE);
        }
        return Optional.of(verifier.verify(token, keys.primaryKeyBytes(), keys.secondaryKeyBytes()));
    }

    private DeviceAuthenticationException refuse(String claimed, String source, boolean malformed, String reason) {
        audit.record(new Actor("device:" + claimed, source), "auth.failure", "device-connect", AuditOutcome.DENIED,
                reason);
        return new DeviceAuthenticationException(malformed, reason);
    }

    private static String printable(String value) {
        String shortened = value.length() > 140 ? value.substring(0, 140) + "..." : value;
        return shortened.replaceAll("[^\\x20-\\x7e]", "?");
    }

    /** A refused connect. {@link #isMalformed()} separates "bad user name or password" from "not authorised". */
    public static final class DeviceAuthenticationException extends RuntimeException {
        private final boolean malformed;

        DeviceAuthenticationException(boolean malformed, String reason) {
            super(reason, null, false, false);
            this.malformed = malformed;
        }

        public boolean isMalformed() {
            return malformed;
        }
    }
}
