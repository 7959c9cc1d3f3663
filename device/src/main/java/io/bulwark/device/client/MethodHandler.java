package io.bulwark.device.client;

/**
 * Answers one direct method. Called on the client's callback thread; a handler that throws is answered with 500 and
 * reported to the error handler.
 */
@FunctionalInterface
public interface MethodHandler {

    MethodResponse handle(MethodRequest request) throws Exception;
}
