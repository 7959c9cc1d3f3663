package io.bulwark.it;

import io.bulwark.hub.Hub;
import io.bulwark.hub.HubConfig;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;

/**
 * Starts a hub whose MQTT listener is on 8883, the only port the Azure device SDK dials. Another test JVM on the same
 * machine (a parallel build) may hold that port for a while: wait for it rather than fail.
 */
final class SdkPortHub {

    private SdkPortHub() {
    }

    static Hub start(HubConfig config) {
        AtomicReference<Hub> started = new AtomicReference<>();
        Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> {
            try {
                started.set(Hub.start(config.withPorts(config.httpsPort(), HubConfig.DEFAULT_MQTT_PORT)));
                return true;
            } catch (Exception e) {
                // Netty rethrows the BindException undeclared, so it is caught as Exception.
                if (isPortTaken(e)) {
                    return false;
                }
                throw e;
            }
        });
        return started.get();
    }

    private static boolean isPortTaken(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.net.BindException || String.valueOf(cause.getMessage())
                    .contains("Address already in use")) {
                return true;
            }
        }
        return false;
    }
}
