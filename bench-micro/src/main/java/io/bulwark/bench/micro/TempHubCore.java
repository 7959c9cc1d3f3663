package io.bulwark.bench.micro;

import io.bulwark.hub.audit.Actor;
import io.bulwark.hub.audit.AuditChain;
import io.bulwark.hub.audit.AuditHeadFile;
import io.bulwark.hub.audit.AuditLog;
import io.bulwark.hub.registry.DeviceRegistry;
import io.bulwark.hub.registry.Revocations;
import io.bulwark.hub.registry.SymmetricKeyGenerator;
import io.bulwark.hub.secrets.MasterKey;
import io.bulwark.hub.secrets.SecretSealer;
import io.bulwark.hub.store.sqlite.SqliteStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The hub's core (SQLite store, audit log with its head file, registry) wired as Hub.java wires it, in a temporary
 * folder that {@link #close()} deletes: the same code and the same durability settings a running hub uses.
 */
final class TempHubCore implements AutoCloseable {

    static final Actor OPERATOR = new Actor("policy:iothubowner", "127.0.0.1");

    final Path dir;
    final SqliteStore store;
    final AuditLog audit;
    final DeviceRegistry registry;
    final Clock clock = Clock.systemUTC();

    TempHubCore(String name) {
        try {
            this.dir = Files.createTempDirectory("bulwark-jmh-" + name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] master = new byte[32];
        new SecureRandom().nextBytes(master);
        MasterKey masterKey = MasterKey.of(master);
        this.store = SqliteStore.open(dir.resolve("hub.db"), new SecretSealer(masterKey));
        this.audit = new AuditLog(store.audit(), new AuditChain(masterKey.derive("audit-chain")),
                new AuditHeadFile(dir.resolve("audit.head")), clock);
        this.registry = new DeviceRegistry(store.devices(), audit, new SymmetricKeyGenerator(new SecureRandom()),
                clock, new Revocations(), store.keyRotations());
    }

    @Override
    public void close() {
        store.close();
        deleteTree(dir);
    }

    static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
