package io.bulwark.hub.security.fleetaudit;

import io.bulwark.hub.registry.AuthenticationType;
import io.bulwark.hub.registry.Device;
import io.bulwark.hub.registry.DeviceRepository;
import io.bulwark.hub.registry.SymmetricKeys;
import io.bulwark.hub.registry.X509Thumbprints;
import io.bulwark.hub.security.posture.Severity;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The same credential on several identities: one self-signed certificate thumbprint, or one SAS key, registered for
 * more than one device or module. Such identities cannot be told apart, and revoking one revokes none. Keys are
 * compared in memory by an HMAC under a key made for this run alone, so neither a key nor a stable fingerprint of one
 * leaves the check: findings name the identities only.
 */
public final class SharedCredentialCheck implements FleetAuditCheck {

    private final DeviceRepository devices;
    private final SecureRandom random;

    public SharedCredentialCheck(DeviceRepository devices, SecureRandom random) {
        this.devices = devices;
        this.random = random;
    }

    @Override
    public String name() {
        return "shared-credentials";
    }

    @Override
    public String rule() {
        return "a certificate thumbprint or a SAS key registered for more than one device or module";
    }

    @Override
    public List<AuditFinding> run(AuditPeriod period) {
        Mac mac = runKey();
        Map<String, Set<String>> byThumbprint = new TreeMap<>();
        Map<String, Set<String>> byKey = new TreeMap<>();
        devices.forEach(device -> collect(device, mac, byThumbprint, byKey));
        List<AuditFinding> findings = new ArrayList<>();
        byThumbprint.forEach((thumbprint, holders) -> {
            if (holders.size() > 1) {
                findings.add(new AuditFinding(name(), Severity.HIGH, first(holders), "certificate " + thumbprint
                        + " is registered for " + holders.size() + " identities: " + String.join(", ", holders)));
            }
        });
        // A pair of identities sharing both keys is one finding, not two.
        byKey.values().stream().filter(holders -> holders.size() > 1).map(TreeSet::new).distinct()
                .sorted((a, b) -> a.first().compareTo(b.first()))
                .forEach(holders -> findings.add(new AuditFinding(name(), Severity.HIGH, holders.first(),
                        "one SAS key is shared by " + holders.size() + " identities: " + String.join(", ", holders))));
        return findings;
    }

    private static void collect(Device device, Mac mac, Map<String, Set<String>> byThumbprint,
                                Map<String, Set<String>> byKey) {
        String holder = (device.id().isModule() ? "module:" : "device:") + device.id();
        if (device.authentication().type() == AuthenticationType.SELF_SIGNED) {
            X509Thumbprints thumbprints = device.authentication().x509Thumbprint();
            for (String thumbprint : new TreeSet<>(nonNull(thumbprints.primaryThumbprint(),
                    thumbprints.secondaryThumbprint()))) {
                byThumbprint.computeIfAbsent(thumbprint, t -> new TreeSet<>()).add(holder);
            }
        } else if (device.authentication().type() == AuthenticationType.SAS) {
            SymmetricKeys keys = device.authentication().symmetricKey();
            for (byte[] key : List.of(keys.primaryKeyBytes(), keys.secondaryKeyBytes())) {
                byKey.computeIfAbsent(HexFormat.of().formatHex(mac.doFinal(key)), k -> new TreeSet<>()).add(holder);
            }
        }
    }

    private Mac runKey() {
        byte[] key = new byte[32];
        random.nextBytes(key);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    private static List<String> nonNull(String... values) {
        return java.util.Arrays.stream(values).filter(java.util.Objects::nonNull).toList();
    }

    private static String first(Set<String> holders) {
        return holders.iterator().next();
    }
}
