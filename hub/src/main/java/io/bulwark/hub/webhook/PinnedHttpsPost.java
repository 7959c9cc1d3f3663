package io.bulwark.hub.webhook;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One HTTP/1.1 POST over TLS to addresses already checked ({@link WebhookTargets}), never to a fresh resolution of
 * the host: the JDK's HTTP client resolves names itself and cannot be handed an address, which would leave a gap
 * between the check and the connection for DNS rebinding. The URL's host still names the receiver in TLS (SNI) and is
 * what its certificate must match. Only the status line and headers of the answer are read, bounded in size and time;
 * the body is left unread and the connection closed.
 */
final class PinnedHttpsPost {

    /** The receiver's status and {@code Retry-After} header (raw, or null). */
    record Answer(int status, String retryAfter) {
    }

    private static final int MAX_LINE_BYTES = 8 * 1024;
    private static final int MAX_HEADER_BYTES = 32 * 1024;
    private static final long WATCH_PERIOD_MILLIS = 100;
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] (\\d{3})(?: .*)?");

    private final Duration connectTimeout;
    private final Duration responseTimeout;
    private final ScheduledExecutorService watchdog;

    /** @param watchdog runs each POST's {@link Guard} */
    PinnedHttpsPost(Duration connectTimeout, Duration responseTimeout, ScheduledExecutorService watchdog) {
        this.connectTimeout = connectTimeout;
        this.responseTimeout = responseTimeout;
        this.watchdog = watchdog;
    }

    /**
     * @param headers in the order to send; names and values are the hub's own, free of CR and LF
     * @throws java.io.InterruptedIOException when the calling thread was interrupted (the route is stopping)
     */
    Answer post(SSLContext tls, List<InetAddress> addresses, WebhookUrl url, Map<String, String> headers,
                byte[] body) throws IOException {
        Guard guard = new Guard(Thread.currentThread());
        ScheduledFuture<?> watching = watchdog.scheduleWithFixedDelay(guard::check, WATCH_PERIOD_MILLIS,
                WATCH_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        try {
            return post(guard, tls, addresses, url, headers, body);
        } catch (IOException e) {
            if (guard.interrupted()) {
                throw new InterruptedIOException("stopped");
            }
            if (guard.expired()) {
                throw new HttpTimeoutException("no answer in time");
            }
            throw e;
        } finally {
            watching.cancel(false);
        }
    }

    private Answer post(Guard guard, SSLContext tls, List<InetAddress> addresses, WebhookUrl url,
                        Map<String, String> headers, byte[] body) throws IOException {
        try (Socket raw = connect(guard, addresses, url.port());
             SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(raw, url.host(), url.port(), true)) {
            guard.watch(socket);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.setSoTimeout(millis(connectTimeout));
            try {
                socket.startHandshake();
            } catch (SocketTimeoutException e) {
                throw new HttpConnectTimeoutException("TLS handshake timed out");
            }
            long deadline = System.nanoTime() + responseTimeout.toNanos();
            guard.expireAt(deadline);
            write(socket.getOutputStream(), url, headers, body);
            try {
                return read(socket, new BufferedInputStream(socket.getInputStream()), deadline);
            } catch (SocketTimeoutException e) {
                throw new HttpTimeoutException("no answer in time");
            }
        }
    }

    private Socket connect(Guard guard, List<InetAddress> addresses, int port) throws IOException {
        IOException last = new ConnectException("no address to connect to");
        for (InetAddress address : addresses) {
            Socket socket = new Socket();
            guard.watch(socket);
            try {
                socket.connect(new InetSocketAddress(address, port), millis(connectTimeout));
                return socket;
            } catch (SocketTimeoutException e) {
                closeQuietly(socket);
                last = new HttpConnectTimeoutException("connect timed out");
            } catch (IOException e) {
                closeQuietly(socket);
                last = e;
            }
            if (guard.interrupted()) {
                break;
            }
        }
        throw last;
    }

    private static void write(OutputStream out, WebhookUrl url, Map<String, String> headers, byte[] body)
            throws IOException {
        String path = url.uri().getRawPath() == null || url.uri().getRawPath().isEmpty() ? "/"
                : url.uri().getRawPath();
        String query = url.uri().getRawQuery() == null ? "" : "?" + url.uri().getRawQuery();
        StringBuilder head = new StringBuilder("POST ").append(path).append(query).append(" HTTP/1.1\r\n");
        head.append("Host: ").append(hostHeader(url)).append("\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("Content-Length: ").append(body.length).append("\r\n");
        head.append("Connection: close\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    private static String hostHeader(WebhookUrl url) {
        String host = url.uri().getHost();
        return url.uri().getPort() == -1 ? host : host + ":" + url.uri().getPort();
    }

    /** The final status line and its headers; informational 1xx answers (other than 101) are skipped. */
    private static Answer read(SSLSocket socket, InputStream in, long deadline) throws IOException {
        int headerBytes = 0;
        while (true) {
            String statusLine = line(socket, in, deadline);
            headerBytes += statusLine.length();
            Matcher status = STATUS_LINE.matcher(statusLine);
            if (!status.matches()) {
                throw new ProtocolException("the receiver's answer is not HTTP/1.1");
            }
            int code = Integer.parseInt(status.group(1));
            String retryAfter = null;
            for (String header = line(socket, in, deadline); !header.isEmpty(); header = line(socket, in, deadline)) {
                headerBytes += header.length();
                if (headerBytes > MAX_HEADER_BYTES) {
                    throw new ProtocolException("the receiver's answer headers are too long");
                }
                int colon = header.indexOf(':');
                if (colon > 0 && header.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("retry-after")) {
                    retryAfter = header.substring(colon + 1).trim();
                }
            }
            if (code >= 200 || code == 101) {
                return new Answer(code, retryAfter);
            }
        }
    }

    /** One CRLF-terminated line, within the deadline however slowly the receiver drips it. */
    private static String line(SSLSocket socket, InputStream in, long deadline) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                throw new SocketTimeoutException("deadline");
            }
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
            int next = in.read();
            if (next < 0) {
                throw new ProtocolException("the receiver closed the connection before its answer ended");
            }
            if (next == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
            }
            if (line.size() >= MAX_LINE_BYTES) {
                throw new ProtocolException("a line of the receiver's answer is too long");
            }
            line.write(next);
        }
    }

    /**
     * Closes the connection of a POST whose thread was interrupted (blocking socket calls do not notice interrupts)
     * or whose receiver missed the deadline while not reading the request (no socket timeout covers a write).
     */
    private static final class Guard {
        private final Thread caller;
        private final AtomicReference<Socket> socket = new AtomicReference<>();
        private volatile long deadline;
        private volatile boolean deadlineSet;
        private volatile boolean interrupted;
        private volatile boolean expired;

        Guard(Thread caller) {
            this.caller = caller;
        }

        void watch(Socket value) {
            socket.set(value);
        }

        void expireAt(long nanoTime) {
            deadline = nanoTime;
            deadlineSet = true;
        }

        void check() {
            Socket current = socket.get();
            if (current == null) {
                return;
            }
            if (caller.isInterrupted()) {
                interrupted = true;
                closeQuietly(current);
            } else if (deadlineSet && System.nanoTime() - deadline > 0) {
                expired = true;
                closeQuietly(current);
            }
        }

        boolean interrupted() {
            return interrupted || caller.isInterrupted();
        }

        boolean expired() {
            return expired;
        }
    }

    private static int millis(Duration duration) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, duration.toMillis()));
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing is all that was wanted; nothing more can be done about a socket that will not close.
        }
    }
}
