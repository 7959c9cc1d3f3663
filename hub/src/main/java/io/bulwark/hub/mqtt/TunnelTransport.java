package io.bulwark.hub.mqtt;

import java.nio.ByteBuffer;

/**
 * What a tunnelled MQTT connection needs from the listener that carries its bytes (the HTTPS port's WebSocket
 * endpoint). Called from the hub's event loops, so no method may block.
 */
public interface TunnelTransport {

    /** Sends bytes to the device, in order; the buffer is the transport's. {@code done} runs once written or failed. */
    void send(ByteBuffer bytes, Runnable done);

    /** The session took {@code bytes} of what the device sent: the transport may read on if it had paused. */
    void consumed(int bytes);

    /** The hub ended the connection: send what is queued, then close. */
    void close();

    /** The device stopped reading and its queue is full: drop the connection now, queued bytes included. */
    void abort();
}
