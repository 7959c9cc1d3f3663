package io.bulwark.hub.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The headers every answer of the HTTPS port carries, whoever writes it: Javalin's routes, Jetty's own errors and the
 * MQTT-over-WebSocket upgrade, which Jetty answers outside Javalin. HSTS (S-OP-3, S-TLS-1) tells a browser never to
 * try this host over plain HTTP, {@code nosniff} stops a browser guessing a type for a JSON or problem answer, and
 * {@code no-store} keeps answers that may carry keys (a new device's, a webhook secret) out of caches.
 */
final class SecurityHeaders {

    static final Map<String, String> ALL;

    static {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Strict-Transport-Security", "max-age=31536000");
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Cache-Control", "no-store");
        ALL = java.util.Collections.unmodifiableMap(headers);
    }

    private SecurityHeaders() {
    }

    /** Sets each header through {@code setter} (a response's setHeader). */
    static void apply(BiConsumer<String, String> setter) {
        ALL.forEach(setter);
    }
}
