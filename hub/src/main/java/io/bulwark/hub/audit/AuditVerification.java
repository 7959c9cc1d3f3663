package io.bulwark.hub.audit;

/**
 * The result of checking the whole chain.
 *
 * @param firstBadSequence the sequence number of the first record that breaks the chain (or where one is missing),
 *                         or -1 when the chain is intact
 * @param problem          what is wrong with it, for a human
 */
public record AuditVerification(long recordsChecked, long firstBadSequence, String problem) {

    public static AuditVerification intact(long recordsChecked) {
        return new AuditVerification(recordsChecked, -1, null);
    }

    public boolean isIntact() {
        return firstBadSequence < 0;
    }
}
