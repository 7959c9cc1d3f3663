package io.bulwark.hub.x509;

import java.util.List;
import java.util.Optional;

/** Storage port of the registered CA certificates. Every write is durable when the call returns. */
public interface CaRepository {

    /** @return false when a CA with this name or this certificate is registered already */
    boolean insert(RegisteredCa ca);

    /** Replaces the stored CA of the same name if its etag is still {@code expectedEtag}. */
    boolean replace(RegisteredCa ca, String expectedEtag);

    Optional<RegisteredCa> find(String name);

    /** All registered CAs, ordered by name. */
    List<RegisteredCa> list();

    boolean delete(String name);
}
