package io.bulwark.hub;

import io.bulwark.hub.audit.Actor;
import io.bulwark.hub.audit.AuditChain;
import io.bulwark.hub.audit.AuditHeadFile;
import io.bulwark.hub.audit.AuditLog;
import io.bulwark.hub.audit.AuditOutcome;
import io.bulwark.hub.audit.AuditVerifier;
import io.bulwark.hub.security.fleetaudit.AuditChainCheck;
import io.bulwark.hub.security.fleetaudit.CaExpiryCheck;
import io.bulwark.hub.security.fleetaudit.DeviceCertificateExpiryCheck;
import io.bulwark.hub.security.fleetaudit.ConflictingClientIdCheck;
import io.bulwark.hub.security.fleetaudit.FleetAuditSchedule;
import io.bulwark.hub.security.fleetaudit.FleetAuditSettings;
import io.bulwark.hub.security.fleetaudit.FleetAuditor;
import io.bulwark.hub.security.fleetaudit.KeyAgeCheck;
import io.bulwark.hub.security.fleetaudit.MinimumVersionCheck;
import io.bulwark.hub.security.fleetaudit.PermissivePolicyCheck;
import io.bulwark.hub.security.fleetaudit.RevokedCertificateUseCheck;
import io.bulwark.hub.security.fleetaudit.SharedCredentialCheck;
import io.bulwark.hub.security.fleetaudit.SilentDeviceCheck;
import io.bulwark.hub.security.posture.BaselineRules;
import io.bulwark.hub.security.posture.DeletedDevicePostures;
import io.bulwark.hub.security.posture.DeviceClasses;
import io.bulwark.hub.security.posture.PostureChecker;
import io.bulwark.hub.security.posture.PostureFindingAlerts;
import io.bulwark.hub.security.posture.PostureFollower;
import io.bulwark.protocol.security.SecurityEventCodec;
import java.util.concurrent.ExecutorService;
import io.bulwark.hub.auth.CachedPolicyRepository;
import io.bulwark.hub.auth.DeviceAuthenticator;
import io.bulwark.hub.auth.PolicyRepository;
import io.bulwark.hub.auth.ServiceAuthenticator;
import io.bulwark.hub.messaging.TelemetryIngest;
import io.bulwark.hub.methods.DirectMethods;
import io.bulwark.hub.twin.TwinService;
import io.bulwark.hub.webhook.WebhookDispatcher;
import io.bulwark.hub.webhook.WebhookService;
import io.bulwark.hub.webhook.Webhooks;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import io.bulwark.hub.mqtt.AcknowledgementLatency;
import io.bulwark.hub.mqtt.DeviceServices;
import io.bulwark.hub.mqtt.MqttListener;
import io.bulwark.hub.c2d.CloudToDevice;
import io.bulwark.hub.registry.Revocations;
import io.bulwark.hub.stream.AuditStreamFeed;
import io.bulwark.hub.stream.ConsumerGroups;
import io.bulwark.hub.stream.Streams;
import io.bulwark.hub.stream.embedded.SqliteStreams;
import io.bulwark.hub.http.ApiServices;
import io.bulwark.hub.http.HttpApi;
import io.bulwark.hub.registry.DevicePresence;
import io.bulwark.hub.registry.DeviceRegistry;
import io.bulwark.hub.registry.SymmetricKeyGenerator;
import io.bulwark.hub.secrets.MasterKey;
import io.bulwark.hub.security.MonitoringLimits;
import io.bulwark.hub.security.SecurityMonitoring;
import io.bulwark.hub.security.SourceBlocklist;
import io.bulwark.hub.security.alert.Alerts;
import io.bulwark.hub.security.response.AlertResponses;
import io.bulwark.hub.secrets.OwnerOnlyFiles;
import io.bulwark.hub.secrets.SecretSealer;
import io.bulwark.hub.store.Store;
import io.bulwark.hub.store.sqlite.SqliteStore;
import io.bulwark.hub.tls.HubCertificateAuthority;
import io.bulwark.hub.tls.ServerIdentity;
import io.bulwark.hub.x509.CachedCaRepository;
import io.bulwark.hub.x509.CaRepository;
import io.bulwark.hub.x509.CertificateAuthorities;
import io.bulwark.hub.x509.CertificateRevocations;
import io.bulwark.hub.x509.HubCaRevocationList;
import io.bulwark.hub.x509.ClientCertificateVerifier;
import io.bulwark.hub.x509.DeviceCertificateSigner;
import io.bulwark.hub.x509.DeviceCertificates;
import io.bulwark.protocol.sas.SasTokenVerifier;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every part of a hub by constructor, in dependency order, and starts the listeners.
 * Nothing else in the hub creates its own collaborators.
 */
