package io.bulwark.device.agent.login;

import io.bulwark.device.agent.SecurityEvents;
import io.bulwark.protocol.security.LoginAttempt;
import java.util.Optional;

/** Turns auth-log lines and journal entries into login events. */
public final class LoginEvents {
    private final AuthLogParser parser = new AuthLogParser();
    private final SecurityEvents events;

    public LoginEvents(SecurityEvents events) {
        this.events = events;
    }

    public Optional<LoginAttempt> onLogLine(String line) {
        return emit(parser.parse(line));
    }

    public Optional<LoginAttempt> onJournalEntry(String program, String message) {
        return emit(parser.parseMessage(program, message));
    }

    private Optional<LoginAttempt> emit(Optional<LoginAttempt> attempt) {
        attempt.ifPresent(events::emit);
        return attempt;
    }
}
