package io.bulwark.cli;

import io.bulwark.hub.DataFolder;
import io.bulwark.protocol.connection.ServiceConnectionString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The connection strings of the access policies, as the hub wrote them into {@code credentials/} at first start. */
final class PolicyCredentials {

    static final String OWNER_POLICY = "iothubowner";
    private static final String SUFFIX = ".connection-string";

    private final DataFolder folder;

    PolicyCredentials(DataFolder folder) {
        this.folder = folder;
    }

    /** The connection string of one policy, exactly as written; an unknown policy names the known ones. */
    String connectionString(String policy) {
        Path file = folder.policyConnectionString(policy);
        if (policy.contains("/") || policy.contains("\\") || !Files.isRegularFile(file)) {
            List<String> known = knownPolicies();
            if (known.isEmpty()) {
                throw new CliFailure("no credentials in " + folder.credentials()
                        + ": start the hub once with this data folder (bulwark up --data " + folder.root() + ")");
            }
            throw new CliFailure("no policy named '" + policy + "'; known policies: " + String.join(", ", known));
        }
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new CliFailure("cannot read " + file + ": " + e.getMessage());
        }
    }

    ServiceConnectionString parsed(String policy) {
        return ServiceConnectionString.parse(connectionString(policy));
    }

    List<String> knownPolicies() {
        if (!Files.isDirectory(folder.credentials())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder.credentials())) {
            return files.map(p -> p.getFileName().toString())
                    .filter(name -> name.endsWith(SUFFIX))
                    .map(name -> name.substring(0, name.length() - SUFFIX.length()))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
