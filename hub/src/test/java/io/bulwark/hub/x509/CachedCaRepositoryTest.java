package io.bulwark.hub.x509;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The connect path reads registered CAs from memory, and sees every write at once. */
class CachedCaRepositoryTest {

    /** A store that counts how often the cache reads its list. */
    private static final class CountingStore implements CaRepository {
        int lists;
        final List<RegisteredCa> cas = new ArrayList<>();

        @Override
        public boolean insert(RegisteredCa ca) {
            return cas.add(ca);
        }

        @Override
        public boolean replace(RegisteredCa ca, String expectedEtag) {
            return true;
        }

        @Override
        public Optional<RegisteredCa> find(String name) {
            return Optional.empty();
        }

        @Override
        public List<RegisteredCa> list() {
            lists++;
            return List.copyOf(cas);
        }

        @Override
        public boolean delete(String name) {
            return true;
        }
    }

    @Test
    void repeatedReadsHitTheStoreOnceAndEveryWriteIsSeenAtOnce() {
        CountingStore store = new CountingStore();
        CachedCaRepository cached = new CachedCaRepository(store);
        for (int i = 0; i < 5; i++) {
            assertThat(cached.list()).isEmpty();
        }
        assertThat(store.lists).isEqualTo(1);

        cached.delete("fleet");
        cached.list();
        cached.list();
        assertThat(store.lists).isEqualTo(2);

        cached.replace(null, "etag");
        assertThat(cached.find("fleet")).isEmpty();
        assertThat(store.lists).isEqualTo(3);
    }
}
