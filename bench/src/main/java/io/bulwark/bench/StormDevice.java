package io.bulwark.bench;

import io.netty.handler.ssl.SslContext;
import java.util.Objects;

/**
 * What one device of a connect storm needs, made before the clock starts.
 *
 * @param password the SAS token, or null for an X.509 device (its certificate, in {@code tls}, is the proof)
 */
record StormDevice(String id, String userName, String password, SslContext tls) {

    StormDevice {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(userName, "userName");
        Objects.requireNonNull(tls, "tls");
    }
}
