package io.bulwark.hub.mqtt;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes new connections from a source address that opens them faster than allowed, before any TLS work is spent on
 * them (S-DOS-2). Shared by all connections; buckets of quiet sources are forgotten so the table stays bounded.
 */
@ChannelHandler.Sharable
final class ConnectionRateLimiter extends ChannelInboundHandlerAdapter {

    static final String NAME = "connection-rate";
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionRateLimiter.class);

    private final int perSecond;
    private final Cache<String, TokenBucket> buckets = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(1))
            .maximumSize(100_000)
            .build();
    private final AtomicLong refused = new AtomicLong();

    ConnectionRateLimiter(int perSecond) {
        this.perSecond = perSecond;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        String source = ConnectionSource.of(ctx.channel());
        TokenBucket bucket = buckets.get(source, key -> new TokenBucket(perSecond, perSecond * 10d, System.nanoTime()));
        boolean allowed;
        synchronized (bucket) {
            allowed = bucket.tryTake(System.nanoTime());
        }
        if (!allowed) {
            if (refused.incrementAndGet() % 1000 == 1) {
                LOG.warn("refusing connections from {}: more than {} per second", source, perSecond);
            }
            ctx.close();
            return;
        }
        ctx.pipeline().remove(this);
        ctx.fireChannelActive();
    }

    long refusedConnections() {
        return refused.get();
    }
}
