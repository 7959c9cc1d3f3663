package io.bulwark.device.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.bulwark.protocol.mqtt.MqttFormatException;
import io.bulwark.protocol.mqtt.TwinTopics;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Keeps the application's view of the desired properties current: each pushed patch newer than what it has seen, and
 * after every (re)connect the full desired document read with a twin GET, because patches made while the device was
 * offline are never pushed (PROTOCOL.md). Runs on the event loop; the handler runs on the callback executor.
 */
final class DesiredSync {

    private final TwinChannel twin;
    private final Executor callbacks;
    private final Executor loop;
    private final Consumer<DeviceClientError> errors;
    private volatile DesiredPropertiesHandler handler;
    private long lastVersion = -1;

    DesiredSync(TwinChannel twin, Executor loop, Executor callbacks, Consumer<DeviceClientError> errors) {
        this.twin = twin;
        this.loop = loop;
        this.callbacks = callbacks;
        this.errors = errors;
    }

    void handler(DesiredPropertiesHandler value) {
        handler = value;
    }

    boolean hasHandler() {
        return handler != null;
    }

    /** A patch pushed on {@code $iothub/twin/PATCH/properties/desired/?$version=}. */
    void onPatch(String topic, byte[] payload) {
        long version;
        try {
            version = TwinTopics.parseDesiredVersion(topic);
        } catch (MqttFormatException e) {
            errors.accept(new DeviceClientError(DeviceClientError.Kind.MALFORMED_TWIN,
                    "desired patch topic cannot be read: " + e.getMessage()));
            return;
        }
        JsonNode patch = twin.readObject(payload, "a desired patch");
        if (patch == null || version <= lastVersion) {
            return;
        }
        lastVersion = version;
        deliver(new DesiredProperties(patch, version, false));
    }

    /** After a connect: read the whole desired section and hand it over. */
    void resync() {
        if (handler == null) {
            return;
        }
        twin.get().whenComplete((read, failure) -> loop.execute(() -> {
            if (failure != null) {
                errors.accept(new DeviceClientError(DeviceClientError.Kind.MALFORMED_TWIN,
                        "the twin could not be read after connecting (" + rootCause(failure)
                                + "); desired properties resync at the next connection"));
                return;
            }
            long version = read.desiredVersion();
            if (version < lastVersion) {
                return; // a newer patch already arrived
            }
            lastVersion = version;
            deliver(new DesiredProperties(read.desired(), version, true));
        }));
    }

    private void deliver(DesiredProperties update) {
        DesiredPropertiesHandler target = handler;
        if (target == null) {
            return;
        }
        callbacks.execute(() -> {
            try {
                target.onDesiredProperties(update);
            } catch (RuntimeException e) {
                errors.accept(new DeviceClientError(DeviceClientError.Kind.HANDLER_FAILED,
                        "the desired-properties handler threw " + e.getClass().getSimpleName()));
            }
        });
    }

    static String rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName();
    }
}
