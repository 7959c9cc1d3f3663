package io.bulwark.hub.methods;

/** The transport side of direct methods: hands a request to the device's live connection. */
public interface MethodDelivery {

    /** False when the identity has no live connection subscribed to methods. */
    boolean deliver(MethodRequest request);

    boolean canDeliver(io.bulwark.hub.registry.IdentityId target);
}
