package io.bulwark.bench;

import io.bulwark.hub.x509.Certificates;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small HTTPS server on 127.0.0.1 for the driver's REST client, answering by path: {@code /echo} with 200 and
 * "connection N: BODY", {@code /chunked} with a chunked 200 body of 100 KiB, {@code /close} with 200 and
 * {@code Connection: close}, {@code /drop} by closing without an answer, {@code /missing} with a 404 problem document,
 * {@code /held} only once {@link #release} is called. It records every request it reads, in order.
 */
final class LoopbackHttpsServer implements AutoCloseable {

    static final int CHUNKED_BYTES = 100 * 1024;

    private final EventLoopGroup loop = new NioEventLoopGroup(1);
    private final Channel listener;
    private final Path certificateFile;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> gate = new CompletableFuture<>();

    LoopbackHttpsServer(FleetCertificates.Issued identity, Path folder) throws IOException, InterruptedException {
        this.certificateFile = folder.resolve("server.crt.pem");
        Files.writeString(certificateFile, Certificates.toPem(identity.certificate()));
        SslContext tls = SslContextBuilder.forServer(identity.keys().getPrivate(), identity.certificate())
                .sslProvider(ClientTls.provider()).protocols("TLSv1.3").build();
        this.listener = new ServerBootstrap().group(loop).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(tls.newHandler(ch.alloc()), new HttpServerCodec(),
                                new HttpObjectAggregator(1 << 20), new Answers(connections.incrementAndGet()));
                    }
                }).bind("127.0.0.1", 0).sync().channel();
    }

    InetSocketAddress address() {
        return (InetSocketAddress) listener.localAddress();
    }

    /** The PEM file of the certificate this server presents, for the client to pin. */
    Path certificateFile() {
        return certificateFile;
    }

    /** TCP connections accepted so far. */
    int connectionsAccepted() {
        return connections.get();
    }

    /** Every request read so far, as "PATH BODY", in the order read. */
    List<String> requestsSeen() {
        return List.copyOf(seen);
    }

    /** Lets every {@code /held} request be answered. */
    void release() {
        gate.complete(null);
    }

    @Override
    public void close() {
        listener.close().syncUninterruptibly();
        loop.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class Answers extends SimpleChannelInboundHandler<FullHttpRequest> {

        private final int connection;

        Answers(int connection) {
            this.connection = connection;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            String body = request.content().toString(StandardCharsets.UTF_8);
            seen.add(request.uri() + " " + body);
            switch (request.uri()) {
                case "/echo" -> ctx.writeAndFlush(text(HttpResponseStatus.OK, "connection " + connection + ": " + body));
                case "/held" -> {
                    String answer = "connection " + connection + ": " + body;
                    gate.thenRun(() -> ctx.executor().execute(
                            () -> ctx.writeAndFlush(text(HttpResponseStatus.OK, answer))));
                }
                case "/chunked" -> chunked(ctx);
                case "/close" -> {
                    FullHttpResponse answer = text(HttpResponseStatus.OK, "closing " + connection);
                    answer.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                    ctx.writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
                }
                case "/drop" -> ctx.close();
                default -> {
                    FullHttpResponse answer = text(HttpResponseStatus.NOT_FOUND,
                            "{\"type\":\"urn:test:not-found\",\"status\":404}");
                    answer.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json");
                    ctx.writeAndFlush(answer);
                }
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // A refused handshake (the pinning test) ends here: the connection is simply dropped.
            ctx.close();
        }

        private void chunked(ChannelHandlerContext ctx) {
            HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
            ctx.write(head);
            for (int sent = 0; sent < CHUNKED_BYTES; sent += 1024) {
                ctx.write(new DefaultHttpContent(Unpooled.wrappedBuffer("x".repeat(1024)
                        .getBytes(StandardCharsets.US_ASCII))));
            }
            ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        }

        private FullHttpResponse text(HttpResponseStatus status, String text) {
            ByteBuf content = Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
            FullHttpResponse answer = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
            answer.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
            return answer;
        }
    }
}
