package io.bulwark.hub.security.detect;

import static io.bulwark.hub.security.detect.Records.T0;
import static io.bulwark.hub.security.detect.Records.login;
import static io.bulwark.hub.security.detect.Records.security;
import static io.bulwark.hub.security.detect.Records.tamper;
import static io.bulwark.hub.security.detect.Records.usbAttached;
import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.hub.security.alert.AlertEvidence;
import io.bulwark.hub.security.alert.AlertSeverity;
import io.bulwark.hub.security.alert.AlertSignal;
import io.bulwark.hub.stream.StreamName;
import io.bulwark.protocol.security.LoginAttempt;
import io.bulwark.protocol.security.PhysicalAccess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The rules over device-reported security events, each fed records and expected to raise exactly its alert. */
class SecurityEventDetectorsTest {

    @Test
    void everyTamperEventIsACriticalAlertKeyedByDeviceAndKind() { // S-MON-1
        List<AlertSignal> signals = new TamperDetector().inspect(security("d1", 42, T0, tamper("cover-open")));

        assertThat(signals).singleElement().satisfies(signal -> {
            assertThat(signal.rule()).isEqualTo("tamper");
            assertThat(signal.severity()).isEqualTo(AlertSeverity.CRITICAL);
            assertThat(signal.dedupKey()).isEqualTo("tamper:d1:cover-open");
            assertThat(signal.deviceId()).isEqualTo("d1");
            assertThat(signal.evidence()).containsExactly(new AlertEvidence(StreamName.SECURITY, 42));
            assertThat(signal.time()).isEqualTo(T0);
            assertThat(signal.summary()).isEqualTo("tamper reported by d1: cover-open (enclosure switch)");
        });
        assertThat(new TamperDetector().inspect(security("d1", 43, T0, usbAttached()))).isEmpty();
    }

    @Test
    void usbAttachOnADeviceWhoseClassAllowsNoUsbIsHigh() {
        Map<String, String> classOf = Map.of("kiosk-1", "kiosk", "laptop-1", "laptop", "unknown-1", "toaster");
        DeviceClassPolicy policy = deviceClass -> switch (deviceClass) {
            case "kiosk" -> Optional.of(false);
            case "laptop" -> Optional.of(true);
            default -> Optional.empty();
        };
        UsbAttachDetector detector = new UsbAttachDetector(id -> Optional.ofNullable(classOf.get(id)), policy);

        assertThat(detector.inspect(security("kiosk-1", 5, T0, usbAttached()))).singleElement()
                .satisfies(signal -> {
                    assertThat(signal.rule()).isEqualTo("usb-attach");
                    assertThat(signal.severity()).isEqualTo(AlertSeverity.HIGH);
                    assertThat(signal.dedupKey()).isEqualTo("usb-attach:kiosk-1");
                    assertThat(signal.summary()).isEqualTo("USB device 0781:5567 (Cruzer Blade) attached at port "
                            + "1-1.2 of kiosk-1, class kiosk allows no USB");
                });
        assertThat(detector.inspect(security("laptop-1", 6, T0, usbAttached()))).isEmpty();
        assertThat(detector.inspect(security("unknown-1", 7, T0, usbAttached()))).as("class not known").isEmpty();
        assertThat(detector.inspect(security("no-tag", 8, T0, usbAttached()))).as("no class tag").isEmpty();
        PhysicalAccess removed = new PhysicalAccess(PhysicalAccess.Action.REMOVED, "usb", "1-1.2", null, null, null,
                null);
        assertThat(detector.inspect(security("kiosk-1", 9, T0, removed))).isEmpty();
    }

    @Test
    void loginFailuresWithinTheWindowOnOneDeviceAreABruteForce() {
        LoginBruteForceDetector detector = new LoginBruteForceDetector(3, Duration.ofMinutes(5));
        List<AlertSignal> signals = new ArrayList<>();
        signals.addAll(detector.inspect(security("d1", 1, T0, login(LoginAttempt.Outcome.FAILURE))));
        signals.addAll(detector.inspect(security("d2", 2, T0, login(LoginAttempt.Outcome.FAILURE))));
        signals.addAll(detector.inspect(security("d1", 3, T0.plusSeconds(60), login(LoginAttempt.Outcome.SUCCESS))));
        signals.addAll(detector.inspect(security("d1", 4, T0.plusSeconds(120), login(LoginAttempt.Outcome.FAILURE))));
        assertThat(signals).as("two failures are not three").isEmpty();

        signals.addAll(detector.inspect(security("d1", 5, T0.plusSeconds(180), login(LoginAttempt.Outcome.FAILURE))));
        assertThat(signals).singleElement().satisfies(signal -> {
            assertThat(signal.rule()).isEqualTo("login-brute-force");
            assertThat(signal.severity()).isEqualTo(AlertSeverity.HIGH);
            assertThat(signal.dedupKey()).isEqualTo("login-brute-force:d1");
            assertThat(signal.evidence()).containsExactly(new AlertEvidence(StreamName.SECURITY, 5));
            assertThat(signal.summary()).isEqualTo("3 or more failed local logins on d1, latest as root via sshd "
                    + "from 203.0.113.5");
        });
    }

    @Test
    void loginFailuresSpreadWiderThanTheWindowAreNot() {
        LoginBruteForceDetector detector = new LoginBruteForceDetector(3, Duration.ofMinutes(5));
        for (int i = 0; i < 10; i++) {
            assertThat(detector.inspect(security("d1", i + 1, T0.plus(Duration.ofMinutes(3L * i)),
                    login(LoginAttempt.Outcome.FAILURE)))).isEmpty();
        }
    }

    @Test
    void aJumpInTheSequenceWithinOneBootIdIsAGapButANewBootIdAndResendsAreNot() {
        EventSequenceGapDetector detector = new EventSequenceGapDetector();
        assertThat(detector.inspect(security("d1", 1, T0, 10, "boot-a", tamper("x")))).isEmpty();
        assertThat(detector.inspect(security("d1", 2, T0, 11, "boot-a", tamper("x")))).isEmpty();
        assertThat(detector.inspect(security("d1", 3, T0, 11, "boot-a", tamper("x")))).as("resend").isEmpty();
        assertThat(detector.inspect(security("d1", 4, T0, 3, "boot-b", tamper("x")))).as("new boot").isEmpty();
        assertThat(detector.inspect(security("d2", 5, T0, 500, "boot-z", tamper("x")))).as("first seen").isEmpty();

        assertThat(detector.inspect(security("d1", 6, T0, 7, "boot-b", tamper("x")))).singleElement()
                .satisfies(signal -> {
                    assertThat(signal.rule()).isEqualTo("event-sequence-gap");
                    assertThat(signal.severity()).isEqualTo(AlertSeverity.MEDIUM);
                    assertThat(signal.dedupKey()).isEqualTo("event-sequence-gap:d1");
                    assertThat(signal.summary()).isEqualTo("3 security event(s) missing from d1 (sequence 3 then 7 "
                            + "in boot boot-b)");
                    assertThat(signal.evidence()).containsExactly(new AlertEvidence(StreamName.SECURITY, 6));
                });
        assertThat(detector.inspect(security("d1", 7, T0, 8, "boot-b", tamper("x")))).isEmpty();
    }
}
