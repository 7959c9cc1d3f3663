package io.bulwark.device.client;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A cloud-to-device message handed to the application, which must settle it exactly once: {@link #complete()},
 * {@link #abandon()} or {@link #reject()}, from any thread, at any time while the connection that delivered it lasts.
 * Over MQTT the hub knows only PUBACK (PROTOCOL.md), so:
 * <ul>
 *   <li>complete: PUBACK; the hub removes the message and records {@code Success} feedback;</li>
 *   <li>reject: PUBACK as well (MQTT cannot say "rejected"), so the message is never delivered again; the hub's
 *       feedback shows {@code Success}. Devices that need {@code Rejected} feedback use the HTTPS device API;</li>
 *   <li>abandon: no PUBACK; the hub keeps the message and delivers it again on the next connection, counting
 *       towards its maximum delivery count. Until then it occupies one place of the hub's delivery window.</li>
 * </ul>
 */
public final class CloudToDeviceMessage {

    /** How the application settled a message. */
    public enum Disposition { COMPLETE, ABANDON, REJECT }

    private final byte[] body;
    private final Map<String, String> properties;
    private final Map<String, String> systemProperties;
    private final Consumer<Disposition> settle;
    private final AtomicBoolean settled = new AtomicBoolean();

    CloudToDeviceMessage(byte[] body, Map<String, String> properties, Map<String, String> systemProperties,
                         Consumer<Disposition> settle) {
        this.body = body.clone();
        this.properties = Map.copyOf(properties);
        this.systemProperties = Map.copyOf(systemProperties);
        this.settle = settle;
    }

    public byte[] body() {
        return body.clone();
    }

    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Application properties (those not starting with {@code $.} or {@code iothub-}). */
    public Map<String, String> properties() {
        return properties;
    }

    /** {@code $.mid}, {@code $.to}, {@code $.cid}, {@code iothub-ack}... as the hub sent them. */
    public Map<String, String> systemProperties() {
        return systemProperties;
    }

    public String messageId() {
        return systemProperties.get("$.mid");
    }

    public String correlationId() {
        return systemProperties.get("$.cid");
    }

    public void complete() {
        settle(Disposition.COMPLETE);
    }

    public void abandon() {
        settle(Disposition.ABANDON);
    }

    public void reject() {
        settle(Disposition.REJECT);
    }

    /** True once complete, abandon or reject was called. */
    public boolean isSettled() {
        return settled.get();
    }

    private void settle(Disposition disposition) {
        if (!settled.compareAndSet(false, true)) {
            throw new IllegalStateException("message " + messageId() + " was already settled");
        }
        settle.accept(disposition);
    }

    @Override
    public String toString() {
        return "CloudToDeviceMessage[messageId=" + messageId() + ", " + body.length + " bytes]";
    }
}
