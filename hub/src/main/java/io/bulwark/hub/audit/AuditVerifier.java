package io.bulwark.hub.audit;

import java.util.Optional;

/**
 * Walks the stored chain and names the first record that was edited, removed or moved. Sequence numbers must run
 * 1, 2, 3... without gaps, each record must link to its predecessor's hash, and each hash must match its content.
 */
public final class AuditVerifier {

    private final AuditChain chain;

    public AuditVerifier(AuditChain chain) {
        this.chain = chain;
    }

    public AuditVerification verify(AuditRepository repository, Optional<AuditHead> head) {
        Walk walk = new Walk(head.map(AuditHead::sequence).orElse(-1L));
        repository.forEachInSequence(walk::check);
        if (walk.failure != null) {
            return walk.failure;
        }
        if (head.isEmpty() && walk.checked > 0) {
            return new AuditVerification(walk.checked, walk.lastSequence,
                    "the audit head file is missing, so removal of the newest records cannot be ruled out");
        }
        if (head.isPresent()) {
            AuditHead witness = head.get();
            // The hub writes the head after the database, so a crash (or a reader racing a live hub) can leave the head
            // behind the chain; a head ahead of the chain, or naming a different record, means records were cut off
            // or replaced.
            if (witness.sequence() > walk.lastSequence) {
                return new AuditVerification(walk.checked, walk.lastSequence + 1,
                        "records " + (walk.lastSequence + 1) + ".." + witness.sequence()
                                + " are missing (the head file names " + witness.sequence() + ")");
            }
            if (!witness.hash().equals(walk.hashAtHead)) {
                return new AuditVerification(walk.checked, witness.sequence(),
                        "record " + witness.sequence() + " does not match the head file");
            }
        }
        return AuditVerification.intact(walk.checked);
    }

    private final class Walk {
        final long headSequence;
        long checked;
        long lastSequence;
        String lastHash = AuditChain.GENESIS;
        String hashAtHead;
        AuditVerification failure;

        Walk(long headSequence) {
            this.headSequence = headSequence;
        }

        void check(AuditRecord record) {
            if (failure != null) {
                return;
            }
            long expected = lastSequence + 1;
            if (record.sequence() != expected) {
                failure = new AuditVerification(checked, Math.min(expected, record.sequence()),
                        record.sequence() > expected
                                ? "record " + expected + " is missing (found " + record.sequence() + " next)"
                                : "record " + record.sequence() + " is out of order (expected " + expected + ")");
                return;
            }
            if (!record.previousHash().equals(lastHash)) {
                failure = new AuditVerification(checked, record.sequence(),
                        "record " + record.sequence() + " does not link to record " + lastSequence);
                return;
            }
            if (!chain.expectedHash(record).equals(record.hash())) {
                failure = new AuditVerification(checked, record.sequence(),
                        "record " + record.sequence() + " was modified (its hash does not match its content)");
                return;
            }
            lastSequence = record.sequence();
            lastHash = record.hash();
            if (lastSequence == headSequence) {
                hashAtHead = lastHash;
            }
            checked++;
        }
    }
}
