package io.bulwark.bench;

import java.util.Objects;

/**
 * One timed REST call to the hub's service API: a request with a body, signed by the owner token.
 *
 * @param method        the HTTP method, e.g. POST
 * @param path          the path and query, starting with a slash
 * @param contentType   the body's media type
 * @param authorization the Authorization header's value (a SAS token; never logged)
 * @param body          the request body, sent as is
 */
record RestCall(String method, String path, String contentType, String authorization, byte[] body) {

    RestCall {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(authorization, "authorization");
        Objects.requireNonNull(body, "body");
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("a path starts with a slash, not " + path);
        }
    }

    /** For error messages: no header (the token) and no body. */
    String describe() {
        return method + " " + path;
    }
}
