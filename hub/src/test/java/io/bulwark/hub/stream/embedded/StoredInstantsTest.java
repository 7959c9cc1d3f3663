package io.bulwark.hub.stream.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.junit.jupiter.api.Test;

/** The stored enqueued times read back exactly as {@link Instant#parse} would read them. */
class StoredInstantsTest {

    @Test
    void readsEveryFractionLengthTheWriterProducesLikeInstantParse() {
        for (String text : new String[] {"2026-12-01T12:00:00Z", "2026-12-01T12:00:00.100Z",
                "2026-12-01T12:00:00.123Z", "2026-12-01T12:00:00.123456Z", "2026-12-01T12:00:00.123456789Z",
                "2024-02-29T23:59:59.999Z", "1970-01-01T00:00:00Z", "2026-12-01T12:00:00.1Z"}) {
            assertThat(StoredInstants.parse(text)).as(text).isEqualTo(Instant.parse(text));
        }
        Instant now = Instant.now();
        assertThat(StoredInstants.parse(now.toString())).isEqualTo(now);
    }

    @Test
    void leavesImpossibleDatesAndOtherShapesToInstantParse() {
        assertThatThrownBy(() -> StoredInstants.parse("2026-02-30T12:00:00Z"))
                .isInstanceOf(DateTimeParseException.class);
        assertThat(StoredInstants.parse("2026-12-01T12:00:00.Z")).isEqualTo(Instant.parse("2026-12-01T12:00:00.Z"));
        assertThatThrownBy(() -> StoredInstants.parse("2026-12-01 12:00:00Z"))
                .isInstanceOf(DateTimeParseException.class);
    }
}
