package io.bulwark.bench;

import io.bulwark.hub.mqtt.NettyTransport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Connects a list of devices, keeping {@code concurrency} connects in flight (the next one starts when one ends, on
 * the event loop: no thread per connection), and records each connect's latency from the TCP connect call to the
 * accepting CONNACK. Each connection is bound to the next address of {@link SourceAddresses}. The connections stay
 * open until {@link Opened#close()}. Bounded in time: 10 s per TCP connect, 15 s per CONNACK, 10 minutes in all.
 */
final class Connector {

    private static final long CONNACK_TIMEOUT_SECONDS = 15;
    private static final long ALL_TIMEOUT_MINUTES = 10;
    /** Each connection's socket send buffer; ample for 16 KiB messages 8 in flight, and for every broker alike. */
    static final int SEND_BUFFER_BYTES = 32 * 1024;

    /** What one round of connects measured (latencies in microseconds) and the connections it left open. */
    record Opened(List<DeviceConnection> connections, List<Channel> channels, int failed, double seconds,
                  Histogram latency, String tlsProtocol, String firstFailure, double brokerCpuSeconds,
                  double driverCpuSeconds) {

        double perSecond() {
            return connections.size() / seconds;
        }

        /** The broker's CPU time per accepted connect: its cost, whatever else the shared machine was doing. */
        double brokerCpuMillisPerConnect() {
            return brokerCpuSeconds * 1000 / Math.max(1, connections.size());
        }

        /**
         * The driver's own CPU time per accepted connect (all its threads, JIT and GC included): on a shared
         * machine, what the driver took away from the broker.
         */
        double driverCpuMillisPerConnect() {
            return driverCpuSeconds * 1000 / Math.max(1, connections.size());
        }

        /** Closes every connection and lets the broker finish its disconnects before the next phase. */
        void close() throws InterruptedException {
            for (Channel channel : channels) {
                channel.close();
            }
            for (Channel channel : channels) {
                channel.closeFuture().await(5, TimeUnit.SECONDS);
            }
            Thread.sleep(2_000);
        }
    }

    private static double ownCpuSeconds() {
        return ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }

    private final Bootstrap bootstrap;
    private final InetSocketAddress broker;
    private final SourceAddresses sources;
    private final LoadProbes probes;
    private final BrokerProcess brokerProcess;
    /** A loop of its own for {@link #open}: a back end must not wait behind the devices' floods on theirs. */
    private final EventLoopGroup backendLoop;

    Connector(InetSocketAddress broker, SourceAddresses sources, EventLoopGroup loops, EventLoopGroup backendLoop,
              NettyTransport transport, LoadProbes probes, BrokerProcess brokerProcess) {
        this.backendLoop = backendLoop;
        this.broker = broker;
        this.sources = sources;
        this.probes = probes;
        this.brokerProcess = brokerProcess;
        // Small write buffers: a QoS 0 phase then feels TCP's back-pressure instead of queueing in the driver. A
        // fixed socket send buffer too (the kernel doubles it; autotuned it grows to megabytes per connection on
        // loopback): what a flood leaves unread when it stops is then what the broker's receive buffer holds, and
        // the broker proves it has read it (PingFence) within seconds instead of draining it into the next phase.
        this.bootstrap = new Bootstrap().group(loops).channel(transport.socketChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .option(ChannelOption.SO_SNDBUF, SEND_BUFFER_BYTES)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 64 * 1024));
    }

    /**
     * One more connection, outside any round and untimed, from the next source address, on the back-end loop: TLS
     * with {@code tls}, an MQTT encoder for what {@code handler} writes, and {@code handler} reading the raw bytes.
     */
    Channel open(io.netty.handler.ssl.SslContext tls, io.netty.channel.ChannelHandler handler)
            throws InterruptedException {
        ChannelFuture connect = bootstrap.clone(backendLoop).handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel channel) {
                channel.pipeline().addLast(tls.newHandler(channel.alloc())).addLast(MqttEncoder.INSTANCE)
                        .addLast(handler);
            }
        }).connect(broker, sources.next());
        if (!connect.await(15, TimeUnit.SECONDS) || !connect.isSuccess()) {
            connect.channel().close();
            throw new IllegalStateException("could not connect to " + broker + ": " + connect.cause());
        }
        return connect.channel();
    }

    Opened connect(List<BenchDevice> devices, int concurrency) throws InterruptedException, TimeoutException {
        return new Round(devices, Math.max(1, Math.min(concurrency, devices.size()))).run();
    }

    /** One call of {@link #connect}: its counters and the connects still to start. */
    private final class Round {
        private final List<BenchDevice> devices;
        private final int concurrency;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger failed = new AtomicInteger();
        private final AtomicInteger resumed = new AtomicInteger();
        private final AtomicInteger resumptionUnknown = new AtomicInteger();
        private final AtomicLong lastDone = new AtomicLong();
        private final AtomicReference<String> firstFailure = new AtomicReference<>();
        private final AtomicReference<String> tlsProtocol = new AtomicReference<>();
        private final Recorder latencies = new Recorder(3);
        private final Queue<DeviceConnection> accepted = new ConcurrentLinkedQueue<>();
        private final Queue<Channel> channels = new ConcurrentLinkedQueue<>();
        private final CountDownLatch done;

        Round(List<BenchDevice> devices, int concurrency) {
            this.devices = devices;
            this.concurrency = concurrency;
            this.done = new CountDownLatch(devices.size());
        }

        Opened run() throws InterruptedException, TimeoutException {
            double cpuStart = brokerProcess.cpuSeconds();
            double driverCpuStart = ownCpuSeconds();
            long start = System.nanoTime();
            lastDone.set(start);
            for (int i = 0; i < concurrency; i++) {
                // A connect that ends meanwhile starts the next one itself: never go past the list.
                int index = next.getAndIncrement();
                if (index < devices.size()) {
                    launch(index);
                }
            }
            boolean finished = done.await(ALL_TIMEOUT_MINUTES, TimeUnit.MINUTES);
            double seconds = Math.max(1e-3, (lastDone.get() - start) / 1e9);
            double cpu = brokerProcess.cpuSeconds() - cpuStart;
            double driverCpu = ownCpuSeconds() - driverCpuStart;
            List<Channel> open = new ArrayList<>(channels);
            if (!finished) {
                open.forEach(Channel::close);
                throw new TimeoutException(devices.size() + " connects not done in " + ALL_TIMEOUT_MINUTES
                        + " minutes");
            }
            String handshakes = resumptionUnknown.get() > 0 ? " handshakes: resumption not visible"
                    : resumed.get() == 0 ? " full handshakes" : " handshakes: " + resumed.get() + " RESUMED";
            return new Opened(List.copyOf(accepted), open, failed.get(), seconds, latencies.getIntervalHistogram(),
                    tlsProtocol.get() + handshakes, firstFailure.get(), cpu, driverCpu);
        }

        private void launch(int index) {
            BenchDevice device = devices.get(index);
            DeviceConnection connection = new DeviceConnection(device, probes);
            long start = System.nanoTime();
            connection.connected.whenComplete((ignored, failure) -> finished(connection, start, failure));
            ChannelFuture connect = bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel channel) {
                    // No peer host: the client keeps no TLS session to resume, so every connect is a full handshake.
                    channel.pipeline().addLast(device.tls().newHandler(channel.alloc()))
                            .addLast(new MqttDecoder(256 * 1024)).addLast(MqttEncoder.INSTANCE).addLast(connection);
                }
            }).connect(broker, sources.next());
            Channel channel = connect.channel();
            channels.add(channel);
            connect.addListener(f -> {
                if (!f.isSuccess()) {
                    connection.connected.completeExceptionally(f.cause());
                }
            });
            ScheduledFuture<?> deadline = channel.eventLoop().schedule(() -> {
                if (connection.connected.completeExceptionally(new TimeoutException(device.id() + ": no CONNACK in "
                        + CONNACK_TIMEOUT_SECONDS + " s"))) {
                    channel.close();
                }
            }, CONNACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            // Not left waiting in the event loop's timer queue for 15 s after every connect.
            connection.connected.whenComplete((ignored, failure) -> deadline.cancel(false));
        }

        private void finished(DeviceConnection connection, long start, Throwable failure) {
            long end = System.nanoTime();
            lastDone.accumulateAndGet(end, Math::max);
            if (failure == null) {
                latencies.recordValue(Math.max(1, (end - start) / 1_000));
                accepted.add(connection);
                tlsProtocol.compareAndSet(null, connection.tlsProtocol);
                Boolean wasResumed = connection.resumed;
                if (wasResumed == null) {
                    resumptionUnknown.incrementAndGet();
                } else if (wasResumed) {
                    resumed.incrementAndGet();
                }
            } else {
                failed.incrementAndGet();
                firstFailure.compareAndSet(null, String.valueOf(failure.getMessage()));
            }
            done.countDown();
            int following = next.getAndIncrement();
            if (following < devices.size()) {
                launch(following);
            }
        }
    }
}
