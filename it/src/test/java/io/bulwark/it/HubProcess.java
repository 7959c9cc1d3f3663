package io.bulwark.it;

import io.bulwark.hub.DataFolder;
import io.bulwark.hub.HubRuntimeInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A hub running as its own operating-system process, started exactly as a user starts it ({@code bulwark up}), on
 * loopback with free ports. Tests use it where only a real process will do: {@code kill -9}, what it prints, files
 * it leaves behind.
 */
final class HubProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final DataFolder folder;
    private final Path output;
    private final HubRuntimeInfo info;

    private HubProcess(Process process, DataFolder folder, Path output, HubRuntimeInfo info) {
        this.process = process;
        this.folder = folder;
        this.output = output;
        this.info = info;
    }

    static HubProcess start(Path dataDir, String... extraArgs) throws IOException, InterruptedException {
        return start(dataDir, java.util.Map.of(), extraArgs);
    }

    /** A hub process with extra environment variables (e.g. {@code BULWARK_NATIVE_IO=off}). */
    static HubProcess start(Path dataDir, java.util.Map<String, String> env, String... extraArgs)
            throws IOException, InterruptedException {
        DataFolder folder = new DataFolder(dataDir);
        Files.deleteIfExists(folder.runtimeInfo());
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                // The test class path names the hub jar twice (directly and through the CLI jar's manifest):
                // keep logback's note about it out of the output the tests read.
                "-Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener",
                "-cp", System.getProperty("java.class.path"),
                "io.bulwark.cli.BulwarkCli", "up",
                "--data", dataDir.toString(),
                "--bind", "127.0.0.1",
                "--https-port", "0",
                "--mqtt-port", "0"));
        command.addAll(List.of(extraArgs));
        Path output = Files.createTempFile("bulwark-hub-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        HubRuntimeInfo info = awaitRuntimeInfo(process, folder, output);
        return new HubProcess(process, folder, output, info);
    }

    private static HubRuntimeInfo awaitRuntimeInfo(Process process, DataFolder folder, Path output)
            throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("hub exited with " + process.exitValue() + ":\n"
                        + Files.readString(output));
            }
            Optional<HubRuntimeInfo> info = readInfo(folder);
            // hub.json is written before the banner is printed: wait for both, the tests read the banner.
            if (info.isPresent() && info.get().pid() == process.pid()
                    && Files.readString(output).contains("Stop with Ctrl-C")) {
                return info.get();
            }
            Thread.sleep(50);
        }
        process.destroyForcibly();
        throw new IllegalStateException("hub did not start within " + START_TIMEOUT + ":\n" + Files.readString(output));
    }

    private static Optional<HubRuntimeInfo> readInfo(DataFolder folder) {
        try {
            return HubRuntimeInfo.readFrom(folder.runtimeInfo());
        } catch (RuntimeException halfWritten) {
            return Optional.empty();
        }
    }

    int httpsPort() {
        return info.httpsPort();
    }

    int mqttPort() {
        return info.mqttPort();
    }

    DataFolder folder() {
        return folder;
    }

    HubRuntimeInfo info() {
        return info;
    }

    /** Everything the process printed so far (stdout and stderr). */
    String output() throws IOException {
        return Files.readString(output);
    }

    /** SIGKILL: no shutdown hook, no flush, no goodbye. */
    void killHard() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM, as Ctrl-C or a service manager would stop it. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop();
        }
    }
}
