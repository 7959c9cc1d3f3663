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

    public static String desiredPatch(long version) {
        return "$iothub/twin/PATCH/properties/desired/?$version=" + version;
    }
}
