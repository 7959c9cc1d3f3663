package io.bulwark.hub.http;

import io.bulwark.hub.HubException;
import io.bulwark.hub.audit.Actor;
import io.bulwark.hub.audit.AuditLog;
import io.bulwark.hub.audit.AuditOutcome;
import io.bulwark.hub.auth.AuthenticatedDevice;
import io.bulwark.hub.auth.DeviceAuthenticator;
import io.bulwark.hub.auth.Permission;
import io.bulwark.hub.auth.Principal;
import io.bulwark.hub.auth.ServiceAuthenticator;
import io.bulwark.hub.registry.IdentityId;
import io.bulwark.hub.security.SourceBlocklist;
import io.bulwark.hub.security.SourceVerdict;
import io.bulwark.protocol.identity.IdentityRules;
import io.bulwark.protocol.sas.SasToken;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Authenticates a request and checks its route's permission before the handler runs, and so before any body byte is
 * read: an unauthenticated client cannot make the hub parse anything.
 */
final class RequestGuard {

    private static final String PRINCIPAL = "bulwark.principal";
    private static final String DEVICE = "bulwark.device";
    private static final int MAX_CHAIN = 8;

    private final ServiceAuthenticator authenticator;
    private final DeviceAuthenticator devices;
    private final AuditLog audit;
    private final SourceBlocklist blocklist;

    RequestGuard(ServiceAuthenticator authenticator, DeviceAuthenticator devices, AuditLog audit,
                 SourceBlocklist blocklist) {
        this.authenticator = authenticator;
        this.devices = devices;
        this.audit = audit;
        this.blocklist = blocklist;
    }

    Handler protect(Route route) {
        if (route.isPublic()) {
            return route.handler();
        }
        if (route.permission() == Permission.DEVICE_CONNECT) {
            return ctx -> {
                admit(ctx);
                ctx.attribute(DEVICE, authenticateDevice(ctx, route));
                route.handler().handle(ctx);
            };
        }
        return ctx -> {
            admit(ctx);
            String source = sourceOf(ctx);
            Principal principal = authenticator.authenticate(ctx.header("Authorization"), source);
            authenticator.authorize(principal, route.permission(), route.action(), source);
            ctx.attribute(PRINCIPAL, principal);
            route.handler().handle(ctx);
        };
    }

    /**
     * A device route is for the identity in its path: a token signed with that identity's key, or a policy token
     * (skn) of a policy with DeviceConnect, which may act for any device (PROTOCOL.md).
     */
    private AuthenticatedDevice authenticateDevice(Context ctx, Route route) {
        String source = sourceOf(ctx);
        String header = ctx.header("Authorization");
        if (header != null && header.contains("skn=")) {
            Principal principal = authenticator.authenticate(header, source);
            authenticator.authorize(principal, Permission.DEVICE_CONNECT, route.action(), source);
            // Authenticated first: only now may a malformed id in the path earn a 400 that names it.
            IdentityId id = new IdentityId(ctx.pathParam("id"), ctx.pathParamMap().get("mid"));
            try {
                devices.requireConnectable(id, source);
            } catch (DeviceAuthenticator.DeviceAuthenticationException e) {
                throw unauthenticated();
            }
            return new AuthenticatedDevice(id, SasToken.parse(header.trim()).expiresAt());
        }
        String deviceId = ctx.pathParam("id");
        String moduleId = ctx.pathParamMap().get("mid");
        if (!IdentityRules.isValidId(deviceId) || (moduleId != null && !IdentityRules.isValidId(moduleId))) {
            // No identity with this id can exist, so no device token can prove it; answered like any bad token.
            audit.record(new Actor("anonymous", source), "auth.failure", "device-connect", AuditOutcome.DENIED,
                    "invalid identity in the path");
            throw unauthenticated();
        }
        List<X509Certificate> clientChain = clientCertificates(ctx);
        try {
            if ((header == null || header.isBlank()) && !clientChain.isEmpty()) {
                // Mutual TLS: an X.509 device needs no Authorization header, its certificate is the proof.
                return devices.authenticateCertificate(new IdentityId(deviceId, moduleId), clientChain, source);
            }
            return devices.authenticateToken(new IdentityId(deviceId, moduleId), header, source);
        } catch (DeviceAuthenticator.DeviceAuthenticationException e) {
            throw unauthenticated();
        }
    }

    /**
     * S-AUTH-7: a source slowed down or blocked for failing to authenticate is refused before its credentials are
     * looked at, good or bad, so guessing from it goes no faster than the blocklist allows. Not audited per request:
     * the slow-down and the block are, and a blocked attacker must not be able to fill the audit log.
     */
    private void admit(Context ctx) {
        SourceVerdict verdict = blocklist.admit(sourceOf(ctx));
        if (verdict.allowed()) {
            return;
        }
        long seconds = Math.max(1, java.time.Duration.between(java.time.Instant.now(), verdict.until()).toSeconds());
        ctx.header("Retry-After", String.valueOf(seconds));
        if (verdict.kind() == SourceVerdict.Kind.BLOCKED) {
            throw new HubException.LimitExceeded("source-blocked",
                    "this source address is blocked for repeated authentication failures; retry later");
        }
        throw new HubException.LimitExceeded("authentication-throttled",
                "this source address is slowed down for repeated authentication failures; retry later");
    }

    /** The TLS client certificates Jetty saw on this connection, leaf first; empty when the client sent none. */
    private static List<X509Certificate> clientCertificates(Context ctx) {
        Object attribute = ctx.req().getAttribute("jakarta.servlet.request.X509Certificate");
        if (!(attribute instanceof X509Certificate[] chain) || chain.length == 0) {
            return List.of();
        }
        // Nobody needs that many intermediates; without them the path fails and the request is refused.
        return chain.length > MAX_CHAIN ? List.of(chain[0]) : List.of(chain);
    }

    private static HubException.Unauthenticated unauthenticated() {
        return new HubException.Unauthenticated("unauthenticated",
                "missing or invalid credentials: send Authorization: SharedAccessSignature sr=...&sig=...&se=..., "
                        + "or the device's TLS client certificate");
    }

    static AuthenticatedDevice device(Context ctx) {
        AuthenticatedDevice device = ctx.attribute(DEVICE);
        if (device == null) {
            throw new IllegalStateException("device route reached without authentication");
        }
        return device;
    }

    static Principal principal(Context ctx) {
        Principal principal = ctx.attribute(PRINCIPAL);
        if (principal == null) {
            throw new IllegalStateException("route reached without authentication");
        }
        return principal;
    }

    /** The peer of the TCP connection. Forwarding headers are not trusted: any client can write them. */
    static String sourceOf(Context ctx) {
        return ctx.req().getRemoteAddr();
    }

    static Actor actor(Context ctx) {
        return principal(ctx).actor(sourceOf(ctx));
    }
}
