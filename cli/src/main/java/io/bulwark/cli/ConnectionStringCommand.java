package io.bulwark.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bulwark connection-string --policy NAME}: a service credential from the data folder, for a back end. */
@Command(name = "connection-string",
        description = "Print the connection string of a shared access policy (it holds the policy's key).")
final class ConnectionStringCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--policy", paramLabel = "NAME", required = true,
            description = "iothubowner, service, device, registryRead or registryReadWrite")
    String policy;

    @Mixin
    DataOption data;

    @Override
    public Integer call() {
        var folder = data.folder(BulwarkCli.of(spec).env());
        spec.commandLine().getOut().println(new PolicyCredentials(folder).connectionString(policy));
        return 0;
    }
}
