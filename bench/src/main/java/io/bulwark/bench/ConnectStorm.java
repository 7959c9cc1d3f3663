package io.bulwark.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulwark.hub.DataFolder;
import io.bulwark.hub.mqtt.NettyTransport;
import io.bulwark.hub.tls.PemFiles;
import io.bulwark.hub.x509.Certificates;
import io.bulwark.protocol.sas.SasToken;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import org.HdrHistogram.Histogram;

/**
 * Connects per second of SAS devices against mutual-TLS devices (EC P-256 keys, certificates issued by a CA that is
 * registered and verified on the hub), in one run against one running hub, on loopback only. A connect is TCP, the
 * TLS 1.3 handshake, CONNECT and an accepting CONNACK; the same number of connects is kept in flight for both kinds.
 * Everything a device needs (token, key, certificate, TLS context) is made before the clock starts.
 *
 * <p>A warm-up round of both kinds comes first (the JIT compiles the hub's handshake and authentication paths), then
 * {@code rounds} timed rounds, each SAS then X.509, so that neither kind always runs on a colder or warmer hub.
 *
 * <p>Usage: {@code ConnectStorm DATA_DIR [devices=2000] [concurrency=50] [rounds=2]}; {@code devices} of each kind.
 */
public final class ConnectStorm {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CA_NAME = "storm-fleet";

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        int devices = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        if (devices < 1 || concurrency < 1 || rounds < 1) {
            throw new IllegalArgumentException("devices, concurrency and rounds must be at least 1");
        }
        HubAccess hub = new HubAccess(new DataFolder(data));
        X509Certificate[] hubCa = PemFiles.readCertificates(hub.folder.caCertificate())
                .toArray(new X509Certificate[0]);
        SslProvider provider = OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;

        long prepareStart = System.nanoTime();
        List<StormDevice> sas = sasDevices(hub, devices, provider, hubCa);
        FleetCertificates fleet = new FleetCertificates("Connect Storm Root CA");
        registerAndVerifyCa(hub, fleet);
        List<StormDevice> x509 = x509Devices(hub, fleet, devices, provider, hubCa);
        System.out.printf("prepared %d SAS and %d X.509 devices (EC P-256, CA '%s' verified) in %.1f s; "
                        + "client TLS %s, %d connects in flight%n", devices, devices, CA_NAME,
                (System.nanoTime() - prepareStart) / 1e9, provider, concurrency);

