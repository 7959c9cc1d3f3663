package io.bulwark.cli;

/**
 * A command could not do its job for a reason the user can act on. The message is shown as is, so it must never
 * carry a key or a token.
 */
final class CliFailure extends RuntimeException {

    /** The hub answered with an error, could not be reached, or a file was missing. */
    static final int FAILED = 1;
    /** {@code audit verify} found a broken chain. */
    static final int AUDIT_BROKEN = 3;
    /** {@code audit run} or {@code audit report}: the fleet audit has findings. */
    static final int AUDIT_FINDINGS = 4;

    private final int exitCode;

    CliFailure(String message) {
        this(message, FAILED);
    }

    CliFailure(String message, int exitCode) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
