package io.bulwark.device.agent.posture;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs a local tool (nft, iptables, apt-get, clamscan) with a deadline and a cap on what it may print, so that a
 * hung or chatty tool can never stall or flood the agent. Tools are looked up on {@code PATH} and in the sbin
 * folders, which a service's {@code PATH} often lacks.
 */
public final class CommandRunner {
    static final int MAX_OUTPUT_BYTES = 4 * 1024 * 1024;
    private static final List<String> EXTRA_DIRECTORIES = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin");

    /** What a finished command printed on stdout, and its exit status. */
    public record Result(int exitCode, String stdout) {
    }

    /** The tool's path, or empty when it is not installed. */
    public Optional<Path> find(String tool) {
        List<String> directories = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            directories.addAll(List.of(path.split(File.pathSeparator)));
        }
        directories.addAll(EXTRA_DIRECTORIES);
        return directories.stream().filter(directory -> !directory.isBlank())
                .map(directory -> Path.of(directory, tool))
                .filter(Files::isExecutable).findFirst();
    }

    /** Runs the command; empty when it could not start, overran {@code timeout} (it is then killed) or printed too much. */
    public Optional<Result> run(Duration timeout, List<String> command) {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(false)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        } catch (IOException e) {
            return Optional.empty();
        }
        try {
            StdoutReader reader = new StdoutReader(process.getInputStream());
            Thread thread = new Thread(reader, "agent-command-output");
            thread.setDaemon(true);
            thread.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                return Optional.empty();
            }
            thread.join(timeout.toMillis());
            if (reader.overflowed) {
                return Optional.empty();
            }
            return Optional.of(new Result(process.exitValue(), reader.output.toString(StandardCharsets.UTF_8)));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static final class StdoutReader implements Runnable {
        private final InputStream in;
        private final ByteArrayOutputStream output = new ByteArrayOutputStream();
        private volatile boolean overflowed;

        StdoutReader(InputStream in) {
            this.in = in;
        }

        @Override
        public void run() {
            byte[] buffer = new byte[8192];
            try (in) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    if (output.size() + n > MAX_OUTPUT_BYTES) {
                        overflowed = true;
                    } else {
                        output.write(buffer, 0, n);
                    }
                }
            } catch (IOException e) {
                overflowed = true;
            }
        }
    }
}
