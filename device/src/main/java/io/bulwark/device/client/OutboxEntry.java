package io.bulwark.device.client;

/** A message stored in the outbox, under its sequence number (the file name), with its size on disk. */
record OutboxEntry(long sequence, DeviceMessage message, long bytes) {
}
