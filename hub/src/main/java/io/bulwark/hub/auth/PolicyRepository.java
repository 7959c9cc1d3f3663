package io.bulwark.hub.auth;

import java.util.List;
import java.util.Optional;

/** Storage port of the shared access policies. Keys are the implementation's to protect at rest (S-DATA-2). */
public interface PolicyRepository {

    List<AccessPolicy> all();

    Optional<AccessPolicy> find(String name);

    /** Creates or replaces the policy of that name; durable on return. */
    void save(AccessPolicy policy);
}
