package io.bulwark.protocol.mqtt;

/**
 * Device twin topics. The device asks with {@code $iothub/twin/GET/?$rid={rid}} and
 * {@code $iothub/twin/PATCH/properties/reported/?$rid={rid}[&$version=..]}; the hub answers on
 * {@code $iothub/twin/res/{status}/?$rid={rid}[&$version={v}]} ({@code $rid} first: the Java SDK reads them in that
 * order) and pushes desired changes to {@code $iothub/twin/PATCH/properties/desired/?$version={v}}.
 */
public final class TwinTopics {

    public static final String RESPONSE_SUBSCRIPTION = "$iothub/twin/res/#";
    public static final String DESIRED_SUBSCRIPTION = "$iothub/twin/PATCH/properties/desired/#";
    private static final String GET = "$iothub/twin/GET/";
    private static final String PATCH_REPORTED = "$iothub/twin/PATCH/properties/reported/";

    private TwinTopics() {
    }

    /** What a device asked of its twin. */
    public enum Operation { GET, PATCH_REPORTED }

    public record Request(Operation operation, String requestId) {
    }

    public static boolean isTwinRequest(String topic) {
        return topic.startsWith(GET) || topic.startsWith(PATCH_REPORTED);
    }

    public static Request parseRequest(String topic) {
        if (topic.length() > 512) {
            throw new MqttFormatException("twin topic too long");
        }
        Operation operation;
        String query;
        if (topic.startsWith(GET)) {
            operation = Operation.GET;
            query = topic.substring(GET.length());
        } else if (topic.startsWith(PATCH_REPORTED)) {
            operation = Operation.PATCH_REPORTED;
            query = topic.substring(PATCH_REPORTED.length());
        } else {
            throw new MqttFormatException("not a twin request topic");
        }
        if (!query.startsWith("?")) {
            throw new MqttFormatException("twin request lacks its query");
        }
        String requestId = null;
        for (String item : query.substring(1).split("&")) {
            if (item.startsWith("$rid=")) {
                requestId = item.substring("$rid=".length());
            }
        }
        if (requestId == null || requestId.isEmpty() || requestId.length() > 128) {
            throw new MqttFormatException("twin request lacks $rid");
        }
        return new Request(operation, requestId);
    }

    /** Status is always three digits; {@code version} may be null. */
    public static String response(int status, String requestId, Long version) {
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("status must have three digits");
        }
        return "$iothub/twin/res/" + status + "/?$rid=" + requestId + (version == null ? "" : "&$version=" + version);
    }

    /** The hub's answer to a twin request: status, the request it answers, the new version if any. */
    public record Response(int status, String requestId, Long version) {
    }

    private static final String RESPONSE_PREFIX = "$iothub/twin/res/";
    private static final String DESIRED_PREFIX = "$iothub/twin/PATCH/properties/desired/";

    public static String get(String requestId) {
        return GET + "?$rid=" + requestId;
    }

    public static String patchReported(String requestId) {
        return PATCH_REPORTED + "?$rid=" + requestId;
    }

    public static boolean isResponse(String topic) {
        return topic.startsWith(RESPONSE_PREFIX);
    }

    public static boolean isDesiredPatch(String topic) {
        return topic.startsWith(DESIRED_PREFIX);
    }

    /** Reads {@code $iothub/twin/res/{status}/?$rid={rid}[&$version={v}]} on the device side. */
    public static Response parseResponse(String topic) {
        if (!isResponse(topic) || topic.length() > 512) {
            throw new MqttFormatException("not a twin response topic");
        }
        String rest = topic.substring(RESPONSE_PREFIX.length());
        int query = rest.indexOf("/?");
        if (query != 3 || !rest.substring(0, 3).chars().allMatch(Character::isDigit)) {
            throw new MqttFormatException("twin response status must be three digits");
        }
        String parameters = rest.substring(query + 2);
        String requestId = MethodTopics.requestId(parameters);
        if (requestId == null) {
            throw new MqttFormatException("twin response lacks $rid");
        }
        return new Response(Integer.parseInt(rest.substring(0, 3)), requestId, version(parameters));
    }

    /** The {@code $version} of a desired-properties patch pushed by the hub. */
    public static long parseDesiredVersion(String topic) {
        if (!isDesiredPatch(topic) || topic.length() > 512) {
            throw new MqttFormatException("not a desired-properties topic");
        }
        String rest = topic.substring(DESIRED_PREFIX.length());
        Long version = rest.startsWith("?") ? version(rest.substring(1)) : null;
        if (version == null) {
            throw new MqttFormatException("desired-properties patch lacks $version");
        }
        return version;
    }

    private static Long version(String query) {
        for (String item : query.split("&")) {
            if (item.startsWith("$version=")) {
                String digits = item.substring("$version=".length());
                if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(Character::isDigit)) {
                    throw new MqttFormatException("$version must be a non-negative number");
                }
                return Long.parseLong(digits);
            }
        }
        return null;
    }

    public static String desiredPatch(long version) {
        return "$iothub/twin/PATCH/properties/desired/?$version=" + version;
    }
}
