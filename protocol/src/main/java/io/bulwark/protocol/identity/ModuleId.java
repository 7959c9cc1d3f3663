package io.bulwark.protocol.identity;

/** A module id that follows Azure's rules; an invalid one cannot be constructed. */
public record ModuleId(String value) {

    public ModuleId {
        IdentityRules.requireValidId(value, "module id");
    }

    @Override
    public String toString() {
        return value;
    }
}
