package io.bulwark.hub.registry;

/** What a bulk import changed. */
public record ImportResult(int created, int updated, int deleted) {
}
