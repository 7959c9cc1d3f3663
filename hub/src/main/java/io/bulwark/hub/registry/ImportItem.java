package io.bulwark.hub.registry;

import java.util.Objects;

/** One line of a bulk import, numbered from 1 so errors can name it. */
public record ImportItem(int line, ImportMode mode, DeviceSpec spec) {
    public ImportItem {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(spec, "spec");
    }
}
