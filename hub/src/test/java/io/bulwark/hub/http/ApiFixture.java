package io.bulwark.hub.http;

import io.bulwark.hub.stream.ConsumerGroups;
import io.bulwark.hub.HubLimits;
import io.bulwark.hub.ServiceClient;
import io.bulwark.hub.TestHubCore;
import io.bulwark.hub.auth.AccessPolicy;
import io.bulwark.hub.auth.BuiltInPolicies;
import io.bulwark.hub.auth.DeviceAuthenticator;
import io.bulwark.hub.auth.ServiceAuthenticator;
import io.bulwark.hub.c2d.CloudToDevice;
import io.bulwark.hub.messaging.TelemetryIngest;
import io.bulwark.hub.methods.DirectMethods;
import io.bulwark.hub.registry.DevicePresence;
import io.bulwark.hub.registry.SymmetricKeyGenerator;
import io.bulwark.hub.security.SourceBlocklist;
import io.bulwark.hub.security.alert.Alerts;
import io.bulwark.hub.security.response.AlertResponses;
import io.bulwark.hub.stream.Streams;
import io.bulwark.hub.stream.embedded.SqliteStreams;
import io.bulwark.hub.tls.HubCertificateAuthority;
import io.bulwark.hub.tls.ServerIdentity;
import io.bulwark.hub.twin.TwinService;
import io.bulwark.hub.webhook.HostResolver;
import io.bulwark.hub.webhook.HttpsWebhookSender;
import io.bulwark.hub.webhook.WebhookDispatcher;
import io.bulwark.hub.webhook.WebhookLimits;
import io.bulwark.hub.webhook.WebhookSender;
import io.bulwark.hub.webhook.WebhookTargets;
import io.bulwark.hub.webhook.Webhooks;
import io.bulwark.hub.x509.CertificateAuthorities;
import io.bulwark.hub.x509.CertificateRevocations;
import io.bulwark.hub.x509.HubCaRevocationList;
import io.bulwark.hub.x509.ClientCertificateVerifier;
import io.bulwark.hub.x509.DeviceCertificateSigner;
import io.bulwark.hub.x509.DeviceCertificates;
import io.bulwark.protocol.connection.ServiceConnectionString;
import io.bulwark.protocol.sas.SasTokenVerifier;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import io.bulwark.hub.audit.AuditVerifier;
import io.bulwark.hub.security.fleetaudit.AuditChainCheck;
import io.bulwark.hub.security.fleetaudit.FleetAuditor;
import io.bulwark.hub.security.fleetaudit.PermissivePolicyCheck;
import io.bulwark.hub.security.posture.BaselineRules;
import io.bulwark.hub.security.posture.DeletedDevicePostures;
import io.bulwark.hub.security.posture.DeviceClasses;
import io.bulwark.hub.security.posture.PostureChecker;
import io.bulwark.hub.security.posture.PostureFindingAlerts;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.UnaryOperator;

/**
 * The HTTPS API alone, on 127.0.0.1 and a free port, over the real core (SQLite store, audit log, registry) in a
 * temporary folder, with the hub's real TLS identity and built-in policies. Tests reach {@link HttpApi} itself, which a
 * whole {@code Hub} keeps to itself, and may choose the limits or wrap the streams.
 */
final class ApiFixture implements AutoCloseable {

    static final String HOST = "127.0.0.1";

    final TestHubCore core;
    final HttpApi api;
    final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Path dir;
    private final Streams streams;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final Map<String, ServiceConnectionString> policies = new LinkedHashMap<>();
    private WebhookDispatcher dispatcher;
    /** The alerts service under the API, for tests that raise alerts as a detector would. */
    final Alerts alerts;
    final SourceBlocklist blocklist;
    final DeviceClasses deviceClasses;
    /** Checks posture snapshots as the hub's follower of the security stream would; tests feed it directly. */
    final PostureChecker postureChecker;
    private final ExecutorService auditRunner = Executors.newSingleThreadExecutor();

