package io.bulwark.device.client;

/** Receives desired-property changes on the client's callback thread, oldest first. */
@FunctionalInterface
public interface DesiredPropertiesHandler {

    void onDesiredProperties(DesiredProperties update);
}
