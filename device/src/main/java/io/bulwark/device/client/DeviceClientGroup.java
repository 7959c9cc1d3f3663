package io.bulwark.device.client;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Threads shared by many clients: network event loops (each client lives on one of them) and a small pool for the
 * application's handlers and the outbox's disk work. A thousand clients in one JVM (a gateway, a simulator, a test)
 * then cost a thousand sockets, not thousands of threads. Close the group after its clients.
 */
public final class DeviceClientGroup implements AutoCloseable {

    private final EventLoopGroup loops;
    private final ExecutorService callbacks;

    /** One network thread per processor, eight handler threads. */
    public DeviceClientGroup() {
        this(Runtime.getRuntime().availableProcessors(), 8);
    }

    public DeviceClientGroup(int networkThreads, int handlerThreads) {
        if (networkThreads < 1 || handlerThreads < 1) {
            throw new IllegalArgumentException("a group needs at least one thread of each kind");
        }
        loops = new NioEventLoopGroup(networkThreads, new DefaultThreadFactory("bulwark-device-io", true));
        callbacks = Executors.newFixedThreadPool(handlerThreads, new DefaultThreadFactory("bulwark-device-handlers",
                true));
    }

    EventLoop nextLoop() {
        return loops.next();
    }

    ExecutorService callbacks() {
        return callbacks;
    }

    /** Starts shutting down without waiting (for a close from one of the group's own threads). */
    void closeLater() {
        loops.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        callbacks.shutdown();
    }

    @Override
    public void close() {
        loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        callbacks.shutdown();
        try {
            callbacks.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
