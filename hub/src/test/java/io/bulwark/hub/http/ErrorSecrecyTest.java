package io.bulwark.hub.http;

import static io.bulwark.hub.http.ServiceApiTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.bulwark.hub.ServiceClient;
import io.bulwark.hub.stream.StoredMessage;
import io.bulwark.hub.stream.StreamMessage;
import io.bulwark.hub.stream.ConsumerCursors;
import io.bulwark.hub.stream.RetentionResult;
import io.bulwark.hub.stream.StreamName;
import io.bulwark.hub.stream.StreamPage;
import io.bulwark.hub.stream.StreamQuery;
import io.bulwark.hub.stream.StreamRetention;
import io.bulwark.hub.stream.Streams;
import io.bulwark.protocol.connection.ServiceConnectionString;
import io.bulwark.protocol.sas.SasToken;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * S-DATA-4: no key, token or signature in an error answer or a log line, whatever a client sends; unexpected
 * failures answer a generic 500 and log no request data.
 */
class ErrorSecrecyTest {

    /** What a library might put in an exception message: request data the log must not repeat. */
    private static final String LEAKY_MESSAGE = "Authorization: SharedAccessSignature sig=leaked";

    @TempDir
    Path dir;
    ApiFixture hub;
    ServiceClient owner;
    ListAppender<ILoggingEvent> logs;
    Logger root;

    @BeforeEach
    void start() {
        root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        hub = ApiFixture.start(dir, ErrorSecrecyTest::failingReads);
        owner = hub.client("iothubowner");
    }

    @AfterEach
    void stop() {
        hub.close();
        root.detachAppender(logs);
    }

    @Test
    void refusedTokensAreNeverEchoed() {
        ServiceConnectionString credentials = hub.credentials("iothubowner");
        List<String> tokens = List.of(
                owner.tokenExpiringAt(Instant.now().minusSeconds(3600)),
                SasToken.create(credentials.hostName(), key(7), Instant.now().plusSeconds(600), "iothubowner")
                        .format(),
                SasToken.create(credentials.hostName(), credentials.keyBytes(), Instant.now().plusSeconds(600),
                        "no-such-policy").format(),
                owner.token() + "&extra=" + credentials.sharedAccessKey());
        List<String> secrets = new ArrayList<>(List.of(credentials.sharedAccessKey()));
        for (String token : tokens) {
            secrets.add(SasToken.parse(token.split("&extra=")[0]).signature());
            HttpResponse<String> answer = owner.send(owner.unauthenticated("/devices")
                    .header("Authorization", token).GET());
            assertProblem(answer, 401, "unauthenticated");
            assertNoSecretIn(answer, secrets);
        }
        HttpResponse<String> weak = hub.client("service").get("/devices");
        assertProblem(weak, 403, "forbidden");
        assertNoSecretIn(weak, secrets);
        assertNoSecretInLogs(secrets);
    }

    @Test
    void refusedBodiesNeverEchoTheKeysTheyCarry() {
        String primary = base64(key(1));
        String secondary = base64(key(2));
        String keys = "\"authentication\":{\"symmetricKey\":{\"primaryKey\":\"" + primary + "\",\"secondaryKey\":\""
                + secondary + "\"}}";
        List<HttpResponse<String>> answers = List.of(
                owner.put("/devices/k1", "{" + keys + ",\"status\":5}"),
                owner.put("/devices/k1", "{" + keys + ",\"deviceId\":\"other\"}"),
                owner.put("/devices/k1", "{" + keys + ",\"tags\":"),
                owner.put("/devices/k1", "{\"authentication\":{\"symmetricKey\":{\"primaryKey\":\"" + primary
                        + "\",\"secondaryKey\":\"c2hvcnQ=\"}}}"),
                owner.post("/import", "{\"deviceId\":\"k2\"," + keys + "}\n{\"deviceId\":\"k3\"," + keys + ",}\n"));
        assertThat(answers).extracting(HttpResponse::statusCode).containsOnly(400);
        for (HttpResponse<String> answer : answers) {
            assertNoSecretIn(answer, List.of(primary, secondary));
        }
        assertThat(owner.put("/devices/k1", "{" + keys + "}").statusCode()).isEqualTo(200);
        HttpResponse<String> duplicate = owner.put("/devices/k1", "{" + keys + "}");
        assertProblem(duplicate, 409, "device-exists");
        assertNoSecretIn(duplicate, List.of(primary, secondary));
        assertNoSecretInLogs(List.of(primary, secondary, hub.credentials("iothubowner").sharedAccessKey()));
    }

    @Test
    void anUnexpectedFailureIsAGeneric500AndItsLogLineHoldsNoRequestData() {
        String token = owner.token();
        HttpResponse<String> answer = owner.send(owner.unauthenticated("/streams/telemetry/messages?from=1")
                .header("Authorization", token).GET());
        assertProblem(answer, 500, "internal-error");
        assertThat(answer.body()).doesNotContain("leaked").doesNotContain("IllegalStateException");

        List<String> lines = logLines();
        assertThat(lines).anySatisfy(line -> assertThat(line)
                .contains("/streams/telemetry/messages").contains("java.lang.IllegalStateException"));
        assertNoSecretInLogs(List.of(LEAKY_MESSAGE, "leaked", SasToken.parse(token).signature(),
                hub.credentials("iothubowner").sharedAccessKey()));
    }

    private void assertNoSecretInLogs(List<String> secrets) {
        List<String> lines = logLines();
        for (String secret : secrets) {
            assertThat(lines).noneSatisfy(line -> assertThat(line).contains(secret));
        }
    }

    private List<String> logLines() {
        return logs.list.stream().map(event -> event.getFormattedMessage() + (event.getThrowableProxy() == null ? ""
                : "\n" + ThrowableProxyUtil.asString(event.getThrowableProxy()))).toList();
    }

    private static void assertNoSecretIn(HttpResponse<String> answer, List<String> secrets) {
        String everything = answer.body() + answer.headers().map();
        for (String secret : secrets) {
            assertThat(everything).doesNotContain(secret);
        }
    }

    private static byte[] key(int seed) {
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (seed * 31 + i * 7);
        }
        return key;
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** Streams whose reads fail the way a broken library would: with request data in the message. */
    private static Streams failingReads(Streams real) {
        return new Streams() {
            @Override
            public CompletableFuture<Long> append(StreamName stream, StreamMessage message) {
                return real.append(stream, message);
            }

            @Override
            public List<StoredMessage> read(StreamName stream, long fromOffset, int limit) {
                throw new IllegalStateException(LEAKY_MESSAGE, new RuntimeException(LEAKY_MESSAGE));
            }

            @Override
            public StreamPage read(StreamQuery query) {
                throw new IllegalStateException(LEAKY_MESSAGE, new RuntimeException(LEAKY_MESSAGE));
            }

            @Override
            public CompletableFuture<Void> awaitOffset(StreamName stream, long offset) {
                return real.awaitOffset(stream, offset);
            }

            @Override
            public RetentionResult applyRetention(StreamName stream, StreamRetention retention, Instant now) {
                return real.applyRetention(stream, retention, now);
            }

            @Override
            public ConsumerCursors cursors() {
                return real.cursors();
            }

            @Override
            public void close() {
                real.close();
            }
        };
    }
}
