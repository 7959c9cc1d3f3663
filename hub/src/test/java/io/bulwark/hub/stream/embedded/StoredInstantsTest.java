package io.bulwark.hub.stream.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The stored enqueued times written exactly as {@link Instant#toString()} writes them, read back as {@link Instant#parse}. */
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

    @Test
    void writesTheSameTextAsInstantToStringForEveryFractionLength() {
        for (String text : new String[] {"2026-12-01T12:00:00Z", "2026-12-01T12:00:00.100Z",
                "2026-12-01T12:00:00.123Z", "2026-12-01T12:00:00.123456Z", "2026-12-01T12:00:00.123456789Z",
                "2026-12-01T12:00:00.000001Z", "2026-12-01T12:00:00.000000001Z", "2024-02-29T23:59:59.999Z",
                "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999Z", "0000-01-01T00:00:00Z",
                "9999-12-31T23:59:59.999999999Z"}) {
            Instant instant = Instant.parse(text);
            assertThat(StoredInstants.format(instant)).as(text).isEqualTo(instant.toString());
        }
    }

    @Test
    void writesRandomInstantsAsInstantToStringAndReadsThemBack() {
        SplittableRandom random = new SplittableRandom(6);
        long from = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long to = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 100_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(from, to + 1), random.nextInt(1_000_000_000));
            for (Instant shape : new Instant[] {instant, instant.truncatedTo(ChronoUnit.MILLIS),
                    instant.truncatedTo(ChronoUnit.MICROS), instant.truncatedTo(ChronoUnit.SECONDS)}) {
                String text = StoredInstants.format(shape);
                assertThat(text).isEqualTo(shape.toString());
                assertThat(StoredInstants.parse(text)).isEqualTo(shape);
            }
        }
    }

    @Test
    void leavesYearsBeyondFourDigitsToInstant() {
        for (Instant instant : new Instant[] {Instant.parse("+10000-01-01T00:00:00Z"),
                Instant.parse("-0001-12-31T23:59:59Z"), Instant.MAX, Instant.MIN}) {
            assertThat(StoredInstants.format(instant)).isEqualTo(instant.toString());
        }
    }
}
