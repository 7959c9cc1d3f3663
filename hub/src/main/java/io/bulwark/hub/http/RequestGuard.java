package io.bulwark.hub.http;

import io.bulwark.hub.auth.Principal;
import io.bulwark.hub.auth.ServiceAuthenticator;
import io.javalin.http.Context;
import io.javalin.http.Handler;

/**
 * Authenticates a request and checks its route's permission before the handler runs, and so before any body byte is
 * read: an unauthenticated client cannot make the hub parse anything.
 */
final class RequestGuard {

    private static final String PRINCIPAL = "bulwark.principal";

    private final ServiceAuthenticator authenticator;

    RequestGuard(ServiceAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    Handler protect(Route route) {
        if (route.isPublic()) {
            return route.handler();
        }
        return ctx -> {
            String source = sourceOf(ctx);
            Principal principal = authenticator.authenticate(ctx.header("Authorization"), source);
            authenticator.authorize(principal, route.permission(), route.action(), source);
            ctx.attribute(PRINCIPAL, principal);
            route.handler().handle(ctx);
        };
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

    static io.bulwark.hub.audit.Actor actor(Context ctx) {
        return principal(ctx).actor(sourceOf(ctx));
    }
}
