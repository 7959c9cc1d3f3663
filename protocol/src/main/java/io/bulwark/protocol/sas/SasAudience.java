package io.bulwark.protocol.sas;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a token's {@code sr} grants access to: a hub host name and a path below it. Compared by whole path segments,
 * so {@code hub/devices/d1} covers {@code d1} (and its modules) but never {@code d10}.
 */
public record SasAudience(String hostName, List<String> path) {

    public SasAudience {
        if (hostName == null || hostName.isEmpty()) {
            throw new SasTokenFormatException("sr names no host");
        }
        path = List.copyOf(path);
    }

    /** Parses a raw {@code sr}, encoded ({@code hub%2Fdevices%2Fd1}) or not ({@code hub/devices/d1}). */
    public static SasAudience parse(String rawResource) {
        if (rawResource == null || rawResource.isEmpty()) {
            throw new SasTokenFormatException("empty sr");
        }
        String decoded = PercentEncoding.decode(rawResource);
        for (int i = 0; i < decoded.length(); i++) {
            if (decoded.charAt(i) < 0x20 || decoded.charAt(i) == 0x7f) {
                throw new SasTokenFormatException("sr contains control characters");
            }
        }
        List<String> segments = new ArrayList<>(List.of(decoded.split("/", -1)));
        if (segments.size() > 1 && segments.get(segments.size() - 1).isEmpty()) {
            segments.remove(segments.size() - 1);
        }
        for (String segment : segments) {
            if (segment.isEmpty() || segment.equals("..") || segment.equals(".")) {
                throw new SasTokenFormatException("sr has an empty or relative path segment");
            }
        }
        return new SasAudience(segments.get(0), segments.subList(1, segments.size()));
    }

    public boolean hostMatches(String host) {
        return host != null && hostName.toLowerCase(Locale.ROOT).equals(host.toLowerCase(Locale.ROOT));
    }

    public boolean isHubWide() {
        return path.isEmpty();
    }

    /** The device of a {@code devices/{id}} or {@code devices/{id}/modules/{mid}} audience. */
    public Optional<String> deviceId() {
        boolean device = path.size() == 2 || (path.size() == 4 && path.get(2).equals("modules"));
        return device && path.get(0).equals("devices") ? Optional.of(path.get(1)) : Optional.empty();
    }

    public Optional<String> moduleId() {
        return deviceId().isPresent() && path.size() == 4 ? Optional.of(path.get(3)) : Optional.empty();
    }

    /** Whether this audience grants access to the given identity: hub-wide, its device, or exactly it. */
    public boolean covers(String deviceId, String moduleIdOrNull) {
        if (isHubWide()) {
            return true;
        }
        if (deviceId().isEmpty() || !deviceId().get().equals(deviceId)) {
            return false;
        }
        return moduleId().isEmpty() || moduleId().get().equals(moduleIdOrNull);
    }

    @Override
    public List<String> path() {
        return Collections.unmodifiableList(path);
    }
}
