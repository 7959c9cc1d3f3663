package io.bulwark.bench;

import io.bulwark.hub.mqtt.NettyTransport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Connects every device of a list once, keeping {@code concurrency} connects in flight (the next one starts when one
 * ends, on the event loop: no thread per connection), and records each connect's latency from the TCP connect call to
 * the accepting CONNACK. All connections stay open until the last one is done, then all are closed.
 *
 * <p>The hub allows 50 new connections per second per source address, in bursts of 500 (S-DOS-2, not configurable by
 * design). So that this measures the hub's handshake and authentication cost rather than that limit, each phase
 * binds its connections to its own loopback subnet 127.0.{subnet}.x, at most 200 connections per address: every
 * source stays inside its burst allowance. Bounded in time: 10 s per TCP connect, 15 s per CONNACK, 10 minutes per
 * phase.
 */
final class StormPhase {

    private static final int PER_SOURCE = 200;
    private static final long CONNACK_TIMEOUT_SECONDS = 15;
    private static final long PHASE_TIMEOUT_MINUTES = 10;

    /** What one phase measured; latencies in microseconds. */
    record Result(String name, int accepted, int failed, double seconds, Histogram latency, String tlsProtocol,
                  String firstFailure, double hubCpuSeconds, double driverCpuSeconds) {

        double perSecond() {
            return accepted / seconds;
        }

        /** The hub's CPU time per accepted connect: its cost, whatever else the shared machine was doing. */
        double hubCpuMillisPerConnect() {
            return hubCpuSeconds * 1000 / Math.max(1, accepted);
        }

        static Result combine(String name, List<Result> rounds) {
            Histogram latency = new Histogram(3);
            int accepted = 0;
            int failed = 0;
            double seconds = 0;
            double hubCpu = 0;
            double driverCpu = 0;
            for (Result round : rounds) {
                hubCpu += round.hubCpuSeconds();
                driverCpu += round.driverCpuSeconds();
                latency.add(round.latency());
                accepted += round.accepted();
                failed += round.failed();
                seconds += round.seconds();
            }
            return new Result(name, accepted, failed, seconds, latency, rounds.get(0).tlsProtocol(),
                    rounds.get(0).firstFailure(), hubCpu, driverCpu);
        }
    }

    private final String name;
    private final List<StormDevice> devices;
    private final int subnet;
    private final int concurrency;
    private final int sourceAddresses;
    private final Bootstrap bootstrap;
    private final InetSocketAddress hub;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger resumed = new AtomicInteger();
    private final AtomicInteger resumptionUnknown = new AtomicInteger();
    private final AtomicLong lastDone = new AtomicLong();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();
    private final AtomicReference<String> tlsProtocol = new AtomicReference<>();
    private final Recorder latencies = new Recorder(3);
    private final Queue<Channel> open = new ConcurrentLinkedQueue<>();
    private final CountDownLatch done;
    private final ProcessHandle hubProcess;

    StormPhase(String name, List<StormDevice> devices, int subnet, int concurrency, int mqttPort, long hubPid,
               EventLoopGroup loops, NettyTransport transport) {
        if (subnet < 1 || subnet > 254) {
            throw new IllegalArgumentException("subnet must be 1 to 254");
        }
        this.name = name;
        this.devices = List.copyOf(devices);
        this.subnet = subnet;
        this.concurrency = Math.min(concurrency, devices.size());
        this.sourceAddresses = Math.max(8, (devices.size() + PER_SOURCE - 1) / PER_SOURCE);
        if (sourceAddresses > 253) {
            throw new IllegalArgumentException("at most " + 253 * PER_SOURCE + " devices per phase");
        }
        this.hub = new InetSocketAddress("127.0.0.1", mqttPort);
        this.bootstrap = new Bootstrap().group(loops).channel(transport.socketChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000);
        this.done = new CountDownLatch(devices.size());
        this.hubProcess = ProcessHandle.of(hubPid)
                .orElseThrow(() -> new IllegalStateException("no hub process " + hubPid + " on this machine"));
    }

    private static double cpuSeconds(ProcessHandle process) {
        return process.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }

    Result run() throws InterruptedException, TimeoutException {
        double hubCpuStart = cpuSeconds(hubProcess);
        double driverCpuStart = cpuSeconds(ProcessHandle.current());
        long start = System.nanoTime();
        lastDone.set(start);
        for (int i = 0; i < concurrency; i++) {
            launch(next.getAndIncrement());
        }
        boolean finished = done.await(PHASE_TIMEOUT_MINUTES, TimeUnit.MINUTES);
        double seconds = (lastDone.get() - start) / 1e9;
        double hubCpu = cpuSeconds(hubProcess) - hubCpuStart;
        double driverCpu = cpuSeconds(ProcessHandle.current()) - driverCpuStart;
        closeAll();
        if (!finished) {
            throw new TimeoutException(name + ": not done in " + PHASE_TIMEOUT_MINUTES + " minutes");
        }
        String handshakes = resumptionUnknown.get() > 0 ? " handshakes: resumption not visible"
                : resumed.get() == 0 ? " full handshakes" : " handshakes: " + resumed.get() + " RESUMED";
        return new Result(name, accepted.get(), failed.get(), seconds, latencies.getIntervalHistogram(),
                tlsProtocol.get() + handshakes, firstFailure.get(), hubCpu, driverCpu);
    }

    private void launch(int index) {
        StormDevice device = devices.get(index);
        StormConnection connection = new StormConnection(device.id(), device.userName(), device.password());
        long start = System.nanoTime();
        connection.accepted.whenComplete((ignored, failure) -> {
            long end = System.nanoTime();
            lastDone.accumulateAndGet(end, Math::max);
            if (failure == null) {
                latencies.recordValue(Math.max(1, (end - start) / 1_000));
                accepted.incrementAndGet();
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
        });
        String source = "127.0." + subnet + "." + (2 + index % sourceAddresses);
        ChannelFuture connect = bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel channel) {
                // No peer host: the client keeps no TLS session to resume, so every connect is a full handshake.
                channel.pipeline().addLast(device.tls().newHandler(channel.alloc()))
                        .addLast(new MqttDecoder(64 * 1024)).addLast(MqttEncoder.INSTANCE).addLast(connection);
            }
        }).connect(hub, new InetSocketAddress(source, 0));
        Channel channel = connect.channel();
        open.add(channel);
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                connection.accepted.completeExceptionally(f.cause());
            }
        });
        channel.eventLoop().schedule(() -> {
            if (connection.accepted.completeExceptionally(new TimeoutException(device.id() + ": no CONNACK in "
                    + CONNACK_TIMEOUT_SECONDS + " s"))) {
                channel.close();
            }
        }, CONNACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    private void closeAll() throws InterruptedException {
        Channel channel;
        while ((channel = open.poll()) != null) {
            channel.close().await(5, TimeUnit.SECONDS);
        }
        // Let the hub finish its disconnects before the next phase measures connects.
        Thread.sleep(3_000);
    }
}
