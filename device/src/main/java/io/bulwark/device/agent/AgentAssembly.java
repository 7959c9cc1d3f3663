package io.bulwark.device.agent;

import io.bulwark.device.agent.login.FollowedFile;
import io.bulwark.device.agent.login.JournalFollower;
import io.bulwark.device.agent.login.LogSource;
import io.bulwark.device.agent.login.LoginEvents;
import io.bulwark.device.agent.posture.CommandRunner;
import io.bulwark.device.agent.posture.PostureCollector;
import io.bulwark.device.agent.posture.PostureMonitor;
import io.bulwark.device.agent.posture.UsbSysfs;
import io.bulwark.device.agent.tamper.TamperInputWatcher;
import io.bulwark.device.agent.usb.UsbWatcher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;

/** Builds a {@link SecurityAgent} from its configuration: the agent's one composition root. */
public final class AgentAssembly {
    public static final String AGENT_VERSION = "0.1.0";

    private AgentAssembly() {
    }

    public static SecurityAgent build(AgentConfig config, AgentUplink uplink, Clock clock) {
        ownerOnlyDirectory(config.stateDirectory());
        EventSequence sequence = EventSequence.open(config.stateDirectory().resolve("sequence.properties"));
        SecurityEvents events = new SecurityEvents(sequence, uplink, clock);
        CommandRunner commands = new CommandRunner();
        PostureMonitor posture = new PostureMonitor(new PostureCollector(config.posture(), commands), events, uplink,
                new PostureMonitor.AgentIdentity(config.deviceClass(), config.firmwareVersion(), AGENT_VERSION),
                clock);
        UsbWatcher usb = config.watchUsb() ? new UsbWatcher(new UsbSysfs(config.posture().usbDevices()), events) : null;
        TamperInputWatcher tamper = config.tamperInput() == null ? null
                : new TamperInputWatcher(config.tamperInput(), config.tamperValue(), config.tamperKind(), events);
        return new SecurityAgent(events, posture, usb, logins(config, events, commands), tamper, config.schedule());
    }

    /** The state folder holds the numbering, log positions and the outbox of unsent events: nobody else's business. */
    static void ownerOnlyDirectory(Path directory) {
        if (Files.isDirectory(directory)) {
            return;
        }
        try {
            Files.createDirectories(directory,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException notPosix) {
            try {
                Files.createDirectories(directory);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the state folder " + directory, e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the state folder " + directory, e);
        }
    }

    private static LogSource logins(AgentConfig config, SecurityEvents events, CommandRunner commands) {
        LoginEvents logins = new LoginEvents(events);
        Path state = config.stateDirectory();
        return switch (config.loginSource()) {
            case FILE -> new FollowedFile(config.authLog(), state.resolve("auth-log.position"), logins::onLogLine);
            case JOURNAL -> new JournalFollower(commands.find("journalctl").orElseThrow(
                    () -> new IllegalArgumentException("logins.source=journal but journalctl is not installed")),
                    state.resolve("journal.cursor"), logins::onJournalEntry);
            case OFF -> null;
        };
    }
}
