package io.bulwark.hub.security.detect;

import io.bulwark.hub.registry.DevicePresence;
import io.bulwark.hub.registry.IdentityId;
import io.bulwark.hub.security.alert.AlertSignal;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Accepted device connections, handed from the transport to the source-network detector through a bounded queue:
 * successful connects are not audited (a synced audit write per connect would slow every connect), so no stream
 * holds them. The transport thread only offers to the queue; when it is full the connect is dropped from monitoring,
 * never delayed.
 */
public final class ConnectFeed implements DevicePresence.ConnectListener, AutoCloseable {

    private static final int CAPACITY = 10_000;

    private final BlockingQueue<DeviceConnect> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final NewSourceNetworkDetector detector;
    private final Consumer<AlertSignal> raise;
    private final Thread thread;
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean running = true;

    public ConnectFeed(NewSourceNetworkDetector detector, Consumer<AlertSignal> raise) {
        this.detector = detector;
        this.raise = raise;
        this.thread = new Thread(this::run, "bulwark-detect-connects");
        thread.setDaemon(true);
    }

    public ConnectFeed start() {
        thread.start();
        return this;
    }

    @Override
    public void connected(IdentityId id, String source, Instant time) {
        if (!queue.offer(new DeviceConnect(id.deviceId(), source, time))) {
            dropped.incrementAndGet();
        }
    }

    private void run() {
        while (running) {
            try {
                DeviceConnect connect = queue.take();
                detector.inspect(connect).forEach(raise);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(ConnectFeed.class).warn("source-network detector failed: {}",
                        e.getClass().getName());
            }
        }
    }

    /** Connects not looked at because the queue was full. */
    public long dropped() {
        return dropped.get();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
