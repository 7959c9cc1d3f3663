package io.bulwark.hub.stream;

import io.bulwark.hub.HubException;
import java.util.regex.Pattern;

/** The name of a consumer group: 1 to 64 letters, digits, {@code .}, {@code _} or {@code -}, starting alphanumeric. */
public record ConsumerGroup(String name) {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public ConsumerGroup {
        if (name == null || !VALID.matcher(name).matches()) {
            throw new HubException.Invalid("invalid-consumer-group",
                    "a consumer group name is 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
