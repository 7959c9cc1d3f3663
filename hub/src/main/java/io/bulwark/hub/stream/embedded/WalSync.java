package io.bulwark.hub.stream.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Syncs the streams' write-ahead log on a thread of its own, so that the stream writer goes on inserting the next
 * batch while the disk syncs the last ones: the commits run with {@code synchronous=NORMAL} (no sync of their own),
 * and a batch is settled only after a sync that began after its commit. So an acknowledged message is on disk, as
 * with {@code synchronous=FULL}, and one sync often covers several batches.
 *
 * <p>Why this is as safe as FULL: in WAL mode with NORMAL, SQLite still syncs the log before every checkpoint copies
 * it into the database file, and the log's header when it starts over, so a power loss can only drop commits whose
 * log frames were not synced yet, and those were never settled. The log is synced through a descriptor of its own,
 * opened again whenever the file at the log's path is another one than the one open.
 */
final class WalSync implements AutoCloseable {

    /** What waits for a sync: settled once its commit is on disk, or failed when the sync failed. */
    interface Pending {
        void durable();

        void lost(IOException failure);
    }

    /** The sync itself: the write-ahead log's data on disk. */
    interface Disk {
        void sync() throws IOException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(WalSync.class);

    private final Disk disk;
    private final BlockingQueue<Pending> committed = new LinkedBlockingQueue<>();
    private final Thread syncer;
    private volatile boolean running = true;

    WalSync(Disk disk) {
        this.disk = Objects.requireNonNull(disk);
        this.syncer = new Thread(this::syncLoop, "bulwark-stream-sync");
        this.syncer.setDaemon(true);
        this.syncer.start();
    }

    /** Syncs the log at {@code walFile}, the {@code -wal} file beside the streams. */
    static WalSync of(Path walFile) {
        return new WalSync(new LogFile(walFile));
    }

    /** Settles {@code pending} after the next sync; call after its commit returned. */
    void afterCommit(Pending pending) {
        committed.add(pending);
    }

    /** Syncs now, on the calling thread: for the rare writes that wait for their own sync (consumer cursors). */
    void syncNow() {
        try {
            disk.sync();
        } catch (IOException e) {
            throw new UncheckedIOException("the streams' log could not be synced", e);
        }
    }

    private void syncLoop() {
        List<Pending> batch = new ArrayList<>();
        while (running || !committed.isEmpty()) {
            try {
                Pending first = committed.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                committed.drainTo(batch);
                settle(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void settle(List<Pending> batch) {
        try {
            disk.sync();
        } catch (IOException e) {
            // Not retried as if nothing happened: after a failed sync the kernel may have dropped the pages, so what
            // waited is reported lost (devices get no PUBACK and send again).
            LOG.error("the streams' log could not be synced; {} batches are not acknowledged: {}", batch.size(),
                    e.toString());
            batch.forEach(pending -> pending.lost(e));
            return;
        }
        for (Pending pending : batch) {
            try {
                pending.durable();
            } catch (RuntimeException e) {
                LOG.warn("settling a synced batch failed: {}", e.toString());
            }
        }
    }

    /** Settles what was committed before, then stops the thread. */
    @Override
    public void close() {
        running = false;
        try {
            syncer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (disk instanceof LogFile file) {
            file.close();
        }
    }

    /** The write-ahead log file, through a read-only descriptor of its own (a sync needs no write access). */
    private static final class LogFile implements Disk {

        private final Path path;
        private FileChannel channel;
        private Object openFileKey;

        LogFile(Path path) {
            this.path = path;
        }

        @Override
        public synchronized void sync() throws IOException {
            Object fileKey = Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
            if (channel == null || !Objects.equals(fileKey, openFileKey)) {
                close();
                channel = FileChannel.open(path, StandardOpenOption.READ);
                openFileKey = fileKey;
            }
            channel.force(false);
        }

        synchronized void close() {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException e) {
                    LOG.debug("closing the streams' log descriptor: {}", e.toString());
                }
                channel = null;
            }
        }
    }
}
