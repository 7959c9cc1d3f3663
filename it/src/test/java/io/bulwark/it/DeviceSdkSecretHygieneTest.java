package io.bulwark.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.bulwark.device.client.ConnectionState;
import io.bulwark.device.client.ConnectionStateChange;
import io.bulwark.device.client.DeviceClient;
import io.bulwark.device.client.DeviceClientError;
import io.bulwark.device.client.DeviceMessage;
import io.bulwark.device.client.MethodResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * S-DATA-4 for the SDK: through connects, token renewals, refused credentials, hub errors and bad input, no key,
 * token or signature appears in what the SDK logs (at DEBUG), in its state changes, error reports or exceptions.
 */
class DeviceSdkSecretHygieneTest extends DeviceSdkHubTest {

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private Logger sdk;
    private Level previous;

    @BeforeEach
    void captureSdkLogs() {
        sdk = (Logger) LoggerFactory.getLogger("io.bulwark.device");
        previous = sdk.getLevel();
        sdk.setLevel(Level.DEBUG);
        logs.start();
        sdk.addAppender(logs);
    }

    @AfterEach
    void releaseSdkLogs() {
        sdk.detachAppender(logs);
        sdk.setLevel(previous);
    }

    @Test
    void sdkNeverShowsAKeyOrATokenWhateverHappens() throws Exception {
        byte[] key = createDevice("hygienic");
        byte[] wrongKey = new byte[32];
        new java.security.SecureRandom().nextBytes(wrongKey);
        List<String> said = new CopyOnWriteArrayList<>();

        try (DeviceClient client = sdkClient("hygienic", key).tokenLifetime(Duration.ofSeconds(5))
                .maxMethodPayloadBytes(8).onError(error -> said.add(error.detail())).build()) {
            List<ConnectionStateChange> states = new CopyOnWriteArrayList<>();
            client.onConnectionStateChanged(change -> {
                states.add(change);
                said.add(String.valueOf(change.detail()));
            });
            client.onMethod("echo", request -> MethodResponse.ok("{}"));
            client.open().get(30, TimeUnit.SECONDS);
            client.sendTelemetry(DeviceMessage.builder().body("x").build()).get(30, TimeUnit.SECONDS);
            callMethod("hygienic", "echo", "\"far more than eight bytes\"");
            await().atMost(Duration.ofSeconds(30)).until(() -> states.stream()
                    .anyMatch(change -> change.reason() == ConnectionStateChange.Reason.TOKEN_RENEWAL
                            && change.state() == ConnectionState.CONNECTED));
            said.add(client.toString());
        }

        DeviceClient refused = sdkClient("hygienic", wrongKey).build();
        try {
            refused.open().get(30, TimeUnit.SECONDS);
            throw new AssertionError("a wrong key must be refused");
        } catch (ExecutionException expected) {
            for (Throwable cause = expected; cause != null; cause = cause.getCause()) {
                said.add(String.valueOf(cause.getMessage()));
            }
        } finally {
            refused.close();
        }
        assertThat(refused.state()).isEqualTo(ConnectionState.CLOSED);

        List<String> everything = new ArrayList<>(said);
        logs.list.forEach(event -> everything.add(event.getFormattedMessage()));
        assertThat(logs.list).as("the SDK logged what happened").isNotEmpty();
        for (String secret : List.of(Base64.getEncoder().encodeToString(key),
                Base64.getEncoder().encodeToString(wrongKey))) {
            assertThat(everything).noneMatch(line -> line.contains(secret));
        }
        assertThat(everything).noneMatch(line -> line.contains("sig=") || line.contains("SharedAccessSignature sr="));
        assertThat(everything).anyMatch(line -> line.contains("refused the credentials"));
        assertThat(everything).anyMatch(line -> line.contains(DeviceClientError.Kind.OVERSIZE_METHOD_PAYLOAD.name())
                || line.contains("answered 413"));
    }
}