        NettyTransport transport = NettyTransport.best(true);
        EventLoopGroup loops = transport.newGroup(2, "bench-storm");
        try {
            int warmUp = Math.min(devices, 500);
            int subnet = 1;
            StormPhase.Result warmSas = new StormPhase("warm-up SAS", sas.subList(0, warmUp), subnet++, concurrency,
                    hub.info.mqttPort(), hub.info.pid(), loops, transport).run();
            StormPhase.Result warmX509 = new StormPhase("warm-up X.509", x509.subList(0, warmUp), subnet++,
                    concurrency, hub.info.mqttPort(), hub.info.pid(), loops, transport).run();
            printPhase(warmSas);
            printPhase(warmX509);
            List<StormPhase.Result> sasRounds = new ArrayList<>();
            List<StormPhase.Result> x509Rounds = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                StormPhase.Result s = new StormPhase("round " + round + " SAS", sas, subnet++, concurrency,
                        hub.info.mqttPort(), hub.info.pid(), loops, transport).run();
                printPhase(s);
                sasRounds.add(s);
                StormPhase.Result x = new StormPhase("round " + round + " X.509", x509, subnet++, concurrency,
                        hub.info.mqttPort(), hub.info.pid(), loops, transport).run();
                printPhase(x);
                x509Rounds.add(x);
            }
            StormPhase.Result sasTotal = StormPhase.Result.combine("SAS", sasRounds);
            StormPhase.Result x509Total = StormPhase.Result.combine("X.509", x509Rounds);
            System.out.printf("RESULT devices=%d concurrency=%d rounds=%d sas_connects_per_s=%.0f "
                            + "x509_connects_per_s=%.0f x509_to_sas=%.2f sas_p50_ms=%.2f sas_p99_ms=%.2f "
                            + "x509_p50_ms=%.2f x509_p99_ms=%.2f sas_hub_cpu_ms=%.2f x509_hub_cpu_ms=%.2f failed=%d%n",
                    devices, concurrency, rounds, sasTotal.perSecond(), x509Total.perSecond(),
                    x509Total.perSecond() / sasTotal.perSecond(), ms(sasTotal.latency(), 50),
                    ms(sasTotal.latency(), 99), ms(x509Total.latency(), 50), ms(x509Total.latency(), 99),
                    sasTotal.hubCpuMillisPerConnect(), x509Total.hubCpuMillisPerConnect(),
                    sasTotal.failed() + x509Total.failed());
        } finally {
            loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static void printPhase(StormPhase.Result result) {
        Histogram latency = result.latency();
        System.out.printf("%s: %d accepted, %d failed in %.2f s = %.0f connects/s (%s); connect latency "
                        + "p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms; CPU: hub %.2f ms per connect "
                        + "(%.1f s), driver %.1f s%s%n", result.name(), result.accepted(),
                result.failed(), result.seconds(), result.perSecond(), result.tlsProtocol(), ms(latency, 50),
                ms(latency, 90), ms(latency, 99), latency.getMaxValue() / 1000.0, result.hubCpuMillisPerConnect(),
                result.hubCpuSeconds(), result.driverCpuSeconds(),
                result.firstFailure() == null ? "" : "; first failure: " + result.firstFailure());
    }

    private static double ms(Histogram latency, double percentile) {
        return latency.getValueAtPercentile(percentile) / 1000.0;
    }

    /** SAS devices in one bulk import, their generated keys read back from the export, tokens signed up front. */
    private static List<StormDevice> sasDevices(HubAccess hub, int devices, SslProvider provider,
                                                X509Certificate[] hubCa) throws Exception {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < devices; i++) {
            lines.append(String.format("{\"deviceId\":\"storm-sas-%05d\",\"importMode\":\"createOrUpdate\"}%n", i));
        }
        hub.send("POST", "/import", lines.toString());
        Map<String, byte[]> keys = new HashMap<>();
        for (String line : hub.send("GET", "/export", null).body().split("\n")) {
            if (!line.isBlank()) {
                JsonNode device = JSON.readTree(line);
                String id = device.path("deviceId").asText();
                if (id.startsWith("storm-sas-") && device.path("moduleId").isNull()) {
                    keys.put(id, Base64.getDecoder().decode(device.at("/authentication/symmetricKey/primaryKey")
                            .asText()));
                }
            }
        }
        // One TLS context for all SAS devices is fair: they present no certificate, and the bench opens its
        // connections without a peer host, so no TLS session is resumed across devices (nor for X.509 devices).
        SslContext tls = clientTls(provider, hubCa).build();
        List<StormDevice> result = new ArrayList<>();
        for (int i = 0; i < devices; i++) {
            String id = String.format("storm-sas-%05d", i);
            String token = SasToken.create(hub.info.hostName() + "/devices/" + id, keys.get(id),
                    Instant.now().plus(Duration.ofHours(2)), null).format();
            result.add(new StormDevice(id, userName(hub, id), token, tls));
        }
        return result;
    }

    /** Registers the CA and proves possession of its key: an unverified CA authenticates no device. */
    private static void registerAndVerifyCa(HubAccess hub, FleetCertificates fleet) throws Exception {
        JsonNode registered = JSON.readTree(hub.send("PUT", "/certificates/" + CA_NAME,
                JSON.createObjectNode().put("certificate", Certificates.toPem(fleet.ca())).toString()).body());
        String code = registered.path("verificationCode").asText();
        JsonNode verified = JSON.readTree(hub.send("POST", "/certificates/" + CA_NAME + "/verify",
                JSON.createObjectNode().put("certificate", Certificates.toPem(fleet.proof(code))).toString()).body());
        if (!verified.path("isVerified").asBoolean()) {
            throw new IllegalStateException("CA " + CA_NAME + " is not verified: " + verified);
        }
    }

    /** CA-authenticated devices: registered in one bulk import; each gets its own key, certificate and context. */
    private static List<StormDevice> x509Devices(HubAccess hub, FleetCertificates fleet, int devices,
                                                 SslProvider provider, X509Certificate[] hubCa) throws Exception {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < devices; i++) {
            lines.append(String.format("{\"deviceId\":\"storm-x509-%05d\",\"importMode\":\"createOrUpdate\","
                    + "\"authentication\":{\"type\":\"certificateAuthority\"}}%n", i));
        }
        hub.send("POST", "/import", lines.toString());
        List<StormDevice> result = new ArrayList<>();
        for (int i = 0; i < devices; i++) {
            String id = String.format("storm-x509-%05d", i);
            FleetCertificates.Issued leaf = fleet.issue(id);
            SslContext tls = clientTls(provider, hubCa).keyManager(leaf.keys().getPrivate(), leaf.certificate())
                    .build();
            result.add(new StormDevice(id, userName(hub, id), null, tls));
        }
        return result;
    }

    private static SslContextBuilder clientTls(SslProvider provider, X509Certificate[] hubCa) {
        return SslContextBuilder.forClient().sslProvider(provider).trustManager(hubCa).protocols("TLSv1.3");
    }

    private static String userName(HubAccess hub, String id) {
        return hub.info.hostName() + "/" + id + "/?api-version=2021-04-12";
    }
}
