package io.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.hub.security.alert.Alert;
import io.bulwark.hub.security.alert.AlertEvidence;
import io.bulwark.hub.security.alert.AlertSeverity;
import io.bulwark.hub.security.alert.AlertSignal;
import io.bulwark.hub.security.alert.AlertState;
import io.bulwark.hub.stream.StreamName;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code alerts list|ack|resolve} through the REST API, against alerts raised as the detectors raise them. */
class AlertsCommandTest {

    @TempDir
    Path temp;

    private RunningHub hub;
    private Alert tamper;
    private Alert brute;

    @BeforeEach
    void startHubWithTwoAlerts() {
        hub = RunningHub.start(temp.resolve("data"));
        tamper = hub.hub().alerts().raise(signal("tamper", AlertSeverity.CRITICAL, "kiosk-1", null,
                "tamper reported by kiosk-1: cover-open"));
        brute = hub.hub().alerts().raise(signal("auth-failures-source", AlertSeverity.HIGH, null, "192.0.2.7",
                "20 failed authentications from 192.0.2.7"));
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    @Test
    void listPrintsNewestFirstAndFiltersBySeverityStateAndDevice() {
        CliRunner.Result all = hub.run("alerts", "list");
        assertThat(all.exitCode()).as(all.toString()).isZero();
        assertThat(all.lines()).hasSize(2);
        assertThat(all.lines().get(0)).contains("high").contains("open").contains("auth-failures-source")
                .contains("192.0.2.7").contains("20 failed authentications");
        assertThat(all.lines().get(1)).contains("critical").contains("tamper").contains("kiosk-1");

        assertThat(hub.run("alerts", "list", "--severity", "critical").lines()).singleElement()
                .satisfies(line -> assertThat(line.trim()).startsWith(tamper.id() + " "));
        assertThat(hub.run("alerts", "list", "--device", "kiosk-1").lines()).hasSize(1);
        assertThat(hub.run("alerts", "list", "--state", "resolved").lines()).isEmpty();
        assertThat(hub.run("alerts", "list", "--limit", "1").lines()).singleElement()
                .satisfies(line -> assertThat(line.trim()).startsWith(brute.id() + " "));
    }

    @Test
    void ackAndResolveChangeTheStateAndNameWhoDidIt() {
        CliRunner.Result acked = hub.run("alerts", "ack", String.valueOf(tamper.id()), "--note", "on my way");
        assertThat(acked.exitCode()).as(acked.toString()).isZero();
        assertThat(acked.out()).contains("alert " + tamper.id() + " is acknowledged (by policy:iothubowner)");

        CliRunner.Result resolved = hub.run("alerts", "resolve", String.valueOf(tamper.id()), "--note",
                "cover closed, seal replaced");
        assertThat(resolved.exitCode()).as(resolved.toString()).isZero();
        Alert stored = hub.hub().alerts().get(tamper.id());
        assertThat(stored.state()).isEqualTo(AlertState.RESOLVED);
        assertThat(stored.note()).isEqualTo("cover closed, seal replaced");
        assertThat(hub.run("alerts", "list", "--state", "resolved").lines()).hasSize(1);
    }

    @Test
    void refusalsAreOneLineAndAFailureExitCode() {
        assertThat(hub.run("alerts", "resolve", String.valueOf(brute.id())).exitCode()).isZero();
        CliRunner.Result again = hub.run("alerts", "resolve", String.valueOf(brute.id()));
        assertThat(again.exitCode()).isEqualTo(CliFailure.FAILED);
        assertThat(again.err()).contains("alert-resolved");
        assertThat(hub.run("alerts", "ack", "999").err()).contains("alert-not-found");
        assertThat(hub.run("alerts", "list", "--severity", "urgent").exitCode()).isEqualTo(2);
    }

    private static AlertSignal signal(String rule, AlertSeverity severity, String device, String source,
                                      String summary) {
        return new AlertSignal(rule, severity, rule + ":" + device + ":" + source, device, source, summary,
                List.of(new AlertEvidence(StreamName.SECURITY, 1)), Instant.now());
    }
}
