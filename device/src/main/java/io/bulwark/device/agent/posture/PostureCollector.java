package io.bulwark.device.agent.posture;

import io.bulwark.protocol.security.PostureSnapshot.Firewall;
import io.bulwark.protocol.security.PostureSnapshot.ListeningPort;
import io.bulwark.protocol.security.PostureSnapshot.OperatingSystem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the device's posture from its real sources. Every source is optional: what this machine does not have or
 * does not let the agent read becomes null (or an empty list), never a guess.
 */
public final class PostureCollector {
    private static final Logger LOG = LoggerFactory.getLogger(PostureCollector.class);
    /**
     * Caps that keep one snapshot well inside the 64 KiB a security event may have (about 85 bytes of JSON per port,
     * 150 per USB device). A device beyond them is reported with the first ones and a warning in the agent's log.
     */
    static final int MAX_PORTS = 400;
    static final int MAX_USB_DEVICES = 100;
    private static final Comparator<ListeningPort> PORT_ORDER = Comparator.comparing(ListeningPort::protocol)
            .thenComparingInt(ListeningPort::ipVersion).thenComparingInt(ListeningPort::port)
            .thenComparing(ListeningPort::address);

    private final PostureSources sources;
    private final CommandRunner commands;
    private final ProcNetSockets sockets = ProcNetSockets.forThisMachine();

    public PostureCollector(PostureSources sources, CommandRunner commands) {
        this.sources = sources;
        this.commands = commands;
    }

    public CollectedPosture collect() {
        ClamAv clamAv = clamAv();
        return new CollectedPosture(operatingSystem(), kernel(), capped("listening ports", listeningPorts(), MAX_PORTS),
                capped("USB devices", new UsbSysfs(sources.usbDevices()).read().stream()
                        .map(UsbSysfs.Present::device).toList(), MAX_USB_DEVICES),
                firewall(), pendingSecurityUpdates(), clamAv == null ? null : "clamav",
                clamAv == null ? null : clamAv.signatures, secureBoot());
    }

    OperatingSystem operatingSystem() {
        // os-release(5): /etc/os-release, falling back to /usr/lib/os-release.
        for (Path file : List.of(sources.osRelease(), Path.of("/usr/lib/os-release"))) {
            Optional<String> content = readText(file);
            if (content.isPresent()) {
                return new OsRelease().parse(content.get());
            }
        }
        return null;
    }

    String kernel() {
        return readText(sources.procRoot().resolve("sys/kernel/osrelease")).map(String::strip)
                .map(OsRelease::bounded).orElse(null);
    }

    List<ListeningPort> listeningPorts() {
        List<ListeningPort> ports = new ArrayList<>();
        for (String table : List.of("tcp", "tcp6", "udp", "udp6")) {
            readText(sources.procRoot().resolve("net").resolve(table)).ifPresent(content -> ports.addAll(
                    sockets.parse(table.substring(0, 3), table.endsWith("6") ? 6 : 4, content)));
        }
        // SO_REUSEPORT and per-CPU sockets list one address several times; the posture is the set.
        return ports.stream().distinct().sorted(PORT_ORDER).toList();
    }

    private static <T> List<T> capped(String what, List<T> items, int max) {
        if (items.size() <= max) {
            return items;
        }
        LOG.warn("{} {} found; the posture reports the first {}", items.size(), what, max);
        return items.subList(0, max);
    }

    Firewall firewall() {
        if (!sources.runTools()) {
            return null;
        }
        FirewallRules rules = new FirewallRules();
        Optional<Path> nft = commands.find("nft");
        if (nft.isPresent()) {
            return commands.run(sources.commandTimeout(), List.of(nft.get().toString(), "list", "ruleset"))
                    .filter(result -> result.exitCode() == 0).map(result -> rules.parseNft(result.stdout()))
                    .orElse(null);
        }
        return commands.find("iptables")
                .flatMap(iptables -> commands.run(sources.commandTimeout(), List.of(iptables.toString(), "-S")))
                .filter(result -> result.exitCode() == 0).map(result -> rules.parseIptables(result.stdout()))
                .orElse(null);
    }

    Integer pendingSecurityUpdates() {
        if (!sources.runTools()) {
            return null;
        }
        // A simulation reads the local package lists only; the agent never changes the system or fetches lists.
        return commands.find("apt-get")
                .flatMap(apt -> commands.run(sources.commandTimeout(), List.of(apt.toString(), "-s", "-q", "upgrade")))
                .filter(result -> result.exitCode() == 0)
                .map(result -> new AptSecurityUpdates().count(result.stdout()))
                .orElse(null);
    }

    private record ClamAv(Instant signatures) {
    }

    private ClamAv clamAv() {
        ClamAvSignatures signatures = new ClamAvSignatures();
        for (String name : List.of("daily.cld", "daily.cvd")) {
            Path database = sources.clamavDatabase().resolve(name);
            if (Files.isRegularFile(database)) {
                return new ClamAv(readHead(database).flatMap(signatures::fromDatabaseHeader).orElse(null));
            }
        }
        if (!sources.runTools()) {
            return null;
        }
        Optional<Path> clamscan = commands.find("clamscan");
        if (clamscan.isEmpty()) {
            return commands.find("freshclam").map(found -> new ClamAv(null)).orElse(null);
        }
        return new ClamAv(commands.run(sources.commandTimeout(), List.of(clamscan.get().toString(), "--version"))
                .flatMap(result -> signatures.fromVersionLine(result.stdout(), ZoneId.systemDefault()))
                .orElse(null));
    }

    Boolean secureBoot() {
        Path variable = sources.efivars().resolve(SecureBootVariable.FILE_NAME);
        try {
            return Files.isRegularFile(variable) ? new SecureBootVariable().parse(Files.readAllBytes(variable)) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static Optional<String> readText(Path file) {
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | java.io.UncheckedIOException e) {
            return Optional.empty();
        }
    }

    private static Optional<byte[]> readHead(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return Optional.of(in.readNBytes(512));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
