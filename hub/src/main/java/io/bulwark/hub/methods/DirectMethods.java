package io.bulwark.hub.methods;

import io.bulwark.hub.HubException;
import io.bulwark.hub.registry.IdentityId;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Calls a method on a connected device and waits for its answer (PROTOCOL.md "Direct methods"): unknown or offline
 * devices answer 404 at once unless asked to wait for a connection; no answer within the response timeout is 504.
 */
public final class DirectMethods {

    public static final Duration MIN_RESPONSE_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration MAX_RESPONSE_TIMEOUT = Duration.ofSeconds(300);
    public static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(300);
    /** Azure's payload limit for requests and answers. */
    public static final int MAX_PAYLOAD_BYTES = 128 * 1024;
    private static final Pattern METHOD_NAME = Pattern.compile("[A-Za-z0-9_.\\-:@$]{1,100}");
    private static final Duration CONNECT_POLL = Duration.ofMillis(100);

    private record Pending(IdentityId target, CompletableFuture<MethodResult> answer) {
    }

    private final ScheduledExecutorService timer;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong requestIds = new AtomicLong();
    private volatile MethodDelivery delivery;

    public DirectMethods(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /** The transport that reaches devices; set once when it has started (it needs this object to answer). */
    public void deliverThrough(MethodDelivery transport) {
        this.delivery = transport;
    }

    public CompletableFuture<MethodResult> invoke(IdentityId target, String methodName, byte[] payload,
                                                  Duration responseTimeout, Duration connectTimeout) {
        if (methodName == null || !METHOD_NAME.matcher(methodName).matches()) {
            throw new HubException.Invalid("invalid-method-name", "methodName is 1..100 characters of A-Za-z0-9_.-:@$");
        }
        if (payload.length > MAX_PAYLOAD_BYTES) {
            throw new HubException.LimitExceeded("payload-too-large", "method payloads are limited to 128 KiB");
        }
        if (responseTimeout.compareTo(MIN_RESPONSE_TIMEOUT) < 0 || responseTimeout.compareTo(MAX_RESPONSE_TIMEOUT) > 0
                || connectTimeout.isNegative() || connectTimeout.compareTo(MAX_CONNECT_TIMEOUT) > 0) {
            throw new HubException.Invalid("invalid-timeout",
                    "responseTimeoutInSeconds is 5..300 and connectTimeoutInSeconds 0..300");
        }
        MethodRequest request = new MethodRequest(target, String.valueOf(requestIds.incrementAndGet()), methodName,
                payload);
        CompletableFuture<MethodResult> answer = new CompletableFuture<>();
        long connectDeadline = System.nanoTime() + connectTimeout.toNanos();
        attempt(request, answer, connectDeadline, responseTimeout);
        return answer;
    }

    /** The device's answer, from its transport. Answers nobody waits for (late, forged) are dropped. */
    public void complete(IdentityId from, String requestId, MethodResult result) {
        Pending waiting = pending.get(requestId);
        if (waiting != null && waiting.target().equals(from) && pending.remove(requestId, waiting)) {
            waiting.answer().complete(result);
        }
    }

    private void attempt(MethodRequest request, CompletableFuture<MethodResult> answer, long connectDeadline,
                         Duration responseTimeout) {
        MethodDelivery transport = delivery;
        if (transport != null && transport.canDeliver(request.target())) {
            pending.put(request.requestId(), new Pending(request.target(), answer));
            timer.schedule(() -> {
                if (pending.remove(request.requestId()) != null) {
                    answer.completeExceptionally(new MethodTimeoutException());
                }
            }, responseTimeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!transport.deliver(request)) {
                pending.remove(request.requestId());
                answer.completeExceptionally(offline(request.target()));
            }
            return;
        }
        if (System.nanoTime() >= connectDeadline) {
            answer.completeExceptionally(offline(request.target()));
            return;
        }
        timer.schedule(() -> attempt(request, answer, connectDeadline, responseTimeout), CONNECT_POLL.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private static HubException offline(IdentityId target) {
        return new HubException.NotFound("device-not-online", target + " is not connected (or not listening for methods)");
    }

    /** No answer within the response timeout. */
    public static final class MethodTimeoutException extends RuntimeException {
        MethodTimeoutException() {
            super("the device did not answer within the response timeout", null, false, false);
        }
    }
}
