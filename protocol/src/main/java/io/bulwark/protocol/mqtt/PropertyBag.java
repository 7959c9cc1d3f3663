package io.bulwark.protocol.mqtt;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The property bag at the end of a telemetry or cloud-to-device topic: {@code k=v&k=v}, keys and values URL-encoded
 * (the Azure SDKs encode with form encoding, so {@code +} is a space). System properties keep their literal keys
 * ({@code $.mid}, {@code $.ct}...).
 */
public final class PropertyBag {

    /** Azure allows 64 application properties per message; a few system properties come on top. */
    public static final int MAX_PROPERTIES = 80;
    public static final int MAX_LENGTH = 8192;

    private PropertyBag() {
    }

    public static Map<String, String> parse(String bag) {
        if (bag == null || bag.isEmpty()) {
            return Map.of();
        }
        if (bag.length() > MAX_LENGTH) {
            throw new MqttFormatException("property bag longer than " + MAX_LENGTH + " characters");
        }
        Map<String, String> properties = new LinkedHashMap<>();
        for (String item : bag.split("&")) {
            if (item.isEmpty()) {
                continue;
            }
            if (properties.size() == MAX_PROPERTIES) {
                throw new MqttFormatException("more than " + MAX_PROPERTIES + " properties");
            }
            int eq = item.indexOf('=');
            String key = decode(eq < 0 ? item : item.substring(0, eq));
            String value = eq < 0 ? "" : decode(item.substring(eq + 1));
            if (key.isEmpty()) {
                throw new MqttFormatException("property with an empty name");
            }
            if (properties.put(key, value) != null) {
                throw new MqttFormatException("property '" + printable(key) + "' appears twice");
            }
        }
        return Collections.unmodifiableMap(properties);
    }

    /** Encodes in order; every item carries '=' (the Java SDK refuses items without one). */
    public static String format(Map<String, String> properties) {
        StringJoiner bag = new StringJoiner("&");
        properties.forEach((key, value) -> bag.add(encode(key) + "=" + encode(value == null ? "" : value)));
        return bag.toString();
    }

    /**
     * Percent-encodes for a topic. A space becomes {@code %20}, never {@code +}: '+' is an MQTT wildcard and may not
     * appear in a PUBLISH topic (Netty's encoder refuses it), and the SDKs' form decoders read {@code %20} as a space.
     */
    public static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new MqttFormatException("property bag has an invalid %-escape");
        }
    }

    static String printable(String value) {
        String shortened = value.length() > 32 ? value.substring(0, 32) + "..." : value;
        return shortened.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
