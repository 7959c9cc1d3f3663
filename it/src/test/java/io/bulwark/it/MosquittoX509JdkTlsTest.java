package io.bulwark.it;

import java.util.Map;

/** mosquitto_pub with a client certificate again, the MQTT listener on the JDK's TLS ({@code BULWARK_NATIVE_IO=off}). */
class MosquittoX509JdkTlsTest extends MosquittoX509Test {

    @Override
    Map<String, String> hubEnvironment() {
        return Map.of("BULWARK_NATIVE_IO", "off");
    }
}
