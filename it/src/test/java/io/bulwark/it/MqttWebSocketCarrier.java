package io.bulwark.it;

import io.bulwark.hub.tls.TrustedHubCa;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * MQTT bytes over the JDK's own WebSocket client ({@link java.net.http.WebSocket}), trusting only the hub CA: each
 * write goes out as one binary frame, and whatever frames arrive are read back as one byte stream, since MQTT packets
 * need not line up with frames. Records the close code the hub sent.
 */
final class MqttWebSocketCarrier implements RawMqttClient.Carrier, WebSocket.Listener {

    /** Marks the end of the stream in the queue of received chunks. */
    private static final byte[] END = new byte[0];

    private final BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private volatile int timeoutMillis = 10_000;
    private WebSocket webSocket;

    private MqttWebSocketCarrier() {
    }

    /** Opens {@code wss://127.0.0.1:{port}{path}} offering {@code subprotocols}; fails as the JDK does on refusal. */
    static MqttWebSocketCarrier open(Path caPem, int port, String path, String... subprotocols) throws IOException {
        MqttWebSocketCarrier carrier = new MqttWebSocketCarrier();
        HttpClient http = HttpClient.newBuilder().sslContext(TrustedHubCa.clientContext(caPem))
                .connectTimeout(Duration.ofSeconds(5)).build();
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (subprotocols.length > 0) {
            builder.subprotocols(subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
        }
        try {
            carrier.webSocket = builder.buildAsync(URI.create("wss://127.0.0.1:" + port + path), carrier)
                    .get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException("WebSocket upgrade failed", e.getCause());
        } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
            throw new IOException("WebSocket upgrade did not complete", e);
        }
        return carrier;
    }

    String subprotocol() {
        return webSocket.getSubprotocol();
    }

    /** The close code the hub sent, once it closed; fails when the connection ended without one. */
    CompletableFuture<Integer> closeCode() {
        return closeCode;
    }

    /** Sends one text frame, which is not MQTT. */
    void sendText(String text) {
        webSocket.sendText(text, true).join();
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
        byte[] chunk = new byte[data.remaining()];
        data.get(chunk);
        received.add(chunk);
        socket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
        closeCode.complete(statusCode);
        received.add(END);
        return null;
    }

    @Override
    public void onError(WebSocket socket, Throwable error) {
        closeCode.completeExceptionally(error);
        received.add(END);
    }

    @Override
    public InputStream in() {
        return new InputStream() {
            private byte[] chunk = new byte[0];
            private int position;

            @Override
            public int read() throws IOException {
                while (chunk != END && position == chunk.length) {
                    try {
                        byte[] next = received.poll(timeoutMillis, TimeUnit.MILLISECONDS);
                        if (next == null) {
                            throw new SocketTimeoutException("nothing from the hub within " + timeoutMillis + " ms");
                        }
                        chunk = next;
                        position = 0;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException(e);
                    }
                }
                return chunk == END ? -1 : chunk[position++] & 0xff;
            }
        };
    }

    @Override
    public OutputStream out() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                try {
                    webSocket.sendBinary(ByteBuffer.wrap(bytes.clone(), offset, length), true)
                            .get(10, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new java.net.SocketException("the WebSocket is closed: " + e.getCause());
                } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
                    throw new IOException(e);
                }
            }
        };
    }

    @Override
    public void timeout(int millis) {
        timeoutMillis = millis;
    }

    @Override
    public void close() {
        if (!webSocket.isOutputClosed()) {
            webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(5, TimeUnit.SECONDS)
                    .exceptionally(failed -> null).join();
        }
        webSocket.abort();
    }
}
