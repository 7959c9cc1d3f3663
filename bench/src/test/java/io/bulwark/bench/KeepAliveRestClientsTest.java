package io.bulwark.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeepAliveRestClientsTest {

    private final FleetCertificates fleet = new FleetCertificates("REST Client Test CA");
    private final List<AutoCloseable> opened = new ArrayList<>();
    private LoopbackHttpsServer server;

    @BeforeEach
    void startServer(@TempDir Path folder) throws Exception {
        server = new LoopbackHttpsServer(fleet.issue("127.0.0.1"), folder);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
        server.close();
    }

    @Test
    void keepsEachConnectionOpenAcrossCallsAndUsesThemInTurn() throws Exception {
        KeepAliveRestClients clients = clients(2);
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            bodies.add(answer(clients.send(post("/echo", "call " + i))).body());
        }
        assertThat(bodies).startsWith("connection 1: call 0", "connection 2: call 1", "connection 1: call 2",
                "connection 2: call 3");
        assertThat(server.connectionsAccepted()).isEqualTo(2);
        assertThat(clients.connectionsOpened()).isEqualTo(2);
        assertThat(clients.connections()).isEqualTo(2);
    }

    @Test
    void readsAChunkedAnswerInFull() throws Exception {
        KeepAliveRestClients clients = clients(1);
        RestAnswer answer = answer(clients.send(post("/chunked", "")));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).hasSize(LoopbackHttpsServer.CHUNKED_BYTES).matches("x+");
        // The next call still finds the connection in step with the server.
        assertThat(answer(clients.send(post("/echo", "after"))).body()).isEqualTo("connection 1: after");
        assertThat(clients.connectionsOpened()).isEqualTo(1);
    }

    @Test
    void opensAndCountsANewConnectionAfterTheServerAnsweredConnectionClose() throws Exception {
        KeepAliveRestClients clients = clients(1);
        assertThat(answer(clients.send(post("/close", ""))).body()).isEqualTo("closing 1");
        assertThat(answer(clients.send(post("/echo", "next"))).body()).isEqualTo("connection 2: next");
        assertThat(server.connectionsAccepted()).isEqualTo(2);
        assertThat(clients.connectionsOpened()).isEqualTo(2);
    }

    @Test
    void reportsACallTheServerDroppedAndReopensForTheNext() throws Exception {
        KeepAliveRestClients clients = clients(1);
        assertThatThrownBy(() -> answer(clients.send(post("/drop", ""))))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(IOException.class)
                .hasMessageContaining("closed the connection before answering");
        assertThat(answer(clients.send(post("/echo", "again"))).body()).isEqualTo("connection 2: again");
        assertThat(clients.connectionsOpened()).isEqualTo(2);
    }

    @Test
    void queuesCallsBeyondItsConnectionsAndSendsThemInArrivalOrder() throws Exception {
        KeepAliveRestClients clients = clients(1);
        List<CompletableFuture<RestAnswer>> answers = new ArrayList<>();
        answers.add(clients.send(post("/held", "first")));
        for (int i = 2; i <= 5; i++) {
            answers.add(clients.send(post("/echo", "call " + i)));
        }
        assertThat(clients.queueing()).isEqualTo(new BoundedPool.Queueing(4, 4));
        assertThat(answers).noneMatch(CompletableFuture::isDone);
        server.release();
        for (CompletableFuture<RestAnswer> answer : answers) {
            assertThat(answer(answer).status()).isEqualTo(200);
        }
        assertThat(server.requestsSeen()).containsExactly("/held first", "/echo call 2", "/echo call 3",
                "/echo call 4", "/echo call 5");
        assertThat(server.connectionsAccepted()).isEqualTo(1);
    }

    @Test
    void handsBackANon2xxAnswerWithItsBodyAndKeepsTheConnection() throws Exception {
        KeepAliveRestClients clients = clients(1);
        RestAnswer missing = answer(clients.send(post("/nowhere", "")));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.successful()).isFalse();
        assertThat(missing.body()).isEqualTo("{\"type\":\"urn:test:not-found\",\"status\":404}");
        assertThat(answer(clients.send(post("/echo", "still"))).body()).isEqualTo("connection 1: still");
        assertThat(clients.connectionsOpened()).isEqualTo(1);
    }

    @Test
    void refusesAServerThatPresentsAnotherCertificate(@TempDir Path other) throws Exception {
        // The pin is another certificate from the same CA: only the exact leaf is accepted.
        LoopbackHttpsServer impostor = new LoopbackHttpsServer(fleet.issue("127.0.0.1"), other);
        opened.add(impostor);
        KeepAliveRestClients clients = new KeepAliveRestClients(impostor.address(),
                ClientTls.pinning(server.certificateFile()), SSLContext.getDefault(), 1);
        opened.add(clients);
        assertThatThrownBy(() -> answer(clients.send(post("/echo", "secret"))))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(IOException.class);
        assertThat(impostor.requestsSeen()).isEmpty();
    }

    @Test
    void refusesAConnectionCountOutsideItsBounds() {
        assertThatThrownBy(() -> new KeepAliveRestClients(server.address(), ClientTls.pinning(server.certificateFile()),
                SSLContext.getDefault(), KeepAliveRestClients.MAX_CONNECTIONS + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private KeepAliveRestClients clients(int connections) throws Exception {
        KeepAliveRestClients clients = new KeepAliveRestClients(server.address(),
                ClientTls.pinning(server.certificateFile()), SSLContext.getDefault(), connections);
        opened.add(clients);
        return clients;
    }

    private static RestCall post(String path, String body) {
        return new RestCall("POST", path, "text/plain", "SharedAccessSignature sr=test",
                body.getBytes(StandardCharsets.UTF_8));
    }

    private static RestAnswer answer(CompletableFuture<RestAnswer> answer) throws Exception {
        return answer.get(30, TimeUnit.SECONDS);
    }
}
