package io.bulwark.hub.registry;

import io.bulwark.hub.HubException;

/** What one line of a bulk import does; names follow Azure's import job. */
public enum ImportMode {
    CREATE("create"),
    CREATE_OR_UPDATE("createOrUpdate"),
    DELETE("delete");

    private final String wireName;

    ImportMode(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static ImportMode fromWire(String value) {
        if (value == null) {
            return CREATE;
        }
        for (ImportMode mode : values()) {
            if (mode.wireName.equalsIgnoreCase(value)) {
                return mode;
            }
        }
        throw new HubException.Invalid("invalid-import-mode", "importMode must be create, createOrUpdate or delete");
    }
}
