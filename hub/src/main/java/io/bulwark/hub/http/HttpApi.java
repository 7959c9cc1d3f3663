package io.bulwark.hub.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.bulwark.hub.HubLimits;
import io.bulwark.hub.mqtt.MqttTunnels;
import io.bulwark.hub.tls.TlsPolicy;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The HTTPS adapter: service REST API (and later the device HTTP API and console). HTTPS only: the single connector is
 * a TLS one with the hub's policy, and Javalin adds no plaintext connector when one is given (S-TLS-1).
 */
public final class HttpApi implements AutoCloseable {

    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);
    /** See {@link #configure}: most answers of the API fit; a larger one is copied in several turns. */
    private static final int RESPONSE_COPY_BYTES = 4_096;

    private final Javalin app;
    private final StreamRoutes streamRoutes;
    private final List<Route> routes;
    private final String bindAddress;
    private final int requestedPort;
    private ServerConnector connector;

    public HttpApi(ApiServices services, HubLimits limits, SSLContext tls, String bindAddress, int port) {
        this.bindAddress = bindAddress;
        this.requestedPort = port;
        ObjectMapper json = objectMapper();
        DeviceJson deviceJson = new DeviceJson(json, services.presence(), services.cloudToDevice()::depth);
        RequestBodies bodies = new RequestBodies(json, limits.maxRequestBytes());
        ProblemDocuments problems = new ProblemDocuments(json);
        List<Route> all = new ArrayList<>();
        all.addAll(new OpsRoutes(services.metrics()).routes());
        all.addAll(new DeviceRoutes(services.registry(), deviceJson, bodies, json).routes());
        all.addAll(new BulkRoutes(services.registry(), deviceJson, json, limits).routes());
        all.addAll(new AuditRoutes(services.audit(), json).routes());
        this.streamRoutes = new StreamRoutes(services.streams(), services.consumerGroups(), json, bodies,
                limits.streams(), services.metrics());
        all.addAll(streamRoutes.routes());
        all.addAll(new MethodRoutes(services.methods(), bodies, json, problems).routes());
        all.addAll(new TwinRoutes(services.twins(), services.registry(), bodies, json).routes());
        all.addAll(new CloudToDeviceRoutes(services.cloudToDevice(), bodies, json).routes());
        all.addAll(new DeviceApiRoutes(services.telemetry(), services.cloudToDevice(), bodies,
                new DeviceMessageLocks(java.time.Clock.systemUTC())).routes());
        all.addAll(new WebhookRoutes(services.webhooks(), bodies, json, problems).routes());
        all.addAll(new CertificateRoutes(services.certificateAuthorities(), bodies, json).routes());
        all.addAll(new RevocationRoutes(services.certificateRevocations(), services.certificateAuthorities(),
                services.hubCaRevocationList(), bodies, json).routes());
        all.addAll(new AlertRoutes(services.alerts(), services.alertResponses(), bodies, json).routes());
        all.addAll(new DeviceClassRoutes(services.deviceClasses(), bodies, json).routes());
        all.addAll(new PostureRoutes(services.postures(), services.deviceClasses(), services.registry(), json)
                .routes());
        all.addAll(new FleetAuditRoutes(services.fleetAuditor(), json).routes());
        all.addAll(new DeviceCertificateRoutes(services.deviceCertificates(), bodies, json).routes());
        all.addAll(new BlockedSourceRoutes(services.sourceBlocklist(), services.audit(), json).routes());
        this.routes = List.copyOf(all);
        PrometheusMeterRegistry metrics = services.metrics();

        this.app = Javalin.create(config -> configure(config, tls, limits, metrics));
        problems.install(app);
        app.before(HttpApi::securityHeaders);
        RequestGuard guard = new RequestGuard(services.authenticator(), services.deviceAuthenticator(),
                services.audit(), services.sourceBlocklist());
        for (Route route : routes) {
            app.addHttpHandler(route.method(), route.path(), guard.protect(route));
        }
    }

    /** Serves MQTT over WebSocket on this port through the MQTT sessions behind {@code tunnels}; call before start. */
    public void acceptMqttOverWebSocket(MqttTunnels tunnels, HubLimits limits) {
        MqttWebSocketServlet servlet = new MqttWebSocketServlet(tunnels, limits);
        app.unsafeConfig().jetty.modifyServletContextHandler(servlet::mountOn);
    }

    /** Every route with its permission, for documentation and for the access-control sweep (S-ACL-3). */
    public List<Route> routes() {
        return routes;
    }

    public void start() {
        app.start();
    }

    /** The Jetty server underneath, for tests that check its connectors (S-TLS-1). */
    Server jettyServer() {
        return app.jettyServer().server();
    }

    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() {
        // Open event streams and long-polls end first: the server does not stop while responses are still open.
        streamRoutes.close();
        app.stop();
    }

    private void configure(JavalinConfig config, SSLContext tls, HubLimits limits, PrometheusMeterRegistry metrics) {
        config.showJavalinBanner = false;
        config.http.maxRequestSize = limits.maxRequestBytes();
        // Javalin copies each response into Jetty's output through a buffer of this size, allocated per response and
        // 32 KiB by default: at a thousand requests a second that was a quarter of the hub's garbage, and so of its
        // collection pauses. Jetty still aggregates the writes into its own pooled buffer.
        config.http.responseBufferSize = RESPONSE_COPY_BYTES;
        config.jetty.modifyHttpConfiguration(http -> {
            http.setSendServerVersion(false);
            http.setSendXPoweredBy(false);
        });
        config.jetty.modifyServer(server -> server.setErrorHandler(new JettyProblemHandler()));
        config.jetty.addConnector((server, http) -> {
            connector = new ServerConnector(server, new SslConnectionFactory(tlsFactory(tls), "http/1.1"),
                    new HttpConnectionFactory(secure(http)));
            connector.setHost(bindAddress);
            connector.setPort(requestedPort);
            connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
            return connector;
        });
        config.requestLogger.http((ctx, millis) -> Timer.builder("bulwark_http_requests")
                .description("service API requests by route template and status")
                .tag("method", ctx.method().name())
                .tag("route", ProblemDocuments.routeTemplate(ctx))
                .tag("status", String.valueOf(ctx.statusCode()))
                .register(metrics)
                .record(Duration.ofNanos((long) (millis * 1_000_000))));
    }

    /**
     * One mapper for the whole API. Unknown fields are ignored (clients may send Azure's full device document) but a
     * known field of the wrong type is an error (checked field by field in {@link DeviceJson}); times are ISO-8601.
     */
    static ObjectMapper objectMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    private static HttpConfiguration secure(HttpConfiguration http) {
        HttpConfiguration secure = new HttpConfiguration(http);
        secure.addCustomizer(new SecureRequestCustomizer());
        return secure;
    }

    private static SslContextFactory.Server tlsFactory(SSLContext tls) {
        SslContextFactory.Server factory = new SslContextFactory.Server();
        factory.setSslContext(tls);
        factory.setIncludeProtocols(TlsPolicy.PROTOCOLS);
        factory.setIncludeCipherSuites(TlsPolicy.CIPHER_SUITES);
        factory.setRenegotiationAllowed(false);
        // Asked, not required: service clients and SAS devices send none. The context's trust manager lets any chain
        // through; the device routes judge it against the identity in the path (see RequestGuard).
        factory.setWantClientAuth(true);
        factory.setUseCipherSuitesOrder(true);
        return factory;
    }

    private static void securityHeaders(io.javalin.http.Context ctx) {
        SecurityHeaders.apply(ctx::header);
    }
}
