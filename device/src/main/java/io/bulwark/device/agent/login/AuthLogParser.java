package io.bulwark.device.agent.login;

import io.bulwark.protocol.security.LoginAttempt;
import io.bulwark.protocol.security.LoginAttempt.Outcome;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises login attempts in syslog lines of the auth log. Both timestamp forms are read: the classic
 * {@code Dec  1 10:15:30 host sshd[812]: ...} and rsyslog's ISO form {@code 2026-12-01T10:15:30.123+00:00 host ...}.
 *
 * <ul>
 *   <li>sshd: {@code Accepted password|publickey|keyboard-interactive/pam for USER from ADDR port N},
 *       {@code Failed password for [invalid user] USER from ADDR port N}</li>
 *   <li>login: {@code FAILED LOGIN (1) on '/dev/tty1' FOR 'USER', Authentication failure},
 *       {@code pam_unix(login:session): session opened for user USER...}</li>
 *   <li>any PAM service: {@code pam_unix(SERVICE:auth): authentication failure; ... rhost=ADDR  user=USER}
 *       (not for sshd and login, whose own "Failed password" and "FAILED LOGIN" lines already count the
 *       attempt)</li>
 *   <li>sudo: {@code USER : TTY=pts/0 ; PWD=... ; USER=root ; COMMAND=...} as a success</li>
 * </ul>
 * Everything else is not a login and gives empty.
 */
public final class AuthLogParser {
    private static final Pattern SYSLOG = Pattern.compile(
            "^(?:[A-Z][a-z]{2}\\s+\\d{1,2}\\s+\\d{2}:\\d{2}:\\d{2}|\\d{4}-\\d{2}-\\d{2}T\\S+)\\s+\\S+\\s+"
                    + "([^\\s\\[:]+)(?:\\[\\d+\\])?:\\s+(.*)$");
    private static final Pattern SSH_ACCEPTED = Pattern.compile(
            "^Accepted \\S+ for (\\S+) from (\\S+) port \\d+.*$");
    private static final Pattern SSH_FAILED = Pattern.compile(
            "^Failed \\S+ for (?:invalid user )?(\\S*) from (\\S+) port \\d+.*$");
    private static final Pattern LOGIN_FAILED = Pattern.compile(
            "^FAILED LOGIN \\(\\d+\\) on '([^']*)' FOR '([^']*)'.*$");
    private static final Pattern SESSION_OPENED = Pattern.compile(
            "^pam_unix\\(login:session\\): session opened for user ([^\\s(]+).*$");
    private static final Pattern PAM_AUTH_FAILURE = Pattern.compile(
            "^pam_unix\\(([^:]+):auth\\): authentication failure;(.*)$");
    private static final Pattern SUDO_COMMAND = Pattern.compile(
            "^\\s*(\\S+) : (?:TTY=(\\S+) ; )?PWD=.* ; USER=\\S+ ; COMMAND=.*$");
    private static final Pattern PAM_FIELD = Pattern.compile("(\\w+)=(\\S*)");

    public Optional<LoginAttempt> parse(String line) {
        Matcher syslog = SYSLOG.matcher(line);
        return syslog.matches() ? parseMessage(syslog.group(1), syslog.group(2)) : Optional.empty();
    }

    /** A message of {@code program} without the syslog prefix (the journal hands them over this way). */
    public Optional<LoginAttempt> parseMessage(String program, String message) {
        Matcher m;
        // OpenSSH 9.8 and later log authentication from a separate "sshd-session" program.
        if ("sshd".equals(program) || "sshd-session".equals(program)) {
            if ((m = SSH_ACCEPTED.matcher(message)).matches()) {
                return attempt(Outcome.SUCCESS, m.group(1), "sshd", m.group(2));
            }
            if ((m = SSH_FAILED.matcher(message)).matches()) {
                return attempt(Outcome.FAILURE, m.group(1), "sshd", m.group(2));
            }
            return Optional.empty();
        }
        if ("login".equals(program)) {
            if ((m = LOGIN_FAILED.matcher(message)).matches()) {
                return attempt(Outcome.FAILURE, m.group(2), "login", m.group(1));
            }
            if ((m = SESSION_OPENED.matcher(message)).matches()) {
                return attempt(Outcome.SUCCESS, m.group(1), "login", null);
            }
        }
        if ((m = PAM_AUTH_FAILURE.matcher(message)).matches()) {
            return pamFailure(m.group(1), m.group(2));
        }
        if ("sudo".equals(program) && (m = SUDO_COMMAND.matcher(message)).matches()) {
            return attempt(Outcome.SUCCESS, m.group(1), "sudo", m.group(2));
        }
        return Optional.empty();
    }

    private Optional<LoginAttempt> pamFailure(String service, String fields) {
        if ("sshd".equals(service) || "login".equals(service)) {
            return Optional.empty();
        }
        String user = null;
        String remoteHost = null;
        String tty = null;
        Matcher field = PAM_FIELD.matcher(fields);
        while (field.find()) {
            switch (field.group(1)) {
                case "user" -> user = field.group(2);
                case "rhost" -> remoteHost = field.group(2);
                case "tty" -> tty = field.group(2);
                case "logname" -> user = user == null || user.isEmpty() ? field.group(2) : user;
                default -> {
                }
            }
        }
        String from = remoteHost != null && !remoteHost.isEmpty() ? remoteHost : tty;
        return attempt(Outcome.FAILURE, user, service, from);
    }

    private static Optional<LoginAttempt> attempt(Outcome outcome, String user, String service, String from) {
        return Optional.of(new LoginAttempt(outcome, cut(user), cut(service), cut(from)));
    }

    /** Log lines are attacker-controlled (a user name is whatever was typed): keep them inside the schema's bounds. */
    private static String cut(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        String printable = value.replaceAll("\\p{Cntrl}", "?");
        return printable.length() > 256 ? printable.substring(0, 256) : printable;
    }
}
