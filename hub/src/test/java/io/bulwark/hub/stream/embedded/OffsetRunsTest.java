package io.bulwark.hub.stream.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OffsetRunsTest {

    @Test
    void readsTheOffsetsOfARunWithinItsBoundsAndLimit() {
        assertThat(read("3,17,250,9000000001", 0, Long.MAX_VALUE, 10)).containsExactly(3L, 17L, 250L, 9_000_000_001L);
        assertThat(read("3,17,250,9000000001", 17, 250, 10)).containsExactly(17L, 250L);
        assertThat(read("3,17,250,9000000001", 4, Long.MAX_VALUE, 2)).containsExactly(17L, 250L);
        assertThat(read("42", 42, 42, 1)).containsExactly(42L);
    }

    @Test
    void addsToWhatALookupAlreadyFoundAndStopsAtItsLimit() {
        List<Long> found = new ArrayList<>(List.of(1L, 2L));
        OffsetRuns.addOffsets("5,6,7", 0, 100, 3, found);
        assertThat(found).containsExactly(1L, 2L, 5L);
    }

    @Test
    void refusesTextThatIsNotARun() {
        assertThatThrownBy(() -> read("1,-2", 0, 10, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> read("1,,2", 0, 10, 10)).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<Long> read(String run, long from, long upTo, int limit) {
        List<Long> found = new ArrayList<>();
        OffsetRuns.addOffsets(run, from, upTo, limit, found);
        return found;
    }
}
