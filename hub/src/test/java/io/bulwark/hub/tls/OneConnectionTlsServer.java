package io.bulwark.hub.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A TLS server on 127.0.0.1 with an ephemeral port and the hub's policy, serving one connection on one thread: it
 * completes the handshake, echoes one byte and reports the negotiated version (or why it failed).
 */
final class OneConnectionTlsServer implements AutoCloseable {

    static final InetAddress LOOPBACK = loopback();

    private final SSLServerSocket listener;
    private final CompletableFuture<String> negotiated = new CompletableFuture<>();
    private final Thread thread;

    private OneConnectionTlsServer(SSLServerSocket listener) {
        this.listener = listener;
        this.thread = new Thread(this::serveOne, "one-connection-tls-server");
        thread.setDaemon(true);
        thread.start();
    }

    static OneConnectionTlsServer start(SSLContext context) throws IOException {
        SSLServerSocket listener = (SSLServerSocket) context.getServerSocketFactory()
                .createServerSocket(0, 1, LOOPBACK);
        TlsPolicy.apply(listener);
        return new OneConnectionTlsServer(listener);
    }

    int port() {
        return listener.getLocalPort();
    }

    /** The version the server negotiated, or the server-side failure. */
    String negotiatedProtocol() throws Exception {
        return negotiated.get(5, TimeUnit.SECONDS);
    }

    private void serveOne() {
        try (SSLSocket accepted = (SSLSocket) listener.accept()) {
            accepted.setSoTimeout(5_000);
            accepted.startHandshake();
            InputStream in = accepted.getInputStream();
            OutputStream out = accepted.getOutputStream();
            out.write(in.read());
            out.flush();
            negotiated.complete(accepted.getSession().getProtocol());
        } catch (Exception e) {
            negotiated.completeExceptionally(e);
        }
    }

    @Override
    public void close() throws Exception {
        listener.close();
        thread.join(5_000);
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (java.net.UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
