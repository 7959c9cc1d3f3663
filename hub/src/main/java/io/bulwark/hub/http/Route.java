package io.bulwark.hub.http;

import io.bulwark.hub.auth.Permission;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.Objects;

/**
 * One endpoint of the service API and the permission it needs. Declared together so that no route can exist without
 * an explicit access decision, and so that tests can sweep every route (S-ACL-3).
 *
 * @param permission null only for the few public routes (health)
 * @param action     the audit action named when the permission check refuses
 */
public record Route(HandlerType method, String path, Permission permission, String action, Handler handler) {

    public Route {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(handler, "handler");
    }

    public boolean isPublic() {
        return permission == null;
    }

    public static Route of(HandlerType method, String path, Permission permission, String action, Handler handler) {
        return new Route(method, path, permission, action, handler);
    }
}
