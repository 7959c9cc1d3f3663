package io.bulwark.hub.security.detect;

import io.bulwark.hub.security.alert.AlertSeverity;
import io.bulwark.hub.security.alert.AlertSignal;
import io.bulwark.protocol.security.LoginAttempt;
import java.time.Duration;
import java.util.List;

/**
 * Rule {@code login-brute-force}: at least {@code failures} local login failures on one device within {@code window}
 * (by the hub's receive times) is a high alert; each further failure in the window counts into it.
 */
public final class LoginBruteForceDetector implements SecurityEventDetector {

    public static final String RULE = "login-brute-force";
    private static final int MAX_DEVICES = 100_000;

    private final int failures;
    private final WindowCounter counter;

    public LoginBruteForceDetector(int failures, Duration window) {
        this.failures = failures;
        this.counter = new WindowCounter(window, failures, MAX_DEVICES);
    }

    @Override
    public List<AlertSignal> inspect(DeviceSecurityEvent event) {
        if (!(event.event().detail() instanceof LoginAttempt login)
                || login.outcome() != LoginAttempt.Outcome.FAILURE) {
            return List.of();
        }
        if (counter.add(event.deviceId(), event.enqueuedTime()) < failures) {
            return List.of();
        }
        String summary = failures + " or more failed local logins on " + event.deviceId() + ", latest "
                + (login.user() == null ? "" : "as " + login.user() + " ") + "via " + login.service()
                + (login.from() == null ? "" : " from " + login.from());
        return List.of(new AlertSignal(RULE, AlertSeverity.HIGH, RULE + ":" + event.deviceId(), event.deviceId(),
                null, summary, List.of(event.evidence()), event.enqueuedTime()));
    }
}
