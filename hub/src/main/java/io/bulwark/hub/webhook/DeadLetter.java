package io.bulwark.hub.webhook;

import java.time.Instant;
import java.util.Objects;

/**
 * A message a route gave up on: the exact body it POSTed (kept, so a replay works even after the stream dropped the
 * message), how often it tried, and how the last attempt ended.
 *
 * @param lastStatus the receiver's last HTTP status, 0 when there was none (network or TLS failure)
 * @param lastError  the hub's own short description of the last failure; never a receiver's answer or an exception
 *                   message (which could quote a URL with a token in it)
 */
public record DeadLetter(long id, String route, long offset, String deviceId, Instant failedTime, int attempts,
                         int lastStatus, String lastError, byte[] payload) {

    public DeadLetter {
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(failedTime, "failedTime");
        Objects.requireNonNull(lastError, "lastError");
        payload = payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    public DeadLetter withId(long newId) {
        return new DeadLetter(newId, route, offset, deviceId, failedTime, attempts, lastStatus, lastError, payload);
    }
}
