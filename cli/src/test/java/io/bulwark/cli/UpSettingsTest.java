package io.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulwark.hub.HubLimits;
import io.bulwark.hub.security.fleetaudit.FleetAuditSettings;
import io.bulwark.hub.webhook.PrivateTargetAllowance;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How {@code up} settles each setting: flag, else environment variable, else default. */
class UpSettingsTest {

    private static final Map<String, String> ENV = Map.of(
            "BULWARK_DATA", "/srv/bulwark",
            "BULWARK_HOST", "hub.example.com, hub2.example.com,,",
            "BULWARK_HTTPS_PORT", "9443",
            "BULWARK_MQTT_PORT", "9883",
            "BULWARK_BIND", "10.0.0.5");

    @Test
    void defaultsApplyWithoutFlagsOrEnvironment() {
        UpSettings settings = UpSettings.resolve(null, null, null, null, null, Map.of());

        assertThat(settings.dataDir()).isEqualTo(Path.of("data").toAbsolutePath());
        assertThat(settings.hostNames()).isEmpty();
        assertThat(settings.bindAddress()).isEqualTo("0.0.0.0");
        assertThat(settings.httpsPort()).isEqualTo(8443);
        assertThat(settings.mqttPort()).isEqualTo(8883);
    }

    @Test
    void environmentOverridesDefaults() {
        UpSettings settings = UpSettings.resolve(null, null, null, null, null, ENV);

        assertThat(settings.dataDir()).isEqualTo(Path.of("/srv/bulwark"));
        assertThat(settings.hostNames()).containsExactly("hub.example.com", "hub2.example.com");
        assertThat(settings.bindAddress()).isEqualTo("10.0.0.5");
        assertThat(settings.httpsPort()).isEqualTo(9443);
        assertThat(settings.mqttPort()).isEqualTo(9883);
    }

