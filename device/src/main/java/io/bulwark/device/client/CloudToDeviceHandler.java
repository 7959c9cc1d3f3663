package io.bulwark.device.client;

/**
 * Receives cloud-to-device messages, one at a time in arrival order, on the client's callback thread (never on the
 * network thread). Must settle each message; one that throws has its message abandoned and the error reported.
 */
@FunctionalInterface
public interface CloudToDeviceHandler {

    void onMessage(CloudToDeviceMessage message);
}
