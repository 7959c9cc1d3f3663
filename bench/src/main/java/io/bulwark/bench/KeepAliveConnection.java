package io.bulwark.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * One persistent HTTP/1.1 connection to the hub over TLS, carrying one request at a time (the caller, BoundedPool,
 * never gives it a second before the first is answered). It is opened on its first request and opened again on the
 * next request after the server closed it (or answered {@code Connection: close}); every open is counted.
 *
 * <p>All of its state lives on one event loop, shared with the other connections: no thread of its own.
 */
final class KeepAliveConnection {

    /** An answer bigger than this is an error: the driver's calls get a few hundred bytes back. */
    static final int MAX_ANSWER_BYTES = 1 << 20;

    private final Bootstrap bootstrap;
    private final EventLoop loop;
    private final InetSocketAddress hub;
    private final String host;
    private final Duration timeout;
    private final LongAdder opened;
    private Channel channel;
    private CompletableFuture<RestAnswer> pending;
    private RestCall pendingCall;
    private ScheduledFuture<?> deadline;

    /**
     * @param bootstrap the transport's bootstrap (group and channel class set); its handler is set here, per channel
     * @param timeout   how long a call may wait for its answer, connecting included
     * @param opened    counts every connection this one opens (or tries to)
     */
    KeepAliveConnection(Bootstrap bootstrap, SslContext tls, InetSocketAddress hub, Duration timeout,
            LongAdder opened) {
        this.loop = bootstrap.config().group().next();
        this.hub = hub;
        this.host = hub.getHostString() + ":" + hub.getPort();
        this.timeout = timeout;
        this.opened = opened;
        this.bootstrap = bootstrap.clone(loop).handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(tls.newHandler(ch.alloc(), hub.getHostString(), hub.getPort()),
                        new HttpClientCodec(), new HttpObjectAggregator(MAX_ANSWER_BYTES), new AnswerReader());
            }
        });
    }

    /** Sends {@code call}; the answer completes on the event loop. Only one call at a time. */
    CompletableFuture<RestAnswer> send(RestCall call) {
        CompletableFuture<RestAnswer> answer = new CompletableFuture<>();
        loop.execute(() -> start(call, answer));
        return answer;
    }

    private void start(RestCall call, CompletableFuture<RestAnswer> answer) {
        if (pending != null) {
            answer.completeExceptionally(new IllegalStateException("a keep-alive connection carries one call at a time"));
            return;
        }
        pending = answer;
        pendingCall = call;
        deadline = loop.schedule(this::timedOut, timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (channel != null && channel.isActive()) {
            write(channel, call);
            return;
        }
        opened.increment();
        ChannelFuture connecting = bootstrap.connect(hub);
        channel = connecting.channel();
        connecting.addListener(done -> {
            if (!done.isSuccess()) {
                fail(connecting.channel(), new IOException("cannot connect to " + host + " for "
                        + call.describe() + ": " + done.cause(), done.cause()));
            } else if (pendingCall == call) {
                // TLS buffers the request until its handshake is done, and fails it if the handshake fails.
                write(connecting.channel(), call);
            }
        });
    }

    private void write(Channel on, RestCall call) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(call.method()),
                call.path(), Unpooled.wrappedBuffer(call.body()));
        request.headers().set(HttpHeaderNames.HOST, host)
                .set(HttpHeaderNames.AUTHORIZATION, call.authorization())
                .set(HttpHeaderNames.CONTENT_TYPE, call.contentType())
                .setInt(HttpHeaderNames.CONTENT_LENGTH, call.body().length);
        on.writeAndFlush(request).addListener(written -> {
            if (!written.isSuccess()) {
                fail(on, new IOException(call.describe() + " could not be sent: " + written.cause(),
                        written.cause()));
            }
        });
    }

    private void timedOut() {
        if (pending != null) {
            RestCall call = pendingCall;
            fail(channel, new HttpTimeoutException(call.describe() + " had no answer within " + timeout));
        }
    }

    /** Ends the call in flight with {@code failure} and drops the connection: its state is no longer known. */
    private void fail(Channel on, Throwable failure) {
        if (on != channel || pending == null) {
            return;
        }
        CompletableFuture<RestAnswer> answer = finish();
        channel = null;
        on.close();
        answer.completeExceptionally(failure);
    }

    private CompletableFuture<RestAnswer> finish() {
        CompletableFuture<RestAnswer> answer = pending;
        pending = null;
        pendingCall = null;
        deadline.cancel(false);
        return answer;
    }

    /** Closes the connection, failing a call still in flight. Runs on the event loop. */
    void close() {
        loop.execute(() -> {
            if (channel != null) {
                fail(channel, new IOException("the driver's REST client closed"));
                if (channel != null) {
                    channel.close();
                    channel = null;
                }
            }
        });
    }

    private final class AnswerReader extends SimpleChannelInboundHandler<FullHttpResponse> {

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
            if (ctx.channel() != channel || pending == null) {
                ctx.close();
                return;
            }
            if (!response.decoderResult().isSuccess()) {
                fail(ctx.channel(), new IOException(pendingCall.describe() + ": unreadable answer: "
                        + response.decoderResult().cause(), response.decoderResult().cause()));
                return;
            }
            RestAnswer answer = new RestAnswer(response.status().code(),
                    response.content().toString(StandardCharsets.UTF_8));
            if (!HttpUtil.isKeepAlive(response)) {
                // Closed before the answer is handed on, so that the next call opens a new connection.
                channel = null;
                ctx.close();
            }
            finish().complete(answer);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            fail(ctx.channel(), new IOException("the hub closed the connection before answering"));
            if (ctx.channel() == channel) {
                channel = null;
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (ctx.channel() == channel && pending != null) {
                fail(ctx.channel(), new IOException(pendingCall.describe() + " failed: " + cause, cause));
            } else {
                ctx.close();
            }
        }
    }
}
