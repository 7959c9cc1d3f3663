package io.bulwark.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * What the driver reads of the broker's process from /proc: resident memory, open-files limit and CPU time, and, for a
 * JVM broker, a full GC through {@code jcmd} before a memory reading so that garbage is not counted as growth.
 */
final class BrokerProcess {

    private final long pid;

    BrokerProcess(long pid) {
        if (pid < 1) {
            throw new IllegalArgumentException("no broker pid");
        }
        this.pid = pid;
    }

    long pid() {
        return pid;
    }

    /** VmRSS in KiB. */
    long residentKib() throws IOException {
        return residentKib(Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")));
    }

    /** The soft "Max open files" limit, empty if unlimited or unreadable. */
    OptionalLong maxOpenFiles() {
        try {
            return maxOpenFiles(Files.readAllLines(Path.of("/proc", Long.toString(pid), "limits")));
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    double cpuSeconds() {
        return ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration()).map(d -> d.toNanos() / 1e9)
                .orElse(Double.NaN);
    }

    /** Asks the broker's JVM for a full GC; false if it is no JVM or jcmd failed (then memory includes garbage). */
    boolean collectGarbage() {
        try {
            Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid), "GC.run").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!jcmd.waitFor(60, TimeUnit.SECONDS)) {
                jcmd.destroyForcibly();
                return false;
            }
            return jcmd.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static long residentKib(List<String> status) {
        for (String line : status) {
            if (line.startsWith("VmRSS:")) {
                String[] parts = line.substring("VmRSS:".length()).trim().split("\\s+");
                if (parts.length != 2 || !parts[1].equals("kB")) {
                    throw new IllegalArgumentException("unexpected VmRSS line: " + line);
                }
                return Long.parseLong(parts[0]);
            }
        }
        throw new IllegalArgumentException("no VmRSS line: the process is gone or is a kernel thread");
    }

    static OptionalLong maxOpenFiles(List<String> limits) {
        for (String line : limits) {
            if (line.startsWith("Max open files")) {
                String[] parts = line.substring("Max open files".length()).trim().split("\\s+");
                return parts[0].equals("unlimited") ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(parts[0]));
            }
        }
        return OptionalLong.empty();
    }
}
