package io.bulwark.bench.micro;

import io.bulwark.hub.auth.AuthenticatedDevice;
import io.bulwark.hub.auth.DeviceAuthenticator;
import io.bulwark.hub.registry.Device;
import io.bulwark.hub.registry.DeviceSpec;
import io.bulwark.hub.registry.IdentityId;
import io.bulwark.hub.x509.CachedCaRepository;
import io.bulwark.hub.x509.CertificateRevocations;
import io.bulwark.hub.x509.ClientCertificateVerifier;
import io.bulwark.protocol.sas.SasToken;
import io.bulwark.protocol.sas.SasTokenVerifier;
import io.bulwark.protocol.sas.SasVerdict;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a SAS connect costs the hub besides TLS: the token check alone (two HMAC-SHA256, one per device key, no early
 * exit), the same with parsing the password text, and the hub's whole device authentication (client id, user name,
 * audience, registry read from SQLite with the sealed keys opened, then the token check).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
public class SasVerifyBenchmark {

    private static final String HOST = "bench.bulwark.local";

    private TempHubCore core;
    private SasTokenVerifier verifier;
    private DeviceAuthenticator authenticator;
    private SasToken token;
    private String password;
    private byte[] primary;
    private byte[] secondary;

    @Setup
    public void setUp() {
        core = new TempHubCore("sas");
        IdentityId id = IdentityId.device("sensor-0001");
        Device device = core.registry.create(TempHubCore.OPERATOR, DeviceSpec.sasDevice(id));
        primary = device.authentication().symmetricKey().primaryKeyBytes();
        secondary = device.authentication().symmetricKey().secondaryKeyBytes();
        token = SasToken.create(HOST + "/devices/sensor-0001", primary, Instant.now().plus(Duration.ofHours(1)),
                null);
        password = token.format();
        verifier = new SasTokenVerifier(Clock.systemUTC(), Duration.ofMinutes(5));
        authenticator = new DeviceAuthenticator(core.store.devices(), core.store.policies(), verifier, Set.of(HOST),
                core.audit, new ClientCertificateVerifier(new CachedCaRepository(core.store.certificateAuthorities()),
                new CertificateRevocations(core.store.certificateRevocations(), core.audit, core.clock), List.of(), core.clock));
    }

    @TearDown
    public void tearDown() {
        core.close();
    }

    @Benchmark
    public SasVerdict verifyToken() {
        return verifier.verify(token, primary, secondary);
    }

    @Benchmark
    public SasVerdict parseAndVerify() {
        return verifier.verify(SasToken.parse(password), primary, secondary);
    }

    @Benchmark
    public AuthenticatedDevice hubAuthenticate() {
        return authenticator.authenticate("sensor-0001", HOST + "/sensor-0001/?api-version=2021-04-12", password,
                "127.0.0.1");
    }
}
