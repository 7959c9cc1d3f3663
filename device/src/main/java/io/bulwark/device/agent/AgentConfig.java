package io.bulwark.device.agent;

import io.bulwark.device.agent.posture.PostureSources;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The agent's settings, read from a properties file ({@code --config agent.properties}); see docs/device-agent.md
 * for every key. The file holds no secret: the device's credentials are in files it only names.
 */
public record AgentConfig(Path connectionStringFile, Path credentialStore, Path credentialStorePasswordFile,
                          Path hubCa, int mqttPort, String deviceClass, String firmwareVersion, Path stateDirectory,
                          PostureSources posture, boolean watchUsb, LoginSource loginSource, Path authLog,
                          Path tamperInput, String tamperValue, String tamperKind, AgentSchedule schedule) {

    /** Where login records are read from. */
    public enum LoginSource { FILE, JOURNAL, OFF }

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");
    private static final Set<String> KEYS = Set.of("connection-string-file", "credential-store",
            "credential-store-password-file", "hub-ca", "mqtt-port", "device-class", "firmware-version", "state-dir",
            "posture.interval", "posture.tools", "posture.command-timeout", "os-release", "proc.root", "efivars",
            "clamav.database", "usb.root", "usb.watch", "usb.interval", "logins.source", "logins.auth-log",
            "logins.interval", "tamper.input", "tamper.value", "tamper.kind", "tamper.interval");

    public AgentConfig {
        if (connectionStringFile == null && credentialStore == null) {
            throw new IllegalArgumentException("set connection-string-file or credential-store");
        }
        if (stateDirectory == null) {
            throw new IllegalArgumentException("state-dir is required");
        }
    }

    public static AgentConfig load(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        Path base = file.toAbsolutePath().getParent();
        return from(properties, base);
    }

    /** Relative paths in the file are relative to the file's own folder, so a config and its files travel together. */
    public static AgentConfig from(Properties p, Path base) {
        for (String key : p.stringPropertyNames()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown setting '" + key + "'");
            }
        }
        PostureSources linux = PostureSources.linuxDefaults();
        PostureSources posture = new PostureSources(path(p, base, "os-release", linux.osRelease()),
                path(p, base, "proc.root", linux.procRoot()), path(p, base, "usb.root", linux.usbDevices()),
                path(p, base, "efivars", linux.efivars()), path(p, base, "clamav.database", linux.clamavDatabase()),
                Boolean.parseBoolean(p.getProperty("posture.tools", "true")),
                duration(p, "posture.command-timeout", linux.commandTimeout()));
        AgentSchedule defaults = AgentSchedule.DEFAULTS;
        AgentSchedule schedule = new AgentSchedule(duration(p, "posture.interval", defaults.posture()),
                duration(p, "usb.interval", defaults.usb()), duration(p, "logins.interval", defaults.logins()),
                duration(p, "tamper.interval", defaults.tamper()));
        String source = p.getProperty("logins.source", "file").strip().toUpperCase(Locale.ROOT);
        LoginSource loginSource;
        try {
            loginSource = LoginSource.valueOf(source);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("logins.source must be file, journal or off");
        }
        return new AgentConfig(path(p, base, "connection-string-file", null), path(p, base, "credential-store", null),
                path(p, base, "credential-store-password-file", null), path(p, base, "hub-ca", null),
                port(p.getProperty("mqtt-port", "8883")),
                text(p, "device-class"), text(p, "firmware-version"), path(p, base, "state-dir", null), posture,
                Boolean.parseBoolean(p.getProperty("usb.watch", "true")), loginSource,
                path(p, base, "logins.auth-log", Path.of("/var/log/auth.log")), path(p, base, "tamper.input", null),
                p.getProperty("tamper.value", "1").strip(), p.getProperty("tamper.kind", "cover-open").strip(),
                schedule);
    }

    private static int port(String value) {
        try {
            int port = Integer.parseInt(value.strip());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("mqtt-port must be 1..65535");
    }

    private static String text(Properties p, String key) {
        String value = p.getProperty(key);
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static Path path(Properties p, Path base, String key, Path fallback) {
        String value = text(p, key);
        return value == null ? fallback : base.resolve(value).normalize();
    }

    /** {@code 500ms}, {@code 2s}, {@code 15m}, {@code 1h}, or ISO-8601 ({@code PT15M}). */
    static Duration duration(Properties p, String key, Duration fallback) {
        String value = text(p, key);
        if (value == null) {
            return fallback;
        }
        Matcher m = DURATION.matcher(value.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long amount = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
        }
        try {
            return Duration.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException(key + " must be a duration such as 500ms, 2s, 15m or PT1H");
        }
    }
}
