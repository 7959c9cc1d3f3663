package io.bulwark.hub.registry;

import io.bulwark.hub.HubException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One identity of the registry as stored: a device, or a module of a device ({@link IdentityId#isModule()}).
 *
 * @param generationId    changes when an identity is deleted and created again with the same id, so that a stale
 *                        credential of the old incarnation can be told apart
 * @param etag            changes with every write; {@code If-Match} compares against it
 * @param iotEdge         the device is a gateway that may act for children
 * @param deviceScope     a gateway's own scope, or for a child the scope of its gateway; null when neither
 * @param parentScopes    for a child: the scope of its gateway (Azure allows one)
 * @param tags            flat string labels used for grouping and filtering
 */
public record Device(
        IdentityId id,
        String generationId,
        String etag,
        DeviceStatus status,
        String statusReason,
        Instant statusUpdatedTime,
        Authentication authentication,
        boolean iotEdge,
        String deviceScope,
        List<String> parentScopes,
        Map<String, String> tags,
        Instant createdTime,
        Instant lastUpdatedTime) {

    public static final int MAX_TAGS = 64;
    public static final int MAX_STATUS_REASON = 128;
    public static final int MAX_TAG_VALUE = 512;
    private static final Pattern TAG_KEY = Pattern.compile("[A-Za-z0-9_.-]{1,128}");

    public Device {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(generationId, "generationId");
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(authentication, "authentication");
        Objects.requireNonNull(createdTime, "createdTime");
        Objects.requireNonNull(lastUpdatedTime, "lastUpdatedTime");
        if (statusReason != null && statusReason.length() > MAX_STATUS_REASON) {
            throw new HubException.Invalid("invalid-status-reason",
                    "statusReason is limited to " + MAX_STATUS_REASON + " characters");
        }
        parentScopes = parentScopes == null ? List.of() : List.copyOf(parentScopes);
        if (parentScopes.size() > 1) {
            throw new HubException.Invalid("invalid-parent", "a device has at most one parent gateway");
        }
        tags = validTags(tags);
        if (id.isModule() && (iotEdge || deviceScope != null || !parentScopes.isEmpty())) {
            throw new HubException.Invalid("invalid-module", "modules have no gateway capability or scopes");
        }
    }

    public boolean isEnabled() {
        return status == DeviceStatus.ENABLED;
    }

    /** The parent gateway's device id, read from the child's parent scope, or null. */
    public String parentDeviceId() {
        return parentScopes.isEmpty() ? null : DeviceScopes.deviceIdOf(parentScopes.get(0));
    }

    private static Map<String, String> validTags(Map<String, String> tags) {
        if (tags == null || tags.isEmpty()) {
            return Map.of();
        }
        if (tags.size() > MAX_TAGS) {
            throw new HubException.Invalid("invalid-tags", "at most " + MAX_TAGS + " tags per device");
        }
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            if (tag.getKey() == null || !TAG_KEY.matcher(tag.getKey()).matches()) {
                throw new HubException.Invalid("invalid-tags", "tag names are 1..128 characters of A-Za-z0-9_.-");
            }
            if (tag.getValue() == null || tag.getValue().length() > MAX_TAG_VALUE) {
                throw new HubException.Invalid("invalid-tags",
                        "tag values are strings of at most " + MAX_TAG_VALUE + " characters");
            }
        }
        return java.util.Collections.unmodifiableMap(new TreeMap<>(tags));
    }
}
