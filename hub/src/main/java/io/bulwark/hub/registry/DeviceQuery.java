package io.bulwark.hub.registry;

import io.bulwark.hub.HubException;

/**
 * Which devices to list, one page at a time. Pages are keyed by device id ({@code afterDeviceId} is the last id of the
 * previous page), so paging stays correct while devices are added or removed.
 *
 * @param status         only devices with this status, or null for all
 * @param tagName        only devices carrying this tag (with {@code tagValue} when not null), or null
 * @param parentDeviceId only children of this gateway, or null
 */
public record DeviceQuery(DeviceStatus status, String tagName, String tagValue, String parentDeviceId,
                          String afterDeviceId, int limit) {

    public static final int MAX_LIMIT = 1000;
    public static final int DEFAULT_LIMIT = 100;

    public DeviceQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new HubException.Invalid("invalid-page-size", "page size must be 1.." + MAX_LIMIT);
        }
        if (tagValue != null && tagName == null) {
            throw new HubException.Invalid("invalid-filter", "a tag value needs a tag name");
        }
    }

    public static DeviceQuery firstPage(int limit) {
        return new DeviceQuery(null, null, null, null, null, limit);
    }

    public DeviceQuery after(String deviceId) {
        return new DeviceQuery(status, tagName, tagValue, parentDeviceId, deviceId, limit);
    }
}
