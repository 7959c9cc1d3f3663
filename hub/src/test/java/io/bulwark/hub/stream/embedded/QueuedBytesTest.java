package io.bulwark.hub.stream.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class QueuedBytesTest {

    @Test
    void takesUpToTheLimitAndRefusesWhatWouldPassIt() {
        QueuedBytes bytes = new QueuedBytes(100);
        assertThat(bytes.take(60)).isTrue();
        assertThat(bytes.take(40)).isTrue();
        assertThat(bytes.take(1)).isFalse();
        assertThat(bytes.queued()).isEqualTo(100);
    }

    @Test
    void whatTheWriterGivesBackCanBeTakenAgain() {
        QueuedBytes bytes = new QueuedBytes(100);
        assertThat(bytes.take(80)).isTrue();
        assertThat(bytes.take(30)).isFalse();
        bytes.release(80);
        assertThat(bytes.take(30)).isTrue();
        assertThat(bytes.queued()).isEqualTo(30);
    }

    @Test
    void aMessageOverTheLimitGoesWhenNothingElseWaits() {
        QueuedBytes bytes = new QueuedBytes(100);
        assertThat(bytes.take(500)).isTrue();
        assertThat(bytes.take(1)).isFalse();
        bytes.release(500);
        assertThat(bytes.take(10)).isTrue();
        assertThat(bytes.take(500)).isFalse();
        assertThat(bytes.queued()).isEqualTo(10);
    }

    @Test
    void aLimitBelowOneByteIsRefused() {
        assertThatThrownBy(() -> new QueuedBytes(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the limit is at least one byte");
    }
}
