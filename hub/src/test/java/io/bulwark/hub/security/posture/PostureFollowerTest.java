package io.bulwark.hub.security.posture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bulwark.hub.TestHubCore;
import io.bulwark.hub.registry.DeviceSpec;
import io.bulwark.hub.registry.IdentityId;
import io.bulwark.hub.stream.ConsumerCursor;
import io.bulwark.hub.stream.ConsumerGroup;
import io.bulwark.hub.stream.StreamMessage;
import io.bulwark.hub.stream.StreamName;
import io.bulwark.hub.stream.Streams;
import io.bulwark.hub.stream.embedded.SqliteStreams;
import io.bulwark.protocol.security.PostureSnapshot.ListeningPort;
import io.bulwark.protocol.security.SecurityEvent;
import io.bulwark.protocol.security.SecurityEventCodec;
import io.bulwark.protocol.security.Tamper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The follower of the security stream: postures are checked, anything else skipped, the cursor committed. */
class PostureFollowerTest {

    private final SecurityEventCodec codec = new SecurityEventCodec();

    @TempDir
    Path dir;
    TestHubCore core;
    Streams streams;
    PostureChecker checker;

    @BeforeEach
    void start() {
        core = new TestHubCore(dir);
        streams = SqliteStreams.open(dir.resolve("streams.db"));
        DeviceClasses classes = new DeviceClasses(core.store.deviceClasses(), core.store.devices(), core.audit,
                Clock.systemUTC());
        classes.put(TestHubCore.OPERATOR, "gateway", Snapshots.strict(), null, null);
        core.registry.create(TestHubCore.OPERATOR, DeviceSpec.sasDevice(IdentityId.device("gw-1"))
                .withTags(Map.of(DeviceClass.TAG, "gateway")));
        checker = new PostureChecker(core.store.postures(), classes, new BaselineRules());
    }

    @AfterEach
    void stop() {
        streams.close();
        core.close();
    }

    @Test
    void checksPosturesSkipsOtherAndMalformedEventsAndCommitsItsCursor() {
        append("not json at all".getBytes(StandardCharsets.UTF_8));
        append(codec.encode(SecurityEvent.of(1, "b", Instant.now(), new Tamper("case-open", "lid opened"))));
        long posture = append(codec.encode(SecurityEvent.of(2, "b", Instant.now(),
                Snapshots.withPorts(new ListeningPort("tcp", 4, "0.0.0.0", 23)))));
        try (PostureFollower follower = new PostureFollower(streams, checker, codec, Clock.systemUTC())) {
            follower.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> !core.store.postures().openFindings("gw-1").isEmpty());
            assertThat(core.store.postures().openFindings("gw-1").get(0).evidenceOffset()).isEqualTo(posture);
            await().atMost(Duration.ofSeconds(30)).until(() -> streams.cursors().find(StreamName.SECURITY,
                    new ConsumerGroup(PostureFollower.GROUP)).map(ConsumerCursor::offset).orElse(0L) == posture + 1);
        }
    }

    @Test
    void goesOnWhereItStoppedAfterARestart() {
        append(codec.encode(SecurityEvent.of(1, "b", Instant.now(), Snapshots.withFirmware("1.0"))));
        try (PostureFollower follower = new PostureFollower(streams, checker, codec, Clock.systemUTC())) {
            follower.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> core.store.postures().latest("gw-1").isPresent());
        }
        long healthy = append(codec.encode(SecurityEvent.of(2, "b", Instant.now(), Snapshots.healthy())));
        try (PostureFollower follower = new PostureFollower(streams, checker, codec, Clock.systemUTC())) {
            follower.start();
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    core.store.postures().latest("gw-1").orElseThrow().offset() == healthy);
        }
        assertThat(core.store.postures().openFindings("gw-1")).isEmpty();
    }

    private long append(byte[] body) {
        return streams.append(StreamName.SECURITY, new StreamMessage("gw-1", null, Instant.now(), "mqtt",
                Map.of("bulwark-stream", "security"), body)).join();
    }
}
