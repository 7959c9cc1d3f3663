package io.bulwark.bench;

/**
 * A back end reading every device's telemetry while a phase runs, the work a broker does so that somebody gets the
 * messages: for Bulwark a reader of its telemetry stream, for Mosquitto a subscriber to all devices' events. It
 * counts what it receives and does nothing else with it, so that it never is the slower side.
 */
interface TelemetryConsumer extends AutoCloseable {

    /** Messages received since it opened. */
    long received();

    /** Why it stopped early (its connection failed), or null while it runs. */
    String failure();

    @Override
    void close() throws Exception;
}
