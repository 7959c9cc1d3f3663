package io.bulwark.hub.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.hub.registry.SymmetricKeys;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Policies served from memory on the request path, never stale after a save through the hub. */
class CachedPolicyRepositoryTest {

    /** A store that counts its reads. */
    private static final class CountingStore implements PolicyRepository {
        final Map<String, AccessPolicy> policies = new LinkedHashMap<>();
        int reads;

        @Override
        public List<AccessPolicy> all() {
            reads++;
            return new ArrayList<>(policies.values());
        }

        @Override
        public Optional<AccessPolicy> find(String name) {
            reads++;
            return Optional.ofNullable(policies.get(name));
        }

        @Override
        public void save(AccessPolicy policy) {
            policies.put(policy.name(), policy);
        }
    }

    private final CountingStore store = new CountingStore();
    private final CachedPolicyRepository cached = new CachedPolicyRepository(store);

    @Test
    void repeatedLookupsReadTheStoreOnce() {
        store.save(policy("service", 1, Permission.SERVICE_CONNECT));
        for (int i = 0; i < 5; i++) {
            assertThat(cached.find("service")).map(AccessPolicy::permissions).contains(
                    EnumSet.of(Permission.SERVICE_CONNECT));
        }
        assertThat(cached.find("nobody")).isEmpty();
        assertThat(store.reads).isEqualTo(1);
    }

    @Test
    void aSaveIsSeenByTheNextLookup() { // a regenerated key refuses the old key's tokens at once
        cached.save(policy("service", 1, Permission.SERVICE_CONNECT));
        assertThat(cached.find("service").orElseThrow().keys().primaryKey()).isEqualTo(key(1));

        cached.save(policy("service", 2, Permission.REGISTRY_READ));
        AccessPolicy now = cached.find("service").orElseThrow();
        assertThat(now.keys().primaryKey()).isEqualTo(key(2));
        assertThat(now.permissions()).containsExactly(Permission.REGISTRY_READ);
        cached.save(policy("other", 3, Permission.DEVICE_CONNECT));
        assertThat(cached.all()).extracting(AccessPolicy::name).containsExactly("service", "other");
    }

    private static AccessPolicy policy(String name, int seed, Permission permission) {
        return new AccessPolicy(name, new SymmetricKeys(key(seed), key(seed + 100)), EnumSet.of(permission));
    }

    private static String key(int seed) {
        byte[] bytes = new byte[32];
        java.util.Arrays.fill(bytes, (byte) seed);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
