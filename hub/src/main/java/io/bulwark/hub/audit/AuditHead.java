package io.bulwark.hub.audit;

/** The sequence number and hash of the newest audit record, kept outside the database as a witness. */
public record AuditHead(long sequence, String hash) {
}
