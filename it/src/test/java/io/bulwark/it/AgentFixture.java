package io.bulwark.it;

import io.bulwark.device.agent.AgentAssembly;
import io.bulwark.device.agent.AgentConfig;
import io.bulwark.device.agent.DeviceClientUplink;
import io.bulwark.device.agent.SecurityAgent;
import io.bulwark.device.client.DeviceClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The files of one simulated device for the real security agent (a fixture sysfs USB tree, an auth log, a fixed
 * {@code /proc} and a tamper input, all under one folder), the agent's configuration pointing at them, and the running
 * agent with its SDK client. The tests change the files and watch what reaches the hub.
 */
final class AgentFixture implements AutoCloseable {

    private final Path root;
    private final Path hubCa;
    private DeviceClient client;
    private SecurityAgent agent;

    /** Creates the empty USB tree, an empty auth log, and a {@code /proc} with a kernel release and no sockets. */
    AgentFixture(Path root, Path hubCa) throws IOException {
        this.root = root;
        this.hubCa = hubCa;
        Files.createDirectories(usbTree());
        if (!Files.exists(authLog())) {
            Files.writeString(authLog(), "");
        }
        // A fixed /proc: the real socket tables change whenever some hub on this machine opens a port, and each
        // change would be one more posture snapshot in the stream.
        Path kernel = Files.createDirectories(root.resolve("proc/sys/kernel"));
        Files.writeString(kernel.resolve("osrelease"), "6.1.0-27-amd64\n");
        Files.writeString(root.resolve("device.connection"), "not read: the test builds the client itself");
    }

    Path usbTree() {
        return root.resolve("usb");
    }

    Path authLog() {
        return root.resolve("auth.log");
    }

    Path tamperInput() {
        return root.resolve("tamper");
    }

    /** The agent's configuration for these files: fast polling, no external tools, then {@code overrides}. */
    AgentConfig config(Map<String, String> overrides) {
        Properties p = new Properties();
        p.setProperty("proc.root", "proc");
        p.setProperty("connection-string-file", "device.connection");
        p.setProperty("hub-ca", hubCa.toString());
        p.setProperty("device-class", "gateway");
        p.setProperty("firmware-version", "2.1.0");
        p.setProperty("state-dir", "state");
        p.setProperty("usb.root", "usb");
        p.setProperty("usb.interval", "100ms");
        p.setProperty("logins.auth-log", "auth.log");
        p.setProperty("logins.interval", "100ms");
        // nft/iptables/apt-get would make the test slower and add nothing the unit tests do not cover
        p.setProperty("posture.tools", "false");
        p.setProperty("posture.interval", "300ms");
        overrides.forEach(p::setProperty);
        return AgentConfig.from(p, root);
    }

    /** Builds the agent on this client, opens the client and starts the agent; {@link #close()} stops both. */
    SecurityAgent start(DeviceClient deviceClient, AgentConfig config) throws Exception {
        SecurityAgent started = connect(deviceClient, config);
        started.start();
        return started;
    }

    /** Builds the agent and opens the client without starting the watchers: only what the test reports is sent. */
    SecurityAgent connect(DeviceClient deviceClient, AgentConfig config) throws Exception {
        close();
        client = deviceClient;
        agent = AgentAssembly.build(config, new DeviceClientUplink(client), Clock.systemUTC());
        client.open().get(30, TimeUnit.SECONDS);
        return agent;
    }

    /**
     * Plugs a USB device in at {@code port}: its sysfs directory is written aside and moved into the tree whole, as
     * the kernel shows a device only once it is enumerated, so the agent never reads a half-written one.
     */
    void plugUsb(String port, String vendor, String product, String manufacturer, String name) throws IOException {
        Path staging = Files.createDirectories(root.resolve("usb-staging").resolve(port));
        Files.writeString(staging.resolve("idVendor"), vendor + "\n");
        Files.writeString(staging.resolve("idProduct"), product + "\n");
        Files.writeString(staging.resolve("manufacturer"), manufacturer + "\n");
        Files.writeString(staging.resolve("product"), name + "\n");
        Files.writeString(staging.resolve("devnum"), "7\n");
        Files.move(staging, usbTree().resolve(port), StandardCopyOption.ATOMIC_MOVE);
        Files.createDirectories(usbTree().resolve(port + ":1.0"));
    }

    /** Replaces {@code /proc/net/tcp} with a table of IPv4 sockets listening on {@code ports} on all addresses. */
    void listenOnTcp(int... ports) throws IOException {
        StringBuilder table = new StringBuilder("  sl  local_address rem_address   st tx_queue rx_queue tr tm->when "
                + "retrnsmt   uid  timeout inode\n");
        for (int i = 0; i < ports.length; i++) {
            table.append(String.format("%4d: 00000000:%04X 00000000:0000 0A 00000000:00000000 00:00000000 00000000"
                    + "     0        0 %d 1 0000000000000000 100 0 0 10 0%n", i, ports[i], 10000 + i));
        }
        Files.writeString(Files.createDirectories(root.resolve("proc/net")).resolve("tcp"), table);
    }

    @Override
    public void close() {
        if (agent != null) {
            agent.close();
            agent = null;
        }
        if (client != null) {
            client.close();
            client = null;
        }
    }
}
