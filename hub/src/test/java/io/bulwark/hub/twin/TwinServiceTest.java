package io.bulwark.hub.twin;

import static io.bulwark.hub.TestHubCore.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bulwark.hub.HubException;
import io.bulwark.hub.TestHubCore;
import io.bulwark.hub.registry.DeviceSpec;
import io.bulwark.hub.registry.IdentityId;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TwinServiceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final IdentityId D1 = IdentityId.device("d1");

    @TempDir
    Path dir;
    TestHubCore hub;
    TwinService twins;
    List<String> pushed = new ArrayList<>();

    @BeforeEach
    void open() {
        hub = new TestHubCore(dir);
        twins = new TwinService(hub.store.twins(), hub.registry, hub.audit, Clock.systemUTC());
        twins.notifyThrough((id, patch, version) -> pushed.add(id + " " + patch));
        hub.registry.create(OPERATOR, DeviceSpec.sasDevice(D1));
    }

    @AfterEach
    void close() {
        hub.close();
    }

    @Test
    void startsEmptyAtVersionOne() {
        Twin twin = twins.get(D1);
        assertThat(twin.desired()).isEmpty();
        assertThat(twin.desiredVersion()).isEqualTo(1);
        assertThat(twin.reportedVersion()).isEqualTo(1);
        assertThatThrownBy(() -> twins.get(IdentityId.device("nobody"))).isInstanceOf(HubException.NotFound.class);
    }

    @Test
    void mergesPatchesAndNullDeletes() throws Exception {
        twins.patchDesired(OPERATOR, D1, json("{\"a\":1,\"nested\":{\"x\":1,\"y\":2}}"));
        Twin twin = twins.patchDesired(OPERATOR, D1, json("{\"a\":null,\"nested\":{\"y\":3},\"b\":\"new\"}"));
        assertThat(twin.desired()).isEqualTo(json("{\"nested\":{\"x\":1,\"y\":3},\"b\":\"new\"}"));
        assertThat(twin.desiredVersion()).isEqualTo(3);
        assertThat(twin.desiredMetadata().path("nested").path("y").path("$lastUpdated").asText()).isNotEmpty();
        assertThat(pushed).hasSize(2).last().asString().contains("\"$version\":3");
        assertThat(hub.audit.latest().orElseThrow().action()).isEqualTo("twin.update-desired");
    }

    @Test
    void reportedAndDesiredKeepSeparateVersions() throws Exception {
        assertThat(twins.patchReported(D1, json("{\"fw\":\"1.0\"}"))).isEqualTo(2);
        assertThat(twins.patchReported(D1, json("{\"fw\":\"1.1\"}"))).isEqualTo(3);
        Twin twin = twins.get(D1);
        assertThat(twin.desiredVersion()).isEqualTo(1);
        assertThat(twins.deviceView(twin).toString())
                .isEqualTo("{\"desired\":{\"$version\":1},\"reported\":{\"fw\":\"1.1\",\"$version\":3}}");
        assertThat(pushed).as("reported changes are not pushed").isEmpty();
    }

    @Test
    void refusesBadKeysDeepNestingAndOversizedSections() throws Exception { // S-DOS-3
        assertThatThrownBy(() -> twins.patchDesired(OPERATOR, D1, json("{\"$version\":5}")))
                .isInstanceOf(HubException.Invalid.class);
        assertThatThrownBy(() -> twins.patchReported(D1, json("{\"a.b\":1}")))
                .isInstanceOf(HubException.Invalid.class);
        String deep = "{\"a\":".repeat(11) + "1" + "}".repeat(11);
        assertThatThrownBy(() -> twins.patchReported(D1, json(deep))).isInstanceOf(HubException.Invalid.class);
        ObjectNode big = JSON.createObjectNode().put("blob", "x".repeat(33 * 1024));
        assertThatThrownBy(() -> twins.patchReported(D1, big)).isInstanceOf(HubException.LimitExceeded.class);
        assertThat(twins.get(D1).reportedVersion()).as("refused patches change nothing").isEqualTo(1);
    }

    @Test
    void deletingTheDevicePurgesItsTwin() throws Exception { // S-DATA-3
        twins.patchReported(D1, json("{\"secret-ish\":\"value\"}"));
        hub.registry.delete(OPERATOR, D1, null);
        assertThat(hub.store.twins().find(D1)).isEmpty();
        hub.registry.create(OPERATOR, DeviceSpec.sasDevice(D1));
        assertThat(twins.get(D1).reported()).isEmpty();
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }
}