    @Test
    void flagsOverrideTheEnvironment() {
        UpSettings settings = UpSettings.resolve(Path.of("/tmp/hub"), List.of("flag.example.com"), "127.0.0.1", 0,
                1883, ENV);

        assertThat(settings.dataDir()).isEqualTo(Path.of("/tmp/hub"));
        assertThat(settings.hostNames()).containsExactly("flag.example.com");
        assertThat(settings.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(settings.httpsPort()).isZero();
        assertThat(settings.mqttPort()).isEqualTo(1883);
    }

    @Test
    void aPortThatIsNotANumberNamesItsVariable() {
        assertThatThrownBy(() -> UpSettings.resolve(null, null, null, null, null,
                Map.of("BULWARK_HTTPS_PORT", "https")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("BULWARK_HTTPS_PORT");
    }

    @Test
    void theConfigCarriesTheEnvironmentForTheMasterKey() {
        Map<String, String> env = Map.of("BULWARK_MASTER_KEY", "supplied");

        assertThat(UpSettings.resolve(null, null, null, null, null, env).toConfig(env).env())
                .containsEntry("BULWARK_MASTER_KEY", "supplied");
    }

    @Test
    void fleetAuditVariablesSetTheHubsFleetAuditLimits() {
        Map<String, String> env = Map.of("BULWARK_FLEET_AUDIT_INTERVAL", "PT6H",
                "BULWARK_FLEET_AUDIT_EXPIRY_WARNING", "P14D", "BULWARK_FLEET_AUDIT_KEY_ROTATION", "P90D",
                "BULWARK_FLEET_AUDIT_REPORTS_KEPT", "7");

        FleetAuditSettings fleetAudit = UpSettings.resolve(null, null, null, null, null, env).toConfig(env)
                .limits().fleetAudit();

        assertThat(fleetAudit).isEqualTo(new FleetAuditSettings(Duration.ofHours(6), Duration.ofDays(14),
                Duration.ofDays(90), 7));
        assertThat(UpSettings.resolve(null, null, null, null, null, Map.of()).toConfig(Map.of()).limits()
                .fleetAudit()).isEqualTo(FleetAuditSettings.DEFAULTS);
    }

    @Test
    void aFleetAuditValueThatDoesNotParseNamesItsVariable() {
        Map<String, String> env = Map.of("BULWARK_FLEET_AUDIT_REPORTS_KEPT", "many");

        assertThatThrownBy(() -> UpSettings.resolve(null, null, null, null, null, env).toConfig(env))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("BULWARK_FLEET_AUDIT_REPORTS_KEPT must be a whole number such as 100");
    }

    @Test
    void perDeviceRateVariablesSetTheHubsDeviceRatesAndDefaultsStaySafe() {
        Map<String, String> env = Map.of("BULWARK_DEVICE_MESSAGES_PER_SECOND", "5000",
                "BULWARK_DEVICE_BYTES_PER_SECOND", "8388608");
        HubLimits limits = UpSettings.resolve(null, null, null, null, null, env).toConfig(env).limits();
        assertThat(limits.deviceMessagesPerSecond()).isEqualTo(5000);
        assertThat(limits.deviceBytesPerSecond()).isEqualTo(8 * 1024 * 1024);
        HubLimits defaults = UpSettings.resolve(null, null, null, null, null, Map.of()).toConfig(Map.of()).limits();
        assertThat(defaults.deviceMessagesPerSecond()).isEqualTo(100);
        assertThat(defaults.deviceBytesPerSecond()).isEqualTo(1024 * 1024);
    }

    @Test
    void aDeviceRateBelowItsMinimumNamesItsVariable() {
        Map<String, String> env = Map.of("BULWARK_DEVICE_BYTES_PER_SECOND", "100");
        assertThatThrownBy(() -> UpSettings.resolve(null, null, null, null, null, env).toConfig(env))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("BULWARK_DEVICE_BYTES_PER_SECOND must be a whole number of at least 1024, not '100'");
    }

    @Test
    void trafficBaselineOffTurnsTheTrafficRulesOffAndStaysOnByDefault() {
        Map<String, String> off = Map.of("BULWARK_TRAFFIC_BASELINE", "off");

        assertThat(UpSettings.resolve(null, null, null, null, null, off).toConfig(off).limits().monitoring()
                .trafficBaseline()).isFalse();
        assertThat(UpSettings.resolve(null, null, null, null, null, Map.of()).toConfig(Map.of()).limits()
                .monitoring().trafficBaseline()).isTrue();
    }

    @Test
    void aTrafficBaselineValueOtherThanOnOrOffNamesItsVariable() {
        Map<String, String> env = Map.of("BULWARK_TRAFFIC_BASELINE", "maybe");

        assertThatThrownBy(() -> UpSettings.resolve(null, null, null, null, null, env).toConfig(env))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("BULWARK_TRAFFIC_BASELINE must be on or off, not 'maybe'");
    }

    @Test
    void monitorVariablesSetTheDetectorThresholdsAndOtherThresholdsKeepTheirDefaults() {
        Map<String, String> env = Map.of("BULWARK_MONITOR_SOURCE_SLOW_AFTER", "3",
                "BULWARK_MONITOR_SOURCE_BLOCK_AFTER", "6", "BULWARK_MONITOR_BLOCK_PERIOD", "PT1H",
                "BULWARK_MONITOR_BASELINE_FACTOR", "4.5");
        var monitoring = UpSettings.resolve(null, null, null, null, null, env).toConfig(env).limits().monitoring();
        assertThat(monitoring.sourceSlowAfter()).isEqualTo(3);
        assertThat(monitoring.sourceBlockAfter()).isEqualTo(6);
        assertThat(monitoring.blockPeriod()).isEqualTo(java.time.Duration.ofHours(1));
        assertThat(monitoring.baselineFactor()).isEqualTo(4.5);
        assertThat(monitoring.loginFailures()).isEqualTo(HubLimits.DEFAULTS.monitoring().loginFailures());
    }

    @Test
    void aMonitorThresholdThatDoesNotParseOrBreaksARuleNamesWhatToFix() {
        Map<String, String> unparsable = Map.of("BULWARK_MONITOR_LOGIN_WINDOW", "5 minutes");
        assertThatThrownBy(() -> UpSettings.resolve(null, null, null, null, null, unparsable).toConfig(unparsable))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("BULWARK_MONITOR_LOGIN_WINDOW must be an ISO-8601 duration such as P1D or PT6H");
        Map<String, String> inverted = Map.of("BULWARK_MONITOR_SOURCE_SLOW_AFTER", "30");
        assertThatThrownBy(() -> UpSettings.resolve(null, null, null, null, null, inverted).toConfig(inverted))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("BULWARK_MONITOR_* settings: a source is slowed down before it is blocked");
    }

    @Test
    void webhooksReachNoPrivateRangeUnlessTheOperatorNamesIt() { // SSRF guard
        assertThat(UpSettings.resolve(null, null, null, null, null, Map.of()).toConfig(Map.of()).limits().webhooks()
                .privateTargets()).isEqualTo(PrivateTargetAllowance.NONE);
        Map<String, String> env = Map.of("BULWARK_WEBHOOK_ALLOW_PRIVATE_TARGETS", "10.20.0.0/16, fd00:1::/64");
        assertThat(UpSettings.resolve(null, null, null, null, null, env).toConfig(env).limits().webhooks()
                .privateTargets().ranges()).extracting(Object::toString)
                .containsExactly("10.20.0.0/16", "fd00:1:0:0:0:0:0:0/64");
        Map<String, String> sloppy = Map.of("BULWARK_WEBHOOK_ALLOW_PRIVATE_TARGETS", "10.20.3.4/16");
        assertThatThrownBy(() -> UpSettings.resolve(null, null, null, null, null, sloppy).toConfig(sloppy))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("BULWARK_WEBHOOK_ALLOW_PRIVATE_TARGETS must list CIDR ranges such as 10.20.0.0/16 or "
                        + "fd00:1::/64, separated by commas: 10.20.3.4/16 has address bits set past its prefix");
    }
}