    private ApiFixture(Path dir, HubLimits limits, UnaryOperator<Streams> streamsWrapper) {
        this.dir = dir;
        this.core = new TestHubCore(dir);
        Clock clock = Clock.systemUTC();
        for (AccessPolicy policy : BuiltInPolicies.generate(new SymmetricKeyGenerator(new SecureRandom()))) {
            core.store.policies().save(policy);
            policies.put(policy.name(), new ServiceConnectionString(HOST, policy.name(), policy.keys().primaryKey()));
        }
        this.streams = streamsWrapper.apply(SqliteStreams.open(dir.resolve("streams.db")));
        SasTokenVerifier verifier = new SasTokenVerifier(clock, limits.sasClockSkew());
        Set<String> hosts = Set.of(HOST, "localhost", "::1");
        CertificateRevocations revocations = new CertificateRevocations(core.store.certificateRevocations(),
                core.audit, clock);
        HubCertificateAuthority hubCa = HubCertificateAuthority.loadOrCreate(dir);
        this.blocklist = new SourceBlocklist(limits.monitoring().exemptSources(), core.audit, clock);
        this.alerts = new Alerts(core.store.alerts(), core.audit, streams, clock);
        this.deviceClasses = new DeviceClasses(core.store.deviceClasses(), core.store.devices(), core.audit, clock);
        this.postureChecker = new PostureChecker(core.store.postures(), deviceClasses, new BaselineRules());
        postureChecker.reportTo(new PostureFindingAlerts(alerts));
        core.revocations.subscribeDeletions(new DeletedDevicePostures(core.store.postures())::deleted);
        ApiServices services = new ApiServices(core.registry, core.audit,
                new ServiceAuthenticator(core.store.policies(), verifier, hosts, core.audit),
                new DeviceAuthenticator(core.store.devices(), core.store.policies(), verifier, hosts, core.audit,
                        new ClientCertificateVerifier(core.store.certificateAuthorities(), revocations,
                                List.of(hubCa.certificate()), clock)),
                new DevicePresence(clock), streams, new TelemetryIngest(streams, clock), new DirectMethods(timer),
                new TwinService(core.store.twins(), core.registry, core.audit, clock),
                new CloudToDevice(core.store.cloudToDevice(), core.registry, core.audit, clock,
                        CloudToDevice.C2dLimits.AZURE),
                metrics, webhooks(limits, clock),
                new ConsumerGroups(streams, core.audit, clock, limits.streams().maxConsumerGroups()),
                new CertificateAuthorities(core.store.certificateAuthorities(), core.audit, clock,
                        new SecureRandom()),
                revocations, new HubCaRevocationList(hubCa, revocations, clock), alerts,
                new AlertResponses(alerts, core.registry, revocations, blocklist, core.audit,
                        limits.monitoring().blockPeriod()), blocklist,
                deviceClasses, core.store.postures(), fleetAuditor(limits, clock),
                new DeviceCertificates(core.store.devices(), core.store.issuedCertificates(),
                        new DeviceCertificateSigner(hubCa,
                                this::crlLocation,
                                clock, new SecureRandom()),
                        revocations, core.audit, clock, limits.certificates()));
        ServerIdentity identity = ServerIdentity.loadOrIssue(dir, hubCa, hosts);
        this.api = new HttpApi(services, limits, identity.serverSslContextAcceptingAnyClientChain(), HOST, 0);
        api.start();
    }

    /** A fleet auditor with the checks that need nothing but the store and the audit log. */
    private FleetAuditor fleetAuditor(HubLimits limits, Clock clock) {
        return new FleetAuditor(List.of(new PermissivePolicyCheck(core.store.policies()),
                new AuditChainCheck(new AuditVerifier(core.chain), core.store.audit(), core.head)),
                core.store.fleetAudits(), core.audit, clock, limits.fleetAudit(), auditRunner,
                new SecureRandom());
    }

    private java.net.URI crlLocation() {
        return java.net.URI.create("https://" + HOST + ":" + api.port() + "/crl/hub-ca.crl");
    }

    /** Webhooks over this fixture's store and streams; its dispatcher is closed with the fixture. */
    private Webhooks webhooks(HubLimits limits, Clock clock) {
        WebhookLimits webhookLimits = limits.webhooks();
        WebhookTargets targets = new WebhookTargets(webhookLimits.privateTargets(), HostResolver.SYSTEM);
        WebhookSender sender = new HttpsWebhookSender(webhookLimits, targets, clock);
        this.dispatcher = new WebhookDispatcher(core.store.webhooks(), streams, sender, webhookLimits, core.audit,
                clock);
        dispatcher.start();
        return new Webhooks(core.store.webhooks(), streams, dispatcher, sender, targets, webhookLimits, core.audit,
                clock, new SecureRandom());
    }

    static ApiFixture start(Path dir) {
        return new ApiFixture(dir, HubLimits.DEFAULTS, UnaryOperator.identity());
    }

    static ApiFixture start(Path dir, HubLimits limits) {
        return new ApiFixture(dir, limits, UnaryOperator.identity());
    }

    static ApiFixture start(Path dir, UnaryOperator<Streams> streamsWrapper) {
        return new ApiFixture(dir, HubLimits.DEFAULTS, streamsWrapper);
    }

    /** The streams under the API, for tests that append messages or apply retention directly. */
    Streams streams() {
        return streams;
    }

    /** A client that trusts only this hub's CA and signs with the named built-in policy. */
    ServiceClient client(String policy) {
        return new ServiceClient(caCertificate(), api.port(), credentials(policy));
    }

    ServiceConnectionString credentials(String policy) {
        return policies.get(policy);
    }

    Path caCertificate() {
        return dir.resolve(HubCertificateAuthority.CERTIFICATE_FILE);
    }

    /** Sequence number of the newest audit record (0 when empty). */
    long auditHead() {
        return core.audit.latest().map(io.bulwark.hub.audit.AuditRecord::sequence).orElse(0L);
    }

    @Override
    public void close() {
        try {
            api.close();
            dispatcher.close();
        } finally {
            timer.shutdownNow();
            auditRunner.shutdownNow();
            streams.close();
            core.close();
        }
    }
}
