package io.bulwark.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DriverOptionsTest {

    @Test
    void bulwarkNeedsOnlyItsDataFolderAndRunsEveryScenarioByDefault() {
        DriverOptions options = DriverOptions.parse("target=bulwark", "data=/tmp/hub");
        assertThat(options.data()).isEqualTo(Path.of("/tmp/hub"));
        assertThat(options.scenarios()).isEqualTo(DriverOptions.ALL_SCENARIOS);
        assertThat(options.devices()).isEqualTo(1000);
        assertThat(options.payloads()).containsExactly(100);
        assertThat(options.auth()).isEqualTo("sas");
        assertThat(options.out()).isEqualTo(Path.of("bench-results-bulwark.csv"));
    }

    @Test
    void readsListsAndRates() {
        DriverOptions options = DriverOptions.parse("target=bulwark", "data=/d", "scenarios=qos1,c2d",
                "idle=1000,10000,50000", "payloads=100,1024,16384", "c2d-rate=1000", "qos1-rate=4500.5");
        assertThat(options.runs("qos1")).isTrue();
        assertThat(options.runs("storm")).isFalse();
        assertThat(options.idleCounts()).containsExactly(1000, 10000, 50000);
        assertThat(options.payloads()).containsExactly(100, 1024, 16384);
        assertThat(options.qos1Rate()).isEqualTo(4500.5);
    }

    @Test
    void timedRestCallsShareABoundedNumberOfKeepAliveConnections() {
        assertThat(DriverOptions.parse("target=bulwark", "data=/d").httpConnections())
                .isEqualTo(DriverOptions.DEFAULT_HTTP_CONNECTIONS);
        assertThat(DriverOptions.parse("target=bulwark", "data=/d", "http-connections=32").httpConnections())
                .isEqualTo(32);
        // 0 is the earlier unbounded client, kept for before-and-after comparisons.
        assertThat(DriverOptions.parse("target=bulwark", "data=/d", "http-connections=0").httpConnections())
                .isZero();
        assertRefused("http-connections", "-1");
        assertRefused("http-connections", "1025");
    }

    @Test
    void theFixedRatePhaseRunsUntimedFirstForAsLongAsAsked() {
        assertThat(DriverOptions.parse("target=bulwark", "data=/d").qos1RateWarmUp())
                .isEqualTo(DriverOptions.DEFAULT_QOS1_RATE_WARM_UP);
        assertThat(DriverOptions.parse("target=bulwark", "data=/d", "qos1-rate-warm-up=0").qos1RateWarmUp())
                .isZero();
        assertRefused("qos1-rate-warm-up", "-1");
        assertRefused("qos1-rate-warm-up", "601");
    }

    @Test
    void theFlatOutPhaseFloodsUntimedFirstForAsLongAsAsked() {
        assertThat(DriverOptions.parse("target=bulwark", "data=/d").qos1WarmUp())
                .isEqualTo(DriverOptions.DEFAULT_QOS1_WARM_UP).isEqualTo(1);
        assertThat(DriverOptions.parse("target=bulwark", "data=/d", "qos1-warm-up=10").qos1WarmUp()).isEqualTo(10);
        assertThat(DriverOptions.parse("target=bulwark", "data=/d", "qos1-warm-up=0").qos1WarmUp()).isZero();
        assertRefused("qos1-warm-up", "-1");
        assertRefused("qos1-warm-up", "601");
    }

    @Test
    void roundTripPhasesRunUntimedFirstForAsLongAsAsked() {
        assertThat(DriverOptions.parse("target=bulwark", "data=/d").roundTripWarmUp())
                .isEqualTo(DriverOptions.DEFAULT_ROUND_TRIP_WARM_UP);
        assertThat(DriverOptions.parse("target=bulwark", "data=/d", "round-trip-warm-up=90").roundTripWarmUp())
                .isEqualTo(90);
        assertRefused("round-trip-warm-up", "-1");
        assertRefused("round-trip-warm-up", "601");
    }

    @Test
    void mosquittoNeedsItsPortCredentialsServerCertificateAndPid() {
        assertThatThrownBy(() -> DriverOptions.parse("target=mosquitto", "port=8883", "user=bench"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("password=");
        DriverOptions options = DriverOptions.parse("target=mosquitto", "port=8883", "user=bench", "password=pw",
                "server-cert=/tmp/server.crt", "pid=42");
        assertThat(options.port()).isEqualTo(8883);
        assertThat(options.pid()).isEqualTo(42);
    }

    @Test
    void x509IsOnlyForBulwark() {
        assertThatThrownBy(() -> DriverOptions.parse("target=mosquitto", "port=1", "user=u", "password=p",
                "server-cert=/c", "pid=1", "auth=x509")).isInstanceOf(IllegalArgumentException.class);
        assertThat(DriverOptions.parse("target=bulwark", "data=/d", "auth=x509").auth()).isEqualTo("x509");
    }

    @Test
    void everyRunIsBoundedInCountAndTime() {
        assertRefused("seconds", "601");
        assertRefused("idle", "1000,300000");
        assertRefused("payloads", "4");
        assertRefused("window", "17");
        assertThatThrownBy(() -> DriverOptions.parse("target=bulwark", "data=/d", "c2d-rate=0"))
                .hasMessageContaining("rates");
    }

    @Test
    void refusesUnknownKeysScenariosAndTargets() {
        assertThatThrownBy(() -> DriverOptions.parse("target=bulwark", "data=/d", "devcies=10"))
                .hasMessageContaining("unknown option devcies");
        assertThatThrownBy(() -> DriverOptions.parse("target=bulwark", "data=/d", "scenarios=qos2"))
                .hasMessageContaining("unknown scenario qos2");
        assertThatThrownBy(() -> DriverOptions.parse("target=emqx")).hasMessageContaining("target");
        assertThatThrownBy(() -> DriverOptions.parse("target=bulwark")).hasMessageContaining("data=");
        assertThatThrownBy(() -> DriverOptions.parse("target=bulwark", "data")).hasMessageContaining("key=value");
    }

    /** A Bulwark run with {@code option=value} is refused, and the refusal names the option. */
    private static void assertRefused(String option, String value) {
        assertThatThrownBy(() -> DriverOptions.parse("target=bulwark", "data=/d", option + "=" + value))
                .hasMessageContaining(option);
    }
}
