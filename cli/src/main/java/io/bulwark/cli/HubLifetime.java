package io.bulwark.cli;

import java.util.concurrent.CountDownLatch;

/** How long {@code bulwark up} keeps its hub: until the process is told to stop, or as a test decides. */
@FunctionalInterface
public interface HubLifetime {

    /** Blocks while the hub should run, and makes sure {@code stop} runs exactly once when it should stop. */
    void runUntilStopped(Runnable stop) throws InterruptedException;

    /** Until Ctrl-C or SIGTERM: a shutdown hook stops the hub, so the database and audit head are closed cleanly. */
    static HubLifetime untilJvmShutdown() {
        return stop -> {
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    stop.run();
                } finally {
                    stopped.countDown();
                }
            }, "bulwark-shutdown"));
            stopped.await();
        };
    }
}
