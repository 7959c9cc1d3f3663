package io.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * Runs {@code bulwark} commands in-process, as {@code main} would but with captured output, a chosen environment and
 * a data folder. Every run checks that no policy key leaked into the output, except where printing one is the job.
 */
final class CliRunner {

    private final Map<String, String> env;
    private final HubLifetime lifetime;
    private final List<String> forbidden = new ArrayList<>();

    CliRunner(Map<String, String> env, HubLifetime lifetime) {
        this.env = env;
        this.lifetime = lifetime;
    }

    CliRunner(Map<String, String> env) {
        this(env, Runnable::run);
    }

    /** Output must never contain this (a policy key, the master key), except from the connection-string commands. */
    CliRunner forbidding(String secret) {
        forbidden.add(secret);
        return this;
    }

    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = BulwarkCli.commandLine(new BulwarkCli(env, lifetime));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        Result result = new Result(exitCode, out.toString(), err.toString());
        boolean printsPolicyKeyOnPurpose = args.length > 0 && args[0].equals("connection-string");
        if (!printsPolicyKeyOnPurpose) {
            for (String secret : forbidden) {
                assertThat(result.out() + result.err()).as("output of %s", List.of(args)).doesNotContain(secret);
            }
        }
        return result;
    }

    record Result(int exitCode, String out, String err) {

        List<String> lines() {
            return out.lines().filter(line -> !line.isBlank()).toList();
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out:\n" + out + "--- err:\n" + err;
        }
    }
}
