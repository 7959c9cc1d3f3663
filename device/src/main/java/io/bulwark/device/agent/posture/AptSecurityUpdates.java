package io.bulwark.device.agent.posture;

/**
 * Counts the pending security updates in the output of {@code apt-get -s upgrade}: each {@code Inst} line names
 * the archive the new version comes from in parentheses, e.g.
 * {@code Inst libssl3 [3.0.11-1~deb12u1] (3.0.11-1~deb12u2 Debian-Security:12/stable-security [amd64])} on Debian
 * or {@code (... Ubuntu:22.04/jammy-updates, Ubuntu:22.04/jammy-security [amd64])} on Ubuntu.
 */
public final class AptSecurityUpdates {

    public int count(String simulatedUpgrade) {
        return (int) simulatedUpgrade.lines()
                .filter(line -> line.startsWith("Inst "))
                .filter(line -> {
                    int open = line.indexOf('(');
                    return open >= 0 && line.substring(open).toLowerCase(java.util.Locale.ROOT).contains("-security");
                })
                .count();
    }
}
