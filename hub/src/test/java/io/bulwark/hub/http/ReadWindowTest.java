package io.bulwark.hub.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** When reading a device's WebSocket pauses and goes on (S-DOS-3: bounded buffering towards the hub). */
class ReadWindowTest {

    private final ReadWindow window = new ReadWindow(1_000);
    private final AtomicInteger pauses = new AtomicInteger();

    @Test
    void readsOnWhileTheSessionKeepsUp() {
        for (int i = 0; i < 100; i++) {
            window.taken(400, pauses::incrementAndGet);
            assertThat(window.consumed(400)).isFalse();
        }
        assertThat(pauses).hasValue(0);
        assertThat(window.pending()).isZero();
    }

    @Test
    void pausesOnceWhenTheWindowIsFullAndGoesOnAtHalf() {
        window.taken(600, pauses::incrementAndGet);
        window.taken(600, pauses::incrementAndGet);
        // A frame already on its way may still arrive after the pause: it is counted, not paused twice.
        window.taken(600, pauses::incrementAndGet);
        assertThat(pauses).hasValue(1);
        assertThat(window.consumed(600)).as("1200 still pending").isFalse();
        assertThat(window.consumed(600)).as("600 pending").isFalse();
        assertThat(window.consumed(200)).as("400 pending: at most half the window").isTrue();
        assertThat(window.consumed(400)).as("already going on").isFalse();
    }

    @Test
    void aSessionThatStopsReadingHoldsTheDeviceAtOneWindow() {
        // Authentication or throttling turned reading off: nothing is consumed until it is back on.
        for (int i = 0; i < 10; i++) {
            window.taken(300, pauses::incrementAndGet);
            if (pauses.get() > 0) {
                break;
            }
        }
        assertThat(pauses).hasValue(1);
        assertThat(window.pending()).isEqualTo(1_200);
    }

    @Test
    void refusesAnEmptyWindow() {
        assertThatThrownBy(() -> new ReadWindow(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
