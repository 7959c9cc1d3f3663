package io.bulwark.device.client;

import io.bulwark.protocol.mqtt.MqttClientId;
import io.bulwark.protocol.mqtt.MqttUserName;
import io.bulwark.protocol.sas.SasToken;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * The CONNECT fields of each attempt (PROTOCOL.md): client id {@code {deviceId}[/{moduleId}]}, user name
 * {@code {host}/{deviceId}[/{moduleId}]/?api-version=...}, and as password a SAS token freshly signed with the key, the
 * fixed token of the connection string, or nothing for X.509. Remembers when the last token was signed and expires,
 * for the renewal timer. Used on the event loop only.
 */
final class ConnectFields {

    static final String API_VERSION = "2021-04-12";
    private static final String CLIENT_TYPE = "DeviceClientType=bulwark-device%2F0.1";

    private final String hostName;
    private final DeviceCredentials credentials;
    private final Duration tokenLifetime;
    private final Duration keepAlive;
    private Instant tokenSigned;
    private Instant tokenExpiry;

    ConnectFields(String hostName, DeviceCredentials credentials, Duration tokenLifetime, Duration keepAlive) {
        this.hostName = hostName;
        this.credentials = credentials;
        this.tokenLifetime = tokenLifetime;
        this.keepAlive = keepAlive;
    }

    /** The fields of the next attempt; fails when a fixed token has expired (it cannot be renewed). */
    HubConnection.Connect next() {
        String clientId = new MqttClientId(credentials.deviceId(), credentials.moduleId()).format();
        String userName = new MqttUserName(hostName, credentials.deviceId(), credentials.moduleId(), API_VERSION)
                .format(CLIENT_TYPE);
        byte[] password = null;
        if (credentials instanceof SymmetricKeyCredentials key) {
            tokenSigned = Instant.now();
            SasToken token = key.tokenUntil(tokenSigned.plus(tokenLifetime));
            tokenExpiry = token.expiresAt();
            password = token.format().getBytes(StandardCharsets.UTF_8);
        } else if (credentials instanceof SasTokenCredentials fixed) {
            SasToken token = fixed.token();
            if (!token.expiresAt().isAfter(Instant.now())) {
                throw new DeviceClientException("the SAS token of the connection string expired at "
                        + token.expiresAt() + " and cannot be renewed without a key");
            }
            password = token.format().getBytes(StandardCharsets.UTF_8);
        }
        return new HubConnection.Connect(clientId, userName, password, keepAlive);
    }

    /** When the last signed token was signed; null without a key. */
    Instant tokenSigned() {
        return tokenSigned;
    }

    /** When the last signed token expires (whole seconds, so up to a second early); null without a key. */
    Instant tokenExpiry() {
        return tokenExpiry;
    }
}
