package io.bulwark.hub.stream.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A committed batch is settled only once a sync that began after its commit has returned. */
class WalSyncTest {

    @TempDir
    Path dir;

    @Test
    void aBatchIsSettledOnlyAfterTheSyncReturns() throws Exception {
        CountDownLatch syncStarted = new CountDownLatch(1);
        CountDownLatch releaseSync = new CountDownLatch(1);
        try (WalSync sync = new WalSync(() -> {
            syncStarted.countDown();
            await(releaseSync);
        })) {
            Recorded batch = new Recorded();
            sync.afterCommit(batch);

            assertThat(syncStarted.await(10, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(50);
            assertThat(batch.settled).as("not settled while the disk syncs").isNotDone();
            releaseSync.countDown();
            assertThat(batch.settled.get(10, TimeUnit.SECONDS)).isEqualTo("durable");
        }
    }

    @Test
    void aBatchCommittedDuringASyncWaitsForTheNextOne() throws Exception {
        AtomicInteger syncs = new AtomicInteger();
        CountDownLatch firstSyncStarted = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        try (WalSync sync = new WalSync(() -> {
            if (syncs.incrementAndGet() == 1) {
                firstSyncStarted.countDown();
                await(releaseFirst);
            }
        })) {
            Recorded first = new Recorded();
            sync.afterCommit(first);
            assertThat(firstSyncStarted.await(10, TimeUnit.SECONDS)).isTrue();
            Recorded second = new Recorded();
            sync.afterCommit(second);
            releaseFirst.countDown();

            assertThat(first.settled.get(10, TimeUnit.SECONDS)).isEqualTo("durable");
            assertThat(second.settled.get(10, TimeUnit.SECONDS)).isEqualTo("durable");
            assertThat(syncs.get()).as("the second batch had a sync of its own").isEqualTo(2);
        }
    }

    @Test
    void aFailedSyncLosesWhatWaitedAndNeverSettlesItAsDurable() throws Exception {
        try (WalSync sync = new WalSync(() -> {
            throw new IOException("EIO");
        })) {
            Recorded batch = new Recorded();
            sync.afterCommit(batch);

            assertThat(batch.settled.get(10, TimeUnit.SECONDS)).isEqualTo("lost: EIO");
        }
    }

    @Test
    void closingSettlesWhatWasCommittedBefore() {
        AtomicInteger syncs = new AtomicInteger();
        Recorded batch = new Recorded();
        WalSync sync = new WalSync(syncs::incrementAndGet);
        sync.afterCommit(batch);
        sync.close();

        assertThat(batch.settled).isCompletedWithValue("durable");
        assertThat(syncs.get()).isPositive();
    }

    @Test
    void syncsTheFileAtTheLogsPathNotADescriptorOfAFileThatIsGone() throws Exception {
        Path log = dir.resolve("streams.db-wal");
        Files.write(log, List.of("frames"));
        try (WalSync sync = WalSync.of(log)) {
            sync.syncNow();
            Files.delete(log);
            assertThatThrownBy(sync::syncNow).as("the open descriptor's file is gone").isInstanceOf(
                    UncheckedIOException.class);
            Files.write(log, List.of("other frames"));
            sync.syncNow();
            Recorded batch = new Recorded();
            sync.afterCommit(batch);
            assertThat(batch.settled.get(10, TimeUnit.SECONDS)).isEqualTo("durable");
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class Recorded implements WalSync.Pending {
        final CompletableFuture<String> settled = new CompletableFuture<>();

        @Override
        public void durable() {
            settled.complete("durable");
        }

        @Override
        public void lost(IOException failure) {
            settled.complete("lost: " + failure.getMessage());
        }
    }
}
