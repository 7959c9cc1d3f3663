package io.bulwark.device.agent;

import io.bulwark.device.client.DeviceClient;
import io.bulwark.device.client.DeviceClientBuilder;
import io.bulwark.device.client.DirectoryOutbox;
import io.bulwark.device.client.Pkcs12CredentialStore;
import io.bulwark.device.client.StorePassword;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar bulwark-device-agent.jar --config agent.properties}: connects to the hub with the device's own
 * credentials and runs the {@link SecurityAgent} until the process is stopped. Events wait in an on-disk outbox in
 * {@code state-dir/outbox} while the hub is unreachable, and survive a restart of the agent.
 */
public final class AgentMain {
    static final int OUTBOX_MESSAGES = 10_000;
    static final long OUTBOX_BYTES = 64L * 1024 * 1024;

    private AgentMain() {
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "bulwark-agent-logback.xml");
        }
        Logger log = LoggerFactory.getLogger(AgentMain.class);
        Path configFile = configFile(args);
        AgentConfig config;
        DeviceClient client;
        try {
            config = AgentConfig.load(configFile);
            client = client(config);
        } catch (RuntimeException | java.io.IOException e) {
            // The SDK's and the agent's messages name files and settings, never a key or token (S-DATA-4).
            System.err.println("bulwark-device-agent: " + e.getMessage());
            System.exit(2);
            return;
        }
        SecurityAgent agent = AgentAssembly.build(config, new DeviceClientUplink(client), Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            agent.close();
            client.close();
            stopped.countDown();
        }, "agent-shutdown"));
        client.onConnectionStateChanged(change -> log.info("hub connection {} ({})", change.state(), change.reason()));
        client.open().whenComplete((connected, failure) -> {
            if (failure != null && !stopping.get()) {
                // Refused credentials are final (CONNACK 4/5); exit so that the service manager shows the failure.
                log.error("the hub refused the device's credentials: {}", failure.getMessage());
                System.exit(1);
            }
        });
        log.info("device {}: agent starting", client.deviceId());
        agent.start();
        stopped.await();
    }

    static DeviceClient client(AgentConfig config) {
        DeviceClientBuilder builder = DeviceClient.builder();
        if (config.connectionStringFile() != null) {
            builder.connectionString(OwnerOnlySecret.read(config.connectionStringFile()));
        } else {
            if (config.credentialStorePasswordFile() == null) {
                throw new IllegalArgumentException("credential-store needs credential-store-password-file");
            }
            builder.credentialStore(new Pkcs12CredentialStore(config.credentialStore(),
                    StorePassword.fromFile(config.credentialStorePasswordFile())));
        }
        if (config.hubCa() == null) {
            throw new IllegalArgumentException("hub-ca is required: the agent trusts only the hub's own CA");
        }
        return builder.hubCa(config.hubCa()).port(config.mqttPort())
                .outbox(config.stateDirectory().resolve("outbox"), OUTBOX_MESSAGES, OUTBOX_BYTES,
                        DirectoryOutbox.OverflowPolicy.REFUSE_NEW)
                .build();
    }

    private static Path configFile(String[] args) {
        if (args.length == 2 && "--config".equals(args[0])) {
            return Path.of(args[1]);
        }
        if (args.length == 1 && args[0].startsWith("--config=")) {
            return Path.of(args[0].substring("--config=".length()));
        }
        System.err.println("usage: java -jar bulwark-device-agent.jar --config agent.properties");
        System.err.println("  see docs/device-agent.md for the settings");
        System.exit(args.length == 1 && ("--help".equals(args[0]) || "-h".equals(args[0])) ? 0 : 2);
        return null;
    }
}
