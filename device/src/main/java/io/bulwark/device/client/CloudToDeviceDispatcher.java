package io.bulwark.device.client;

import io.bulwark.protocol.mqtt.CloudToDeviceTopics;
import io.bulwark.protocol.mqtt.MqttFormatException;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Turns cloud-to-device publishes into {@link CloudToDeviceMessage}s and their settlement into PUBACKs (complete and
 * reject) or silence (abandon), on the connection that delivered them only: a PUBACK on a newer connection would name
 * a packet id the hub never sent there. A topic whose property bag cannot be read is acknowledged, so that the hub
 * does not send it again and again, and reported.
 */
final class CloudToDeviceDispatcher {

    private final String deviceId;
    private final String moduleId;
    private final Executor loop;
    private final Executor callbacks;
    private final Consumer<DeviceClientError> errors;
    private volatile CloudToDeviceHandler handler;

    CloudToDeviceDispatcher(String deviceId, String moduleId, Executor loop, Executor callbacks,
                            Consumer<DeviceClientError> errors) {
        this.deviceId = deviceId;
        this.moduleId = moduleId;
        this.loop = loop;
        this.callbacks = callbacks;
        this.errors = errors;
    }

    void handler(CloudToDeviceHandler value) {
        handler = value;
    }

    boolean hasHandler() {
        return handler != null;
    }

    void onMessage(Link link, Supplier<Link> currentLink, String topic, MqttQoS qos, int packetId, byte[] payload) {
        Map<String, String> all;
        try {
            all = CloudToDeviceTopics.parseProperties(topic, deviceId, moduleId);
        } catch (MqttFormatException e) {
            errors.accept(new DeviceClientError(DeviceClientError.Kind.MALFORMED_CLOUD_TO_DEVICE,
                    "cloud-to-device message dropped, its topic cannot be read: " + e.getMessage()));
            acknowledge(link, qos, packetId);
            return;
        }
        CloudToDeviceHandler target = handler;
        if (target == null) {
            return; // not subscribed any more: the hub keeps it for the next connection
        }
        Map<String, String> application = new LinkedHashMap<>();
        Map<String, String> system = new LinkedHashMap<>();
        all.forEach((name, value) -> (name.startsWith("$.") || name.startsWith("iothub-") ? system : application)
                .put(name, value));
        CloudToDeviceMessage message = new CloudToDeviceMessage(payload, application, system, disposition ->
                loop.execute(() -> {
                    if (disposition != CloudToDeviceMessage.Disposition.ABANDON && currentLink.get() == link) {
                        acknowledge(link, qos, packetId);
                    }
                }));
        callbacks.execute(() -> {
            try {
                target.onMessage(message);
            } catch (RuntimeException e) {
                errors.accept(new DeviceClientError(DeviceClientError.Kind.HANDLER_FAILED,
                        "the cloud-to-device handler threw " + e.getClass().getSimpleName() + "; message abandoned"));
                if (!message.isSettled()) {
                    message.abandon();
                }
            }
        });
    }

    private static void acknowledge(Link link, MqttQoS qos, int packetId) {
        if (qos == MqttQoS.AT_LEAST_ONCE) {
            link.acknowledge(packetId);
            link.flush();
        }
    }
}
