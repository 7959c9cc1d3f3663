package io.bulwark.hub.audit;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The hub's tamper-evident record of what people, services and devices did (S-AUD-1). Each record's hash depends on
 * the one before, so records are numbered, linked and queued for storage under one lock, in order. Waiting for the
 * disk happens outside that lock: records queued together share one commit, and {@link #record} returns once its
 * record is durable. Listeners and the head file then see stored records only, in sequence order; a record may reach
 * them just after {@link #record} returned, from the caller handing on the records stored meanwhile.
 */
public final class AuditLog {

    private final AuditRepository repository;
    private final AuditChain chain;
    private final AuditHeadFile headFile;
    private final Clock clock;
    private final List<AuditListener> listeners = new CopyOnWriteArrayList<>();
    /** Guards the chain's in-memory end: the next record's sequence and previous hash. */
    private final Object appendLock = new Object();
    private long lastSequence;
    private String lastHash;
    /** Guards what stored records have been handed on: listeners and the head file, in sequence order. */
    private final Object publishLock = new Object();
    private final ConcurrentSkipListMap<Long, AuditRecord> storedNotPublished = new ConcurrentSkipListMap<>();
    private volatile long lastPublished;
    /** Taken (tryLock) by the one caller handing records on; the others leave their records to it. */
    private final java.util.concurrent.locks.ReentrantLock publishing = new java.util.concurrent.locks.ReentrantLock();

    public AuditLog(AuditRepository repository, AuditChain chain, AuditHeadFile headFile, Clock clock) {
        this.repository = repository;
        this.chain = chain;
        this.headFile = headFile;
        this.clock = clock;
        AuditRecord last = repository.last().orElse(null);
        this.lastSequence = last == null ? 0 : last.sequence();
        this.lastHash = last == null ? AuditChain.GENESIS : last.hash();
        this.lastPublished = lastSequence;
    }

    public AuditRecord record(AuditEvent event) {
        AuditRecord record;
        AuditRepository.QueuedAppend append;
        synchronized (appendLock) {
            long sequence = lastSequence + 1;
            // Millisecond precision survives every store's timestamp type, so the hash can be recomputed after reading.
            Instant time = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            String source = event.actor().source();
            String hash = chain.hash(sequence, time, event.actor().name(), event.action(), event.target(),
                    event.outcome(), source, event.detail(), lastHash);
            record = new AuditRecord(sequence, time, event.actor().name(), event.action(), event.target(),
                    event.outcome(), source, event.detail(), lastHash, hash);
            append = repository.queueAppend(record);
            lastSequence = sequence;
            lastHash = hash;
        }
        try {
            append.awaitDurable();
        } catch (RuntimeException e) {
            forgetFrom(record);
            throw e;
        }
        published(record);
        return record;
    }

    public AuditRecord record(Actor actor, String action, String target, AuditOutcome outcome, String detail) {
        return record(new AuditEvent(actor, action, target, outcome, detail));
    }

    /**
     * Hands {@code listener} every stored record after {@code afterSequence}, then every new one as it is stored.
     * Done under the lock that hands records on, so the listener sees each record once and in sequence order, with
     * no gap between the catch-up and the live records.
     */
    public void follow(long afterSequence, AuditListener listener) {
        synchronized (publishLock) {
            long after = afterSequence;
            while (after < lastPublished) {
                List<AuditRecord> page = repository.query(new AuditQuery(null, null, null, null, null, null, after,
                        AuditQuery.MAX_LIMIT));
                if (page.isEmpty()) {
                    break;
                }
                for (AuditRecord record : page) {
                    if (record.sequence() <= lastPublished) {
                        listener.recorded(record);
                    }
                }
                after = page.get(page.size() - 1).sequence();
            }
            listeners.add(listener);
        }
    }

    /** The newest record, if any. */
    public java.util.Optional<AuditRecord> latest() {
        return repository.last();
    }

    /** Lets go of the head file at shutdown; a record written after this reopens it. */
    public void closeHeadFile() {
        if (headFile != null) {
            headFile.close();
        }
    }

    public List<AuditRecord> query(AuditQuery query) {
        return repository.query(query);
    }

    /**
     * Hands on every stored record up to the newest one without a gap before it, then writes the head file once for
     * all of them. Records are put down before trying the lock. A caller who finds it taken returns at once: the
     * holder hands on everything put down before it lets go, with one head write, and looks again after letting go,
     * so no record is left behind. Callers do not queue up on the lock (each in turn finding nothing to do) while
     * the head file is synced.
     */
    private void published(AuditRecord record) {
        storedNotPublished.put(record.sequence(), record);
        while (storedNotPublished.containsKey(lastPublished + 1) && publishing.tryLock()) {
            try {
                publishStored();
            } finally {
                publishing.unlock();
            }
        }
    }

    private void publishStored() {
        synchronized (publishLock) {
            AuditRecord newest = null;
            AuditRecord next;
            while ((next = storedNotPublished.remove(lastPublished + 1)) != null) {
                lastPublished = next.sequence();
                newest = next;
                for (AuditListener listener : listeners) {
                    listener.recorded(next);
                }
            }
            if (newest != null && headFile != null) {
                headFile.write(new AuditHead(newest.sequence(), newest.hash()));
            }
        }
    }

    /**
     * The record could not be stored, so neither can any queued after it (they link to it). If the chain's end still
     * descends from it, restart from what is stored; a record queued after it takes the sequence number again.
     */
    private void forgetFrom(AuditRecord failed) {
        synchronized (appendLock) {
            if (lastSequence >= failed.sequence()) {
                AuditRecord last = repository.last().orElse(null);
                lastSequence = last == null ? 0 : last.sequence();
                lastHash = last == null ? AuditChain.GENESIS : last.hash();
            }
        }
    }
}
