package io.bulwark.cli;

import io.bulwark.hub.DataFolder;
import io.bulwark.hub.HubRuntimeInfo;
import io.bulwark.hub.audit.AuditChain;
import io.bulwark.hub.audit.AuditHeadFile;
import io.bulwark.hub.audit.AuditVerification;
import io.bulwark.hub.audit.AuditVerifier;
import io.bulwark.hub.secrets.MasterKey;
import io.bulwark.hub.secrets.SecretSealer;
import io.bulwark.hub.store.Store;
import io.bulwark.hub.store.sqlite.SqliteStore;
import java.nio.file.Files;
import java.util.Map;

/**
 * Verifies the audit chain straight from the data folder, without asking the hub: a hub that was tampered with is not
 * the one to ask. Needs the master key, because the chain is keyed by it.
 */
final class OfflineAuditCheck {

    private static final long RETRY_PAUSE_MILLIS = 300;

    private final DataFolder folder;
    private final Map<String, String> env;

    OfflineAuditCheck(DataFolder folder, Map<String, String> env) {
        this.folder = folder;
        this.env = env;
    }

    AuditVerification run() {
        requireExistingHub();
        MasterKey masterKey = MasterKey.loadOrCreate(folder.root(), env);
        try (Store store = SqliteStore.open(folder.database(), new SecretSealer(masterKey))) {
            AuditVerifier verifier = new AuditVerifier(new AuditChain(masterKey.derive("audit-chain")));
            AuditHeadFile head = new AuditHeadFile(folder.auditHead());
            AuditVerification result = verifier.verify(store.audit(), head.read());
            if (!result.isIntact() && hubIsRunning()) {
                // A running hub may append between our reading the head file and walking the chain; a real edit is
                // still there a moment later, a race is not.
                pause();
                result = verifier.verify(store.audit(), head.read());
            }
            return result;
        }
    }

    /** Refuses rather than create anything: loadOrCreate would otherwise mint a new master key for an empty folder. */
    private void requireExistingHub() {
        if (!Files.isDirectory(folder.root())) {
            throw new CliFailure("no data folder at " + folder.root());
        }
        if (!Files.isRegularFile(folder.database())) {
            throw new CliFailure("no hub database in " + folder.root() + " (expected " + folder.database() + ")");
        }
        String suppliedKey = env.get(MasterKey.ENVIRONMENT_VARIABLE);
        if ((suppliedKey == null || suppliedKey.isBlank()) && !Files.isRegularFile(folder.masterKey())) {
            throw new CliFailure("the master key " + folder.masterKey() + " is missing and " + MasterKey.ENVIRONMENT_VARIABLE
                    + " is not set: the audit chain cannot be checked without it");
        }
    }

    private boolean hubIsRunning() {
        try {
            return HubRuntimeInfo.readFrom(folder.runtimeInfo())
                    .flatMap(info -> ProcessHandle.of(info.pid()))
                    .map(ProcessHandle::isAlive)
                    .orElse(false);
        } catch (RuntimeException unreadable) {
            return false;
        }
    }

    private static void pause() {
        try {
            Thread.sleep(RETRY_PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
