package io.bulwark.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns what a command threw into one line on stderr and an exit code. A stack trace helps nobody running a hub; it is
 * shown only when {@code BULWARK_DEBUG} is set.
 */
final class FailureReporter implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parseResult) {
        var err = commandLine.getErr();
        if (e instanceof CliFailure failure) {
            err.println("error: " + failure.getMessage());
            err.flush();
            return failure.exitCode();
        }
        // Exception messages in Bulwark never carry secrets (S-DATA-4), so they are safe to show.
        err.println("error: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        if (BulwarkCli.of(commandLine.getCommandSpec()).env().containsKey("BULWARK_DEBUG")) {
            e.printStackTrace(err);
        }
        err.flush();
        return CliFailure.FAILED;
    }
}
