package io.bulwark.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.bulwark.device.agent.examples.SimulatedSensor;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The example sensor a new user runs: telemetry on a schedule, and its two direct methods, against a real hub. */
class SimulatedSensorTest extends DeviceSdkHubTest {

    private SimulatedSensor sensor;

    @AfterEach
    void stopSensor() {
        if (sensor != null) {
            sensor.close();
        }
    }

    @Test
    void sendsReadingsAndAnswersSetIntervalAndReboot() throws Exception {
        sensor = new SimulatedSensor(sdkClient("sensor-1").build(), Duration.ofSeconds(1));
        sensor.start();

        await().atMost(Duration.ofSeconds(30)).until(() -> readTelemetry().size() >= 2);
        JsonNode reading = JSON.readTree(Base64.getDecoder().decode(readTelemetry().get(0).path("body").asText()));
        assertThat(reading.path("temperature").isNumber()).isTrue();
        assertThat(readTelemetry().get(0).path("properties").path("unit").asText()).isEqualTo("C");

        HttpResponse<String> interval = callMethod("sensor-1", "setInterval", "{\"seconds\":60}");
        assertThat(interval.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(interval.body()).path("status").asInt()).isEqualTo(200);
        assertThat(JSON.readTree(interval.body()).at("/payload/intervalSeconds").asInt()).isEqualTo(60);

        HttpResponse<String> refused = callMethod("sensor-1", "setInterval", "{\"seconds\":0}");
        assertThat(JSON.readTree(refused.body()).path("status").asInt()).isEqualTo(400);

        HttpResponse<String> reboot = callMethod("sensor-1", "reboot", "{}");
        assertThat(JSON.readTree(reboot.body()).at("/payload/rebooting").asBoolean()).isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> JSON.readTree(api.get("/twins/sensor-1").body())
                .at("/properties/reported/lastReboot").isTextual());
    }
}
