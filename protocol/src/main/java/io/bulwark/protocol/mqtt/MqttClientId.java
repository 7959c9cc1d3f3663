package io.bulwark.protocol.mqtt;

import io.bulwark.protocol.identity.IdentityRules;

/** The CONNECT client id of the device protocol: {@code {deviceId}} or {@code {deviceId}/{moduleId}}. */
public record MqttClientId(String deviceId, String moduleId) {

    public static MqttClientId parse(String clientId) {
        if (clientId == null || clientId.isEmpty()) {
            throw new MqttFormatException("empty client id");
        }
        if (clientId.indexOf('#') >= 0 || clientId.indexOf('+') >= 0) {
            // S-AUTH-5 (CVE-2017-7650): Azure ids may hold '#' and '+', but an MQTT client id with a wildcard is
            // refused; such a device uses HTTPS or is renamed.
            throw new MqttFormatException("client id holds MQTT wildcard characters");
        }
        String[] parts = clientId.split("/", -1);
        // S-AUTH-5: '/' only as the device/module separator; every part must be a valid id (no '#', '+', NUL).
        if (parts.length > 2 || !IdentityRules.isValidId(parts[0])
                || (parts.length == 2 && !IdentityRules.isValidId(parts[1]))) {
            throw new MqttFormatException("client id must be {deviceId} or {deviceId}/{moduleId}");
        }
        return new MqttClientId(parts[0], parts.length == 2 ? parts[1] : null);
    }

    /** {@code {deviceId}} or {@code {deviceId}/{moduleId}}, as sent in CONNECT. */
    public String format() {
        return moduleId == null ? deviceId : deviceId + "/" + moduleId;
    }
}
