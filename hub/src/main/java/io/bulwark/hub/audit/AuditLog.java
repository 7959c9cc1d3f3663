package io.bulwark.hub.audit;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The hub's tamper-evident record of what people, services and devices did (S-AUD-1). Appends are serialised here:
 * each record's hash depends on the one before, so there is exactly one writer.
 */
public final class AuditLog {

    private final AuditRepository repository;
    private final AuditChain chain;
    private final AuditHeadFile headFile;
    private final Clock clock;
    private final List<AuditListener> listeners = new CopyOnWriteArrayList<>();
    private long lastSequence;
    private String lastHash;

    public AuditLog(AuditRepository repository, AuditChain chain, AuditHeadFile headFile, Clock clock) {
        this.repository = repository;
        this.chain = chain;
        this.headFile = headFile;
        this.clock = clock;
        AuditRecord last = repository.last().orElse(null);
        this.lastSequence = last == null ? 0 : last.sequence();
        this.lastHash = last == null ? AuditChain.GENESIS : last.hash();
    }

    public synchronized AuditRecord record(AuditEvent event) {
        long sequence = lastSequence + 1;
        // Millisecond precision survives every store's timestamp type, so the hash can be recomputed after reading.
        Instant time = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String source = event.actor().source();
        String hash = chain.hash(sequence, time, event.actor().name(), event.action(), event.target(),
                event.outcome(), source, event.detail(), lastHash);
        AuditRecord record = new AuditRecord(sequence, time, event.actor().name(), event.action(), event.target(),
                event.outcome(), source, event.detail(), lastHash, hash);
        repository.append(record);
        lastSequence = sequence;
        lastHash = hash;
        if (headFile != null) {
            headFile.write(new AuditHead(sequence, hash));
        }
        for (AuditListener listener : listeners) {
            listener.recorded(record);
        }
        return record;
    }

    public AuditRecord record(Actor actor, String action, String target, AuditOutcome outcome, String detail) {
        return record(new AuditEvent(actor, action, target, outcome, detail));
    }

    /**
     * Hands {@code listener} every stored record after {@code afterSequence}, then every new one as it is written.
     * Done under the log's lock, so the listener sees each record once and in sequence order, with no gap between
     * the catch-up and the live records.
     */
    public synchronized void follow(long afterSequence, AuditListener listener) {
        long after = afterSequence;
        while (after < lastSequence) {
            List<AuditRecord> page = repository.query(new AuditQuery(null, null, null, null, null, null, after,
                    AuditQuery.MAX_LIMIT));
            if (page.isEmpty()) {
                break;
            }
            page.forEach(listener::recorded);
            after = page.get(page.size() - 1).sequence();
        }
        listeners.add(listener);
    }

    /** The newest record, if any. */
    public java.util.Optional<AuditRecord> latest() {
        return repository.last();
    }

    public List<AuditRecord> query(AuditQuery query) {
        return repository.query(query);
    }
}
