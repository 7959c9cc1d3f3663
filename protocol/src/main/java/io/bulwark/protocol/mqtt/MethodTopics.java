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
}
