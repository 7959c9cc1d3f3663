package io.bulwark.hub.registry;

import java.util.List;

/** One page of devices and, when more follow, the token that asks for the next one. */
public record DevicePage(List<Device> devices, String continuationToken) {

    public DevicePage {
        devices = List.copyOf(devices);
    }

    public boolean hasMore() {
        return continuationToken != null;
    }
}
