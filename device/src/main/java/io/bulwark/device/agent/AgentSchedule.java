package io.bulwark.device.agent;

import java.time.Duration;

/** How often each watcher looks. Posture runs external tools, so it is re-read rarely; inputs are polled often. */
public record AgentSchedule(Duration posture, Duration usb, Duration logins, Duration tamper) {
    public static final AgentSchedule DEFAULTS = new AgentSchedule(Duration.ofMinutes(15), Duration.ofSeconds(2),
            Duration.ofSeconds(1), Duration.ofMillis(500));

    public AgentSchedule {
        for (Duration interval : new Duration[] {posture, usb, logins, tamper}) {
            if (interval == null || interval.toMillis() < 50) {
                throw new IllegalArgumentException("agent intervals must be at least 50 ms");
            }
        }
    }
}
