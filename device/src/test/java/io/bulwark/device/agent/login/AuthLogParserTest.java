package io.bulwark.device.agent.login;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.protocol.security.LoginAttempt;
import io.bulwark.protocol.security.LoginAttempt.Outcome;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuthLogParserTest {
    private final AuthLogParser parser = new AuthLogParser();

    @Test
    void sshPublicKeyLoginIsASuccess() {
        assertThat(parser.parse("Dec  1 10:15:30 edge-7 sshd[2230]: Accepted publickey for alice from 192.0.2.10 "
                + "port 52311 ssh2: ED25519 SHA256:Zq0A")).contains(success("alice", "sshd", "192.0.2.10"));
    }

    @Test
    void sshPasswordFailureForAnInvalidUserNamesTheTriedUser() {
        assertThat(parser.parse("Dec  1 10:16:06 edge-7 sshd[2240]: Failed password for invalid user admin from "
                + "203.0.113.9 port 40022 ssh2")).contains(failure("admin", "sshd", "203.0.113.9"));
    }

    @Test
    void sshFailureFromAnIpv6Address() {
        assertThat(parser.parse("Dec  1 10:16:20 edge-7 sshd[2251]: Failed password for root from 2001:db8::7 port "
                + "50100 ssh2")).contains(failure("root", "sshd", "2001:db8::7"));
    }

    @Test
    void newerOpenSshLogsFromSshdSession() {
        assertThat(parser.parse("2026-12-01T10:16:20.000000+00:00 edge-7 sshd-session[2251]: Failed password for root "
                + "from 203.0.113.9 port 50100 ssh2")).contains(failure("root", "sshd", "203.0.113.9"));
    }

    @Test
    void consoleLoginFailureNamesTheTty() {
        assertThat(parser.parse("Dec  1 10:18:42 edge-7 login[812]: FAILED LOGIN (1) on '/dev/tty1' FOR 'root', "
                + "Authentication failure")).contains(failure("root", "login", "/dev/tty1"));
    }

    @Test
    void pamAuthenticationFailureOfSudoInTheIsoTimestampFormat() {
        assertThat(parser.parse("2026-12-01T10:19:03.412877+00:00 edge-7 sudo: pam_unix(sudo:auth): authentication "
                + "failure; logname=bob uid=1000 euid=0 tty=/dev/pts/0 ruser=bob rhost=  user=bob"))
                .contains(failure("bob", "sudo", "/dev/pts/0"));
    }

    @Test
    void sudoCommandIsASuccessfulElevation() {
        assertThat(parser.parse("2026-12-01T10:19:09.001122+00:00 edge-7 sudo:      bob : TTY=pts/0 ; PWD=/home/bob "
                + "; USER=root ; COMMAND=/usr/bin/systemctl restart sensor")).contains(success("bob", "sudo", "pts/0"));
    }

    @Test
    void sshdsOwnPamLineIsNotCountedTwice() {
        assertThat(parser.parse("Dec  1 10:16:04 edge-7 sshd[2240]: pam_unix(sshd:auth): authentication failure; "
                + "logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.9")).isEmpty();
    }

    @Test
    void aHostileUserNameStaysInsideTheSchemasBounds() {
        Optional<LoginAttempt> attempt = parser.parse("Dec  1 10:16:06 edge-7 sshd[2240]: Failed password for invalid"
                + " user " + "x".repeat(1000) + " from 203.0.113.9 port 40022 ssh2");
        assertThat(attempt).hasValueSatisfying(login -> assertThat(login.user()).hasSize(256));
    }

    @Test
    void aWholeAuthLogGivesEachAttemptOnce() throws IOException, URISyntaxException {
        List<String> lines = Files.readAllLines(Path.of(getClass().getResource("/fixtures/auth.log").toURI()));

        List<LoginAttempt> attempts = lines.stream().map(parser::parse).flatMap(Optional::stream).toList();

        assertThat(attempts).containsExactly(
                success("alice", "sshd", "192.0.2.10"),
                failure("admin", "sshd", "203.0.113.9"),
                failure("root", "sshd", "2001:db8::7"),
                success("bob", "sshd", "198.51.100.4"),
                failure("root", "login", "/dev/tty1"),
                success("root", "login", null),
                failure("bob", "sudo", "/dev/pts/0"),
                success("bob", "sudo", "pts/0"));
    }

    static LoginAttempt success(String user, String service, String from) {
        return new LoginAttempt(Outcome.SUCCESS, user, service, from);
    }

    static LoginAttempt failure(String user, String service, String from) {
        return new LoginAttempt(Outcome.FAILURE, user, service, from);
    }
}
