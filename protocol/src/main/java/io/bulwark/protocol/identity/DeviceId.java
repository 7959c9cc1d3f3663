package io.bulwark.protocol.identity;

/** A device id that follows Azure's rules; an invalid one cannot be constructed. */
public record DeviceId(String value) {

    public DeviceId {
        IdentityRules.requireValidId(value, "device id");
    }

    @Override
    public String toString() {
        return value;
    }
}
