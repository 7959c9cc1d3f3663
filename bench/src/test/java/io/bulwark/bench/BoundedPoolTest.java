package io.bulwark.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class BoundedPoolTest {

    @Test
    void handsOutIdleMembersAtOnceInTurn() {
        BoundedPool<String> pool = new BoundedPool<>(List.of("a", "b"));
        assertThat(pool.acquire().join()).isEqualTo("a");
        assertThat(pool.acquire().join()).isEqualTo("b");
        assertThat(pool.idle()).isZero();
        pool.release("a");
        pool.release("b");
        // First released, first out: every connection keeps being used.
        assertThat(pool.acquire().join()).isEqualTo("a");
        assertThat(pool.queueing()).isEqualTo(new BoundedPool.Queueing(0, 0));
    }

    @Test
    void queuesCallersBeyondItsMembersAndServesThemInArrivalOrder() {
        BoundedPool<String> pool = new BoundedPool<>(List.of("only"));
        CompletableFuture<String> first = pool.acquire();
        CompletableFuture<String> second = pool.acquire();
        CompletableFuture<String> third = pool.acquire();
        assertThat(first).isCompletedWithValue("only");
        assertThat(second).isNotDone();
        assertThat(third).isNotDone();
        assertThat(pool.waiting()).isEqualTo(2);

        pool.release("only");
        assertThat(second).isCompletedWithValue("only");
        assertThat(third).isNotDone();
        pool.release("only");
        assertThat(third).isCompletedWithValue("only");
        pool.release("only");
        assertThat(pool.idle()).isEqualTo(1);
        assertThat(pool.waiting()).isZero();
        assertThat(pool.queueing()).isEqualTo(new BoundedPool.Queueing(2, 2));
    }

    @Test
    void neverHasMoreMembersOutThanItHolds() {
        BoundedPool<Integer> pool = new BoundedPool<>(List.of(1, 2, 3));
        List<CompletableFuture<Integer>> calls = java.util.stream.IntStream.range(0, 10)
                .mapToObj(i -> pool.acquire()).toList();
        assertThat(calls.stream().filter(CompletableFuture::isDone)).hasSize(3);
        assertThat(pool.waiting()).isEqualTo(7);
        assertThat(pool.queueing().mostWaiting()).isEqualTo(7);
    }

    @Test
    void refusesAReleaseWithoutAnAcquire() {
        BoundedPool<String> pool = new BoundedPool<>(List.of("a"));
        assertThatThrownBy(() -> pool.release("a")).isInstanceOf(IllegalStateException.class);
        assertThat(pool.idle()).isEqualTo(1);
    }

    @Test
    void needsAtLeastOneMember() {
        assertThatThrownBy(() -> new BoundedPool<>(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
