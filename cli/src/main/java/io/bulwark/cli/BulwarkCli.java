package io.bulwark.cli;

import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ScopeType;

/**
 * The {@code bulwark} command: the operator's entry point to a hub. Commands run in-process and never call
 * {@code System.exit} (only {@link #main} does), so tests drive them with {@link #commandLine} and their own
 * output writers and environment.
 */
@Command(name = "bulwark",
        mixinStandardHelpOptions = true,
        scope = ScopeType.INHERIT,
        versionProvider = BulwarkVersion.class,
        description = "Bulwark, a self-hosted, security-first IoT hub: run it and manage its devices.",
        subcommands = {
            UpCommand.class,
            DeviceCommand.class,
            ConnectionStringCommand.class,
            AuditCommand.class,
            AlertsCommand.class,
            PostureCommand.class,
            CertCommand.class,
            StreamCommand.class,
            CommandLine.HelpCommand.class
        })
public final class BulwarkCli {

    private final Map<String, String> env;
    private final HubLifetime lifetime;

    public BulwarkCli() {
        this(System.getenv(), HubLifetime.untilJvmShutdown());
    }

    public BulwarkCli(Map<String, String> env) {
        this(env, HubLifetime.untilJvmShutdown());
    }

    /**
     * @param env      the environment variables the commands read ({@code BULWARK_*})
     * @param lifetime how long {@code up} keeps the hub running
     */
    public BulwarkCli(Map<String, String> env, HubLifetime lifetime) {
        this.env = Map.copyOf(env);
        this.lifetime = lifetime;
    }

    /** The command line with Bulwark's error reporting: a failure is one line on stderr and an exit code. */
    public static CommandLine commandLine(BulwarkCli cli) {
        return new CommandLine(cli).setExecutionExceptionHandler(new FailureReporter());
    }

    public static void main(String[] args) {
        System.exit(commandLine(new BulwarkCli()).execute(args));
    }

    Map<String, String> env() {
        return env;
    }

    HubLifetime lifetime() {
        return lifetime;
    }

    /** The root of the command tree a (sub)command belongs to, for the environment it was started with. */
    static BulwarkCli of(CommandSpec spec) {
        return (BulwarkCli) spec.root().userObject();
    }
}
