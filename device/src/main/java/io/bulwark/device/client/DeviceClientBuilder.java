package io.bulwark.device.client;

import io.bulwark.protocol.connection.ConnectionStringFormatException;
import io.bulwark.protocol.connection.DeviceConnectionString;
import io.bulwark.protocol.sas.SasToken;
import io.bulwark.protocol.sas.SasTokenFormatException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Builds a {@link DeviceClient}. Credentials (a connection string, an X.509 key store or a {@link CredentialStore})
 * and the hub's trust ({@link #hubCa(Path)} or, explicitly, {@link #trustSystemRoots()}) are required; everything
 * else has a safe default, listed in docs/device-sdk.md.
 */
public final class DeviceClientBuilder {

    public static final int DEFAULT_PORT = 8883;
    public static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofHours(1);
    public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(60);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_BACKOFF_BASE = Duration.ofSeconds(5);
    public static final Duration DEFAULT_BACKOFF_CAP = Duration.ofMinutes(5);
    public static final int DEFAULT_MAX_IN_FLIGHT = 16;
    public static final int DEFAULT_MAX_QUEUED = 1000;
    /** Azure's limit on direct-method payloads. */
    public static final int DEFAULT_MAX_METHOD_PAYLOAD = 128 * 1024;
    public static final Duration DEFAULT_OPERATION_TIMEOUT = Duration.ofSeconds(30);

    private String hostName;
    private int port = DEFAULT_PORT;
    private DeviceCredentials credentials;
    private HubTrust trust;
    private Duration tokenLifetime = DEFAULT_TOKEN_LIFETIME;
    private double renewalFraction = 0.8;
    private Duration keepAlive = DEFAULT_KEEP_ALIVE;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration backoffBase = DEFAULT_BACKOFF_BASE;
    private Duration backoffCap = DEFAULT_BACKOFF_CAP;
    private Random random;
    private int maxInFlight = DEFAULT_MAX_IN_FLIGHT;
    private int maxQueued = DEFAULT_MAX_QUEUED;
    private DirectoryOutbox outbox;
    private int maxMethodPayloadBytes = DEFAULT_MAX_METHOD_PAYLOAD;
    private Duration operationTimeout = DEFAULT_OPERATION_TIMEOUT;
    private Consumer<DeviceClientError> errorHandler;
    private DeviceClientGroup group;

    DeviceClientBuilder() {
    }

    /**
     * {@code HostName=...;DeviceId=...;SharedAccessKey=...} (renewable: the client signs its own tokens),
     * {@code SharedAccessSignature=...} (a fixed token, not renewable) or {@code x509=true} together with
     * {@link #x509(X509Credentials)}. Parse errors never repeat the key.
     */
    public DeviceClientBuilder connectionString(String text) {
        DeviceConnectionString parsed;
        try {
            parsed = DeviceConnectionString.parse(text);
        } catch (ConnectionStringFormatException e) {
            throw new IllegalArgumentException("invalid device connection string: " + e.getMessage());
        }
        hostName = parsed.hostName();
        if (parsed.sharedAccessKey() != null) {
            byte[] key;
            try {
                key = Base64.getDecoder().decode(parsed.sharedAccessKey());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the connection string's SharedAccessKey is not base64");
            }
            credentials = new SymmetricKeyCredentials(parsed.hostName(), parsed.deviceId(), parsed.moduleId(), key);
        } else if (parsed.sharedAccessSignature() != null) {
            try {
                credentials = new SasTokenCredentials(parsed.hostName(), parsed.deviceId(), parsed.moduleId(),
                        SasToken.parse(parsed.sharedAccessSignature()));
            } catch (SasTokenFormatException e) {
                throw new IllegalArgumentException("the connection string's SharedAccessSignature is invalid: "
                        + e.getMessage());
            }
        }
        return this;
    }

    public DeviceClientBuilder x509(X509Credentials value) {
        credentials = value;
        return this;
    }

    /** A PKCS#12 file with the device key and certificate (CN = device id). */
    public DeviceClientBuilder x509(Path pkcs12, char[] password) {
        return x509(X509Credentials.fromPkcs12(pkcs12, password));
    }

    public DeviceClientBuilder credentials(DeviceCredentials value) {
        credentials = value;
        if (hostName == null) {
            if (value instanceof SymmetricKeyCredentials key) {
                hostName = key.hostName();
            } else if (value instanceof SasTokenCredentials token) {
                hostName = token.hostName();
            }
        }
        return this;
    }

    /** Loads the credentials from a store (encrypted PKCS#12, or a PKCS#11/TPM implementation). */
    public DeviceClientBuilder credentialStore(CredentialStore store) {
        return credentials(store.load());
    }

    /** The host name to dial and to verify in the hub's certificate; required with X.509. */
    public DeviceClientBuilder hostName(String value) {
        hostName = value;
        return this;
    }

