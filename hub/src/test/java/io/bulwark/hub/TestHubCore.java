package io.bulwark.hub;

import io.bulwark.hub.audit.Actor;
import io.bulwark.hub.audit.AuditChain;
import io.bulwark.hub.audit.AuditHeadFile;
import io.bulwark.hub.audit.AuditLog;
import io.bulwark.hub.registry.DeviceRegistry;
import io.bulwark.hub.registry.SymmetricKeyGenerator;
import io.bulwark.hub.secrets.MasterKey;
import io.bulwark.hub.secrets.SecretSealer;
import io.bulwark.hub.store.sqlite.SqliteStore;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;

/**
 * The core of a hub (store, audit log, registry) over a real SQLite file in a temporary folder, without listeners:
 * the fixture of the core's unit tests.
 */
public final class TestHubCore implements AutoCloseable {

    public static final Actor OPERATOR = new Actor("policy:iothubowner", "127.0.0.1");
    private static final byte[] CHAIN_KEY = new byte[32];

    public final SqliteStore store;
    public final AuditLog audit;
    public final DeviceRegistry registry;
    public final io.bulwark.hub.registry.Revocations revocations = new io.bulwark.hub.registry.Revocations();
    public final AuditChain chain;
    public final AuditHeadFile head;

    public TestHubCore(Path dir) {
        byte[] master = new byte[32];
        new SecureRandom().nextBytes(master);
        this.store = SqliteStore.open(dir.resolve("hub.db"), new SecretSealer(MasterKey.of(master)));
        this.chain = new AuditChain(CHAIN_KEY);
        this.head = new AuditHeadFile(dir.resolve("audit.head"));
        this.audit = new AuditLog(store.audit(), chain, head, Clock.systemUTC());
        this.registry = new DeviceRegistry(store.devices(), audit, new SymmetricKeyGenerator(new SecureRandom()),
                Clock.systemUTC(), revocations, store.keyRotations());
    }

    @Override
    public void close() {
        store.close();
        head.close();
    }
}
