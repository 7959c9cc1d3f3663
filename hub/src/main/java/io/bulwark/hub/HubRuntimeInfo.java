package io.bulwark.hub;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulwark.hub.secrets.OwnerOnlyFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a running hub tells local tools about itself through {@code hub.json}: how to reach it. Holds no secret.
 */
public record HubRuntimeInfo(String hostName, List<String> hostNames, String bindAddress, int httpsPort, int mqttPort,
                             long pid) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public void writeTo(Path file) {
        try {
            OwnerOnlyFiles.writeAtomically(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Optional<HubRuntimeInfo> readFrom(Path file) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), HubRuntimeInfo.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The address a local client dials: the bind address unless it is a wildcard. */
    public String localAddress() {
        return bindAddress.equals("0.0.0.0") || bindAddress.equals("::") ? "127.0.0.1" : bindAddress;
    }
}
