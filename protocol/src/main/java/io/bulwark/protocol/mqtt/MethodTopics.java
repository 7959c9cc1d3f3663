package io.bulwark.protocol.mqtt;

/**
 * Direct-method topics: the hub publishes requests to {@code $iothub/methods/POST/{method}/?$rid={rid}}, the device
 * answers on {@code $iothub/methods/res/{status}/?$rid={rid}}.
 */
public final class MethodTopics {

    public static final String SUBSCRIPTION = "$iothub/methods/POST/#";
    private static final String RESPONSE_PREFIX = "$iothub/methods/res/";

    private MethodTopics() {
    }

    /** An answer's status and the request it answers. */
    public record Response(int status, String requestId) {
    }

    /** A method call as the device receives it. */
    public record Request(String methodName, String requestId) {
    }

    public static final int MAX_METHOD_NAME_LENGTH = 128;
    private static final String REQUEST_PREFIX = "$iothub/methods/POST/";

    public static String request(String methodName, String requestId) {
        return "$iothub/methods/POST/" + methodName + "/?$rid=" + requestId;
    }

    public static boolean isResponse(String topic) {
        return topic.startsWith(RESPONSE_PREFIX);
    }

    public static Response parseResponse(String topic) {
        if (!isResponse(topic) || topic.length() > 512) {
            throw new MqttFormatException("not a method response topic");
        }
        String rest = topic.substring(RESPONSE_PREFIX.length());
        int slash = rest.indexOf("/?");
        if (slash <= 0 || slash > 9) {
            throw new MqttFormatException("method response needs a status");
        }
        int status;
        try {
            status = Integer.parseInt(rest.substring(0, slash));
        } catch (NumberFormatException e) {
            throw new MqttFormatException("method response status is not a number");
        }
        String requestId = null;
        for (String item : rest.substring(slash + 2).split("&")) {
            if (item.startsWith("$rid=")) {
                requestId = item.substring("$rid=".length());
            }
        }
        if (requestId == null || requestId.isEmpty()) {
            throw new MqttFormatException("method response lacks $rid");
        }
        return new Response(status, requestId);
    }

    public static boolean isRequest(String topic) {
        return topic.startsWith(REQUEST_PREFIX);
    }

    /** Reads {@code $iothub/methods/POST/{method}/?$rid={rid}} on the device side. */
    public static Request parseRequest(String topic) {
        if (!isRequest(topic) || topic.length() > 512) {
            throw new MqttFormatException("not a method request topic");
        }
        String rest = topic.substring(REQUEST_PREFIX.length());
        int query = rest.indexOf("/?");
        if (query <= 0 || query > MAX_METHOD_NAME_LENGTH) {
            throw new MqttFormatException("method request needs a method name of 1 to " + MAX_METHOD_NAME_LENGTH
                    + " characters");
        }
        String name = rest.substring(0, query);
        if (name.contains("/") || name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new MqttFormatException("method name holds '/' or control characters");
        }
        String requestId = requestId(rest.substring(query + 2));
        if (requestId == null) {
            throw new MqttFormatException("method request lacks $rid");
        }
        return new Request(name, requestId);
    }

    /** Where the device answers request {@code requestId}. */
    public static String response(int status, String requestId) {
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("status must have three digits");
        }
        return RESPONSE_PREFIX + status + "/?$rid=" + requestId;
    }

    static String requestId(String query) {
        for (String item : query.split("&")) {
            if (item.startsWith("$rid=")) {
                String id = item.substring("$rid=".length());
                return id.isEmpty() || id.length() > 128 ? null : id;
            }
        }
        return null;
    }
}
