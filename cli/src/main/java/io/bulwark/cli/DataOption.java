package io.bulwark.cli;

import io.bulwark.hub.DataFolder;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --data DIR}: the hub's data folder, where every command finds the hub, its CA and its credentials. */
final class DataOption {

    static final String ENV = "BULWARK_DATA";
    static final String DEFAULT = "data";

    @Option(names = "--data", paramLabel = "DIR",
            description = "the hub's data folder (default: $" + ENV + ", else ./" + DEFAULT + ")")
    Path data;

    DataFolder folder(Map<String, String> env) {
        return new DataFolder(resolve(data, env));
    }

    /** The flag wins over the environment, which wins over the default; relative paths are from the working dir. */
    static Path resolve(Path flag, Map<String, String> env) {
        Path chosen = flag;
        if (chosen == null) {
            String fromEnv = env.get(ENV);
            chosen = Path.of(fromEnv == null || fromEnv.isBlank() ? DEFAULT : fromEnv);
        }
        return chosen.toAbsolutePath().normalize();
    }
}
