package io.bulwark.hub.mqtt;

import io.bulwark.hub.auth.AuthenticatedDevice;
import io.bulwark.protocol.mqtt.DeviceSubscriptions;
import io.bulwark.protocol.mqtt.MethodTopics;
import io.bulwark.protocol.mqtt.TwinTopics;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import java.util.ArrayList;
import java.util.List;

/**
 * What one SUBSCRIBE of a device is granted: each filter on its own (S-ACL-1), at most QoS 1, refused outside the
 * device's namespace; and which of the hub's deliveries (methods, desired properties, C2D) it turns on.
 */
record SubscriptionGrants(List<MqttQoS> granted, int refused, boolean methods, boolean desired, boolean messages) {

    SubscriptionGrants {
        granted = List.copyOf(granted);
    }

    static SubscriptionGrants of(AuthenticatedDevice device, List<MqttTopicSubscription> filters) {
        List<MqttQoS> granted = new ArrayList<>(filters.size());
        int refused = 0;
        boolean methods = false;
        boolean desired = false;
        boolean messages = false;
        for (MqttTopicSubscription filter : filters) {
            String topic = filter.topicName();
            if (!DeviceSubscriptions.isAllowed(topic, device.id().deviceId(), device.id().moduleId())) {
                granted.add(MqttQoS.FAILURE);
                refused++;
                continue;
            }
            granted.add(MqttQoS.valueOf(Math.min(filter.qualityOfService().value(), MqttQoS.AT_LEAST_ONCE.value())));
            methods |= topic.equals(MethodTopics.SUBSCRIPTION);
            desired |= topic.equals(TwinTopics.DESIRED_SUBSCRIPTION);
            messages |= topic.endsWith("/messages/devicebound/#");
        }
        return new SubscriptionGrants(granted, refused, methods, desired, messages);
    }
}
