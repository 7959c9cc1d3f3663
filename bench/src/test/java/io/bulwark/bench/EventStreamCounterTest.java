package io.bulwark.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EventStreamCounterTest {

    /** As the hub writes them (EventStreams.event), with a keep-alive and a skipped event among them. */
    private static final byte[] BODY = (": keep-alive\n\n"
            + "id: 99\nevent: skipped\ndata: {\"requested\":1,\"firstOffset\":100}\n\n"
            + "id: 100\nevent: message\ndata: {\"offset\":100,\"body\":\"eA==\"}\n\n"
            + "id: 101\nevent: message\ndata: {\"offset\":101,\"properties\":{\"event\":\"message\"}}\n\n"
            + ": keep-alive\n\n"
            + "id: 102\nevent: message\ndata: {\"offset\":102}\n\n").getBytes(StandardCharsets.UTF_8);

    @Test
    void countsMessageEventsOnly() {
        EventStreamCounter counter = new EventStreamCounter();
        counter.feed(BODY, 0, BODY.length);
        assertThat(counter.events()).isEqualTo(3);
    }

    @Test
    void countsTheSameWhereverTheChunksAreCut() {
        for (int cut = 0; cut <= BODY.length; cut++) {
            EventStreamCounter counter = new EventStreamCounter();
            counter.feed(BODY, 0, cut);
            counter.feed(BODY, cut, BODY.length - cut);
            assertThat(counter.events()).as("cut at %d", cut).isEqualTo(3);
        }
        EventStreamCounter byteByByte = new EventStreamCounter();
        for (int i = 0; i < BODY.length; i++) {
            byteByByte.feed(BODY, i, 1);
        }
        assertThat(byteByByte.events()).isEqualTo(3);
    }
}