public final class Hub implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Hub.class);
    private static final java.time.Duration C2D_EXPIRY_SWEEP = java.time.Duration.ofSeconds(30);

    private final HubConfig config;
    private final DataFolder folder;
    private final Store store;
    private final Streams streams;
    private final HttpApi http;
    private final MqttListener mqtt;
    private final ScheduledExecutorService timer;
    private final DevicePresence presence;
    private final boolean firstStart;
    private final AuditLog audit;
    private final WebhookDispatcher webhooks;
    private final SecurityMonitoring monitoring;
    private final Alerts alerts;
    private final AutoCloseable postureAndAudit;
    private boolean closed;

    private Hub(HubConfig config, DataFolder folder, Store store, Streams streams, AuditLog audit, HttpApi http,
                MqttListener mqtt, ScheduledExecutorService timer, DevicePresence presence, boolean firstStart,
                WebhookDispatcher webhooks, SecurityMonitoring monitoring, Alerts alerts,
                AutoCloseable postureAndAudit) {
        this.webhooks = webhooks;
        this.alerts = alerts;
        this.monitoring = monitoring;
        this.postureAndAudit = postureAndAudit;
        this.timer = timer;
        this.presence = presence;
        this.config = config;
        this.folder = folder;
        this.store = store;
        this.streams = streams;
        this.audit = audit;
        this.http = http;
        this.mqtt = mqtt;
        this.firstStart = firstStart;
    }

    public static Hub start(HubConfig config) {
        Clock clock = Clock.systemUTC();
        DataFolder folder = new DataFolder(config.dataDir());
        OwnerOnlyFiles.ensureDirectory(folder.root());
        MasterKey masterKey = MasterKey.loadOrCreate(folder.root(), config.env());
        HubCertificateAuthority ca = HubCertificateAuthority.loadOrCreate(folder.root());
        ServerIdentity serverIdentity = ServerIdentity.loadOrIssue(folder.root(), ca, config.allHostNames());

        List<AutoCloseable> opened = new ArrayList<>();
        try {
            Store store = SqliteStore.open(folder.database(), new SecretSealer(masterKey));
            opened.add(store);
            AuditChain auditChain = new AuditChain(masterKey.derive("audit-chain"));
            AuditHeadFile auditHead = new AuditHeadFile(folder.auditHead());
            opened.add(auditHead);
            AuditLog audit = new AuditLog(store.audit(), auditChain, auditHead, clock);
            SymmetricKeyGenerator keys = new SymmetricKeyGenerator(new SecureRandom());
            // Every service request and SAS device connect looks up a policy: served from memory, replaced on save.
            PolicyRepository policies = new CachedPolicyRepository(store.policies());
            boolean firstStart = FirstStart.ensurePolicies(policies, keys, folder,
                    config.primaryHostName(), audit);

            Revocations revocations = new Revocations();
            DevicePresence presence = new DevicePresence(clock);
            DeviceRegistry registry = new DeviceRegistry(store.devices(), audit, keys, clock, revocations,
                    store.keyRotations());
            SasTokenVerifier verifier = new SasTokenVerifier(clock, config.limits().sasClockSkew());
            Streams streams = SqliteStreams.open(folder.streams(), config.limits().streams());
            opened.add(streams);
            AuditStreamFeed.start(audit, streams);
            ServiceAuthenticator authenticator = new ServiceAuthenticator(policies, verifier,
                    config.allHostNames(), audit);
            PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            Gauge.builder("bulwark_registry_devices", registry, DeviceRegistry::countDevices)
                    .description("devices in the identity registry").register(metrics);

            ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "bulwark-timer");
                thread.setDaemon(true);
                return thread;
            });
            opened.add(timer::shutdownNow);
            DirectMethods methods = new DirectMethods(timer);
            TwinService twins = new TwinService(store.twins(), registry, audit, clock);
            CloudToDevice cloudToDevice = new CloudToDevice(store.cloudToDevice(), registry, audit, clock,
                    CloudToDevice.C2dLimits.AZURE);
            CaRepository registeredCas = new CachedCaRepository(store.certificateAuthorities());
            CertificateAuthorities certificateAuthorities = new CertificateAuthorities(registeredCas,
                    audit, clock, new SecureRandom());
            CertificateRevocations certificateRevocations = new CertificateRevocations(store.certificateRevocations(),
                    audit, clock);
            DeviceAuthenticator deviceAuthenticator = new DeviceAuthenticator(store.devices(), policies,
                    verifier, config.allHostNames(), audit,
                    new ClientCertificateVerifier(registeredCas, certificateRevocations, List.of(ca.certificate()),
                            clock));
            // The HTTPS port is known once the listener is bound (port 0 picks one); certificates are signed later.
            java.util.concurrent.atomic.AtomicReference<HttpApi> boundHttp = new java.util.concurrent.atomic
                    .AtomicReference<>();
            DeviceCertificates deviceCertificates = new DeviceCertificates(store.devices(),
                    store.issuedCertificates(), new DeviceCertificateSigner(ca,
                            () -> HubCaRevocationList.location(config.primaryHostName(), boundHttp.get().port()),
                            clock,
                            new SecureRandom()),
                    certificateRevocations, audit, clock, config.limits().certificates());
            TelemetryIngest telemetry = new TelemetryIngest(streams, clock);
            DeviceClasses deviceClasses = new DeviceClasses(store.deviceClasses(), store.devices(), audit, clock);
            MonitoringLimits monitoringLimits = config.limits().monitoring();
            SourceBlocklist blocklist = new SourceBlocklist(monitoringLimits.exemptSources(), audit, clock);
            Alerts alerts = new Alerts(store.alerts(), audit, streams, clock);
            SecurityMonitoring monitoring = SecurityMonitoring.start(streams, alerts, blocklist, presence,
                    deviceClasses::className, deviceClasses, monitoringLimits,
                    clock);
            opened.add(monitoring);
            MqttListener mqtt = new MqttListener(new DeviceServices(deviceAuthenticator, telemetry, methods, twins,
                    cloudToDevice, presence, audit, blocklist, deviceCertificates,
                    AcknowledgementLatency.timer(metrics)), config.limits(), serverIdentity,
                    config.bindAddress(), config.mqttPort(), config.nativeIoAllowed());
            opened.add(mqtt);
            methods.deliverThrough(mqtt);
            twins.notifyThrough(mqtt);
            cloudToDevice.notifyThrough(mqtt);
            timer.scheduleWithFixedDelay(() -> expireMessages(cloudToDevice), C2D_EXPIRY_SWEEP.toSeconds(),
                    C2D_EXPIRY_SWEEP.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            revocations.subscribe(mqtt::disconnect);
            certificateRevocations.subscribe(mqtt::disconnectCertificate);
            revocations.subscribeDeletions(deviceCertificates::revokeAllOfDeleted);
            certificateAuthorities.subscribeDeletions(mqtt::disconnectCertificate);

            WebhookService webhookService = WebhookService.create(store.webhooks(), streams,
                    config.limits().webhooks(), audit, clock);
            WebhookDispatcher webhookDispatcher = webhookService.dispatcher();
            opened.add(webhookDispatcher);
            Webhooks webhooks = webhookService.webhooks();
            webhookDispatcher.start();

            BaselineRules baselineRules = new BaselineRules();
            PostureChecker postureChecker = new PostureChecker(store.postures(), deviceClasses, baselineRules);
            postureChecker.reportTo(new PostureFindingAlerts(alerts));
            revocations.subscribeDeletions(new DeletedDevicePostures(store.postures())::deleted);
            PostureFollower postureFollower = new PostureFollower(streams, postureChecker, new SecurityEventCodec(),
                    clock);
            opened.add(postureFollower);
            postureFollower.start();
            FleetAuditSettings auditSettings = config.limits().fleetAudit();
            ExecutorService auditRunner = Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, "bulwark-fleet-audit");
                thread.setDaemon(true);
                return thread;
            });
            opened.add(auditRunner::shutdownNow);
            FleetAuditor fleetAuditor = new FleetAuditor(List.of(
                    new CaExpiryCheck(registeredCas, ca.certificate(), auditSettings.expiryWarning(), clock),
                    new DeviceCertificateExpiryCheck(store.issuedCertificates(), certificateRevocations,
                            store.devices(), auditSettings.expiryWarning(), clock),
                    new RevokedCertificateUseCheck(store.devices(), certificateRevocations, audit),
                    new SharedCredentialCheck(store.devices(), new SecureRandom()),
                    new ConflictingClientIdCheck(audit),
                    new KeyAgeCheck(store.devices(), store.keyRotations(), policies, audit,
                            auditSettings.keyRotationPeriod(), clock),
                    new PermissivePolicyCheck(policies),
                    new AuditChainCheck(new AuditVerifier(auditChain), store.audit(), auditHead),
                    new SilentDeviceCheck(store.devices(), store.deviceClasses(), presence, store.postures(),
                            clock.instant(), clock),
                    new MinimumVersionCheck(store.postures(), store.deviceClasses(),
                            deviceId -> deviceClasses.className(deviceId).orElse(null), baselineRules)),
                    store.fleetAudits(), audit, clock, auditSettings, auditRunner, new SecureRandom());
            fleetAuditor.failInterruptedRuns();
            new FleetAuditSchedule(fleetAuditor, timer).start();

            HttpApi http = new HttpApi(new ApiServices(registry, audit, authenticator, deviceAuthenticator,
                    presence, streams, telemetry, methods, twins, cloudToDevice, metrics, webhooks,
                    new ConsumerGroups(streams, audit, clock, config.limits().streams().maxConsumerGroups()),
                    certificateAuthorities, certificateRevocations,
                    new HubCaRevocationList(ca, certificateRevocations, clock), alerts,
                    new AlertResponses(alerts, registry, certificateRevocations, blocklist, audit,
                            monitoringLimits.blockPeriod()), blocklist,
                    deviceClasses, store.postures(), fleetAuditor, deviceCertificates),
                    config.limits(),
                    serverIdentity.serverSslContextAcceptingAnyClientChain(), config.bindAddress(), config.httpsPort());
            opened.add(http);
            boundHttp.set(http);
            http.acceptMqttOverWebSocket(mqtt.tunnels(), config.limits());
            http.start();

            Hub hub = new Hub(config, folder, store, streams, audit, http, mqtt, timer, presence, firstStart,
                    webhookDispatcher, monitoring, alerts, () -> {
                        postureFollower.close();
                        auditRunner.shutdownNow();
                    });
            new HubRuntimeInfo(config.primaryHostName(), List.copyOf(config.allHostNames()), config.bindAddress(),
                    http.port(), mqtt.port(), ProcessHandle.current().pid()).writeTo(folder.runtimeInfo());
            audit.record(Actor.HUB, "hub.start", "hub", AuditOutcome.SUCCESS,
                    "https port " + http.port() + ", mqtt port " + mqtt.port());
            LOG.info("hub started: https://{}:{}, mqtts://{}:{} ({})", config.bindAddress(), http.port(),
                    config.bindAddress(), mqtt.port(), mqtt.engine());
            return hub;
        } catch (RuntimeException e) {
            closeQuietly(opened, e);
            throw e;
        }
    }

    public HubConfig config() {
        return config;
    }

    public DataFolder dataFolder() {
        return folder;
    }

    public int httpsPort() {
        return http.port();
    }

    public int mqttPort() {
        return mqtt.port();
    }

    /** The MQTT listener's I/O and TLS engine, e.g. {@code epoll, BoringSSL}. */
    public String mqttEngine() {
        return mqtt.engine();
    }

    /** When and from where an identity last connected, as the REST API shows it. */
    public java.util.Optional<DevicePresence.Presence> presence(io.bulwark.hub.registry.IdentityId id) {
        return presence.of(id);
    }

    /** Whether an identity has a live device connection right now. */
    public boolean isConnected(io.bulwark.hub.registry.IdentityId id) {
        return mqtt.isConnected(id);
    }

    public AuditLog auditLog() {
        return audit;
    }

    /** The security alerts: where detectors (and posture findings) raise them. */
    public Alerts alerts() {
        return alerts;
    }

    /** The service API's routes with their permissions. */
    public List<io.bulwark.hub.http.Route> httpRoutes() {
        return http.routes();
    }

    /** True when this start generated the hub's credentials (they were printed to the operator once). */
    public boolean isFirstStart() {
        return firstStart;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            audit.record(Actor.HUB, "hub.stop", "hub", AuditOutcome.SUCCESS, "");
        } finally {
            mqtt.close();
            http.close();
            webhooks.close();
            monitoring.close();
            closeMonitoring();
            timer.shutdownNow();
            streams.close();
            store.close();
            audit.closeHeadFile();
        }
    }

    private void closeMonitoring() {
        try {
            postureAndAudit.close();
        } catch (Exception e) {
            LOG.warn("security monitoring did not stop cleanly: {}", e.getClass().getSimpleName());
        }
    }

    /** A failed sweep is retried at the next tick; it must not end the timer thread. */
    private static void expireMessages(CloudToDevice cloudToDevice) {
        try {
            cloudToDevice.expireOld();
        } catch (RuntimeException e) {
            LOG.warn("cloud-to-device expiry sweep failed: {}", e.getClass().getSimpleName());
        }
    }

    private static void closeQuietly(List<AutoCloseable> opened, RuntimeException cause) {
        for (int i = opened.size() - 1; i >= 0; i--) {
            try {
                opened.get(i).close();
            } catch (Exception suppressed) {
                cause.addSuppressed(suppressed);
            }
        }
    }
}
