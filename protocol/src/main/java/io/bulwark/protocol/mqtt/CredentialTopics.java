package io.bulwark.protocol.mqtt;

/**
 * Certificate renewal over the device's connection, as Azure IoT Hub's certificate management (preview, API
 * 2025-08-01-preview) defines it: the device subscribes {@code $iothub/credentials/res/#}, publishes a JSON request
 * with its CSR to {@code $iothub/credentials/POST/issueCertificate/?$rid={rid}}, and the hub answers on
 * {@code $iothub/credentials/res/{status}/?$rid={rid}}: 202 when accepted, then 200 with the certificate chain, or an
 * error status.
 */
public final class CredentialTopics {

    public static final String RESPONSE_SUBSCRIPTION = "$iothub/credentials/res/#";
    private static final String ISSUE = "$iothub/credentials/POST/issueCertificate/";

    private CredentialTopics() {
    }

    public static boolean isCredentialRequest(String topic) {
        return topic.startsWith("$iothub/credentials/");
    }

    /** The request id of an issueCertificate request. */
    public static String parseIssueRequest(String topic) {
        if (topic.length() > 512) {
            throw new MqttFormatException("credential topic too long");
        }
        if (!topic.startsWith(ISSUE)) {
            throw new MqttFormatException("not a credential request topic");
        }
        String query = topic.substring(ISSUE.length());
        if (!query.startsWith("?")) {
            throw new MqttFormatException("credential request lacks its query");
        }
        String requestId = null;
        for (String item : query.substring(1).split("&")) {
            if (item.startsWith("$rid=")) {
                requestId = item.substring("$rid=".length());
            }
        }
        if (requestId == null || requestId.isEmpty() || requestId.length() > 128 || !requestId.matches("[\\x21-\\x7e]+")
                || requestId.contains("/") || requestId.contains("+") || requestId.contains("#")) {
            throw new MqttFormatException("credential request lacks a usable $rid");
        }
        return requestId;
    }

    /** Status is always three digits, as on the twin topics. */
    public static String response(int status, String requestId) {
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("status must have three digits");
        }
        return "$iothub/credentials/res/" + status + "/?$rid=" + requestId;
    }
}
