package io.bulwark.hub.http;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Message properties carried in HTTP headers, as Azure's HTTPS APIs carry them: system properties in named
 * {@code iothub-*} headers, application properties as {@code iothub-app-{name}}.
 */
final class MessageHeaders {

    static final String APP_PREFIX = "iothub-app-";

    private MessageHeaders() {
    }

    /**
     * The message's properties: {@code systemHeaders} maps a header name to the system property key it fills
     * ({@code iothub-messageid} to {@code $.mid}...), then every {@code iothub-app-*} header.
     */
    static Map<String, String> properties(Context ctx, Map<String, String> systemHeaders) {
        Map<String, String> properties = new LinkedHashMap<>();
        systemHeaders.forEach((header, key) -> {
            String value = ctx.header(header);
            if (value != null && !value.isBlank()) {
                properties.put(key, value);
            }
        });
        ctx.headerMap().forEach((name, value) -> {
            if (name.toLowerCase(Locale.ROOT).startsWith(APP_PREFIX) && name.length() > APP_PREFIX.length()) {
                properties.put(name.substring(APP_PREFIX.length()), value);
            }
        });
        return properties;
    }
}
