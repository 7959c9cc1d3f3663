package io.bulwark.hub.http;

import static io.bulwark.hub.auth.Permission.REGISTRY_READ;

import io.javalin.http.HandlerType;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;

/** Health (public, tells nothing but "up") and metrics (authenticated: they describe the fleet). */
final class OpsRoutes {

    private final PrometheusMeterRegistry metrics;

    OpsRoutes(PrometheusMeterRegistry metrics) {
        this.metrics = metrics;
    }

    List<Route> routes() {
        return List.of(
                Route.of(HandlerType.GET, "/health", null, "health",
                        ctx -> ctx.contentType("application/json").result("{\"status\":\"ok\"}")),
                Route.of(HandlerType.GET, "/metrics", REGISTRY_READ, "metrics.read",
                        ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape())));
    }
}
