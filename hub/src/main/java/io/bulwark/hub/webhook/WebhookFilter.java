package io.bulwark.hub.webhook;

import io.bulwark.hub.HubException;
import io.bulwark.hub.stream.StreamMessage;
import io.bulwark.protocol.identity.IdentityRules;
import java.util.Objects;

/**
 * Which messages of its stream a route forwards: all of them, those of one device, those whose property
 * {@code propertyName} equals {@code propertyValue}, or both conditions together.
 *
 * @param deviceId      null for every device
 * @param propertyName  an application or system property key ({@code unit}, {@code $.ct}); null for no condition
 * @param propertyValue required exactly when {@code propertyName} is given
 */
public record WebhookFilter(String deviceId, String propertyName, String propertyValue) {

    public static final WebhookFilter ALL = new WebhookFilter(null, null, null);
    private static final int MAX_PROPERTY_CHARS = 256;

    public WebhookFilter {
        if (deviceId != null && !IdentityRules.isValidId(deviceId)) {
            throw new HubException.Invalid("invalid-webhook-filter", "filter.deviceId is not a valid device id");
        }
        if ((propertyName == null) != (propertyValue == null)) {
            throw new HubException.Invalid("invalid-webhook-filter",
                    "filter.property and filter.value go together: give both or neither");
        }
        if (propertyName != null && (propertyName.isEmpty() || propertyName.length() > MAX_PROPERTY_CHARS
                || propertyValue.length() > MAX_PROPERTY_CHARS)) {
            throw new HubException.Invalid("invalid-webhook-filter",
                    "filter.property is 1.." + MAX_PROPERTY_CHARS + " characters, filter.value at most "
                            + MAX_PROPERTY_CHARS);
        }
    }

    public boolean matches(StreamMessage message) {
        if (deviceId != null && !deviceId.equals(message.deviceId())) {
            return false;
        }
        return propertyName == null || Objects.equals(propertyValue, message.properties().get(propertyName));
    }
}