    /** The hub's MQTT port, 8883 unless the hub runs elsewhere (tests use a random port). */
    public DeviceClientBuilder port(int value) {
        if (value < 1 || value > 65_535) {
            throw new IllegalArgumentException("port must be 1 to 65535");
        }
        port = value;
        return this;
    }

    /** Pins the hub CA of a PEM file (normally the hub's {@code ca.crt.pem}): nothing else is trusted. */
    public DeviceClientBuilder hubCa(Path pemFile) {
        trust = HubTrust.pinnedCa(pemFile);
        return this;
    }

    public DeviceClientBuilder trust(HubTrust value) {
        trust = value;
        return this;
    }

    /** Trusts the JVM's public roots instead of a pinned CA: only for a hub behind a public certificate. */
    public DeviceClientBuilder trustSystemRoots() {
        trust = HubTrust.systemRoots();
        return this;
    }

    /** How long each SAS token the client signs is valid; it reconnects with a fresh one at 80 % of it. */
    public DeviceClientBuilder tokenLifetime(Duration value) {
        if (value.compareTo(Duration.ofSeconds(5)) < 0) {
            throw new IllegalArgumentException("tokens live at least 5 seconds");
        }
        tokenLifetime = value;
        return this;
    }

    public DeviceClientBuilder keepAlive(Duration value) {
        if (value.toSeconds() < 1 || value.toSeconds() > 1177) {
            throw new IllegalArgumentException("keep-alive is 1 to 1177 seconds (the hub caps it there)");
        }
        keepAlive = value;
        return this;
    }

    public DeviceClientBuilder connectTimeout(Duration value) {
        connectTimeout = positive(value, "connect timeout");
        return this;
    }

    /**
     * Retry n waits a random time in {@code [0, min(cap, base * 2^n)]} (S-DOS-5). {@code base} is also the window over
     * which a fleet spreads its first reconnects after the hub restarts.
     */
    public DeviceClientBuilder reconnectBackoff(Duration base, Duration cap) {
        new Backoff(base, cap, new Random()); // refuses a bad pair here rather than at build()
        backoffBase = base;
        backoffCap = cap;
        return this;
    }

    /** The source of backoff jitter; for tests. Defaults to a SecureRandom per client. */
    public DeviceClientBuilder random(Random value) {
        random = value;
        return this;
    }

    /** QoS 1 telemetry messages awaiting the hub's PUBACK at once. */
    public DeviceClientBuilder maxInFlight(int value) {
        if (value < 1 || value > 1000) {
            throw new IllegalArgumentException("in-flight window is 1 to 1000 messages");
        }
        maxInFlight = value;
        return this;
    }

    /** Without an outbox: telemetry messages held in memory until acknowledged; more are refused. */
    public DeviceClientBuilder maxQueuedMessages(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("the queue holds at least one message");
        }
        maxQueued = value;
        return this;
    }

    /** Keeps unacknowledged telemetry on disk: delivered after a reconnect and after a restart of the process. */
    public DeviceClientBuilder outbox(DirectoryOutbox value) {
        outbox = value;
        return this;
    }

    public DeviceClientBuilder outbox(Path directory, int maxMessages, long maxBytes,
                                      DirectoryOutbox.OverflowPolicy policy) {
        return outbox(new DirectoryOutbox(directory, maxMessages, maxBytes, policy));
    }

    /** Method requests larger than this are answered 413 without calling the handler. */
    public DeviceClientBuilder maxMethodPayloadBytes(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("the method payload limit must be positive");
        }
        maxMethodPayloadBytes = value;
        return this;
    }

    /** How long a twin request waits for the hub's answer. */
    public DeviceClientBuilder operationTimeout(Duration value) {
        operationTimeout = positive(value, "operation timeout");
        return this;
    }

    /** Receives what the hub sent that could not be used, and handler failures; the client keeps running. */
    public DeviceClientBuilder onError(Consumer<DeviceClientError> handler) {
        errorHandler = handler;
        return this;
    }

    /** Shares threads with the other clients of the group; without one the client has its own two threads. */
    public DeviceClientBuilder group(DeviceClientGroup value) {
        group = value;
        return this;
    }

    public DeviceClient build() {
        if (credentials == null) {
            throw new IllegalStateException("give credentials: a connection string, an X.509 key store or a "
                    + "credential store");
        }
        if (trust == null) {
            throw new IllegalStateException("pin the hub CA with hubCa(...), or ask for trustSystemRoots() "
                    + "explicitly");
        }
        if (hostName == null) {
            throw new IllegalStateException("give the hub's host name");
        }
        Backoff backoff = new Backoff(backoffBase, backoffCap, random == null ? new SecureRandom() : random);
        return new DeviceClient(new ClientSettings(hostName, port, credentials, trust, tokenLifetime, renewalFraction,
                keepAlive, connectTimeout, backoff, maxInFlight, maxQueued, outbox, maxMethodPayloadBytes,
                DeviceMessage.MAX_BODY_BYTES + 64 * 1024, operationTimeout, errorHandler, group));
    }

    private static Duration positive(Duration value, String what) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(what + " must be positive");
        }
        return value;
    }
}
