package io.bulwark.it;

import java.util.Map;

/** the Azure SDK with a client certificate again, the MQTT listener on the JDK's TLS ({@code BULWARK_NATIVE_IO=off}). */
class AzureSdkX509JdkTlsTest extends AzureSdkX509Test {

    @Override
    Map<String, String> hubEnvironment() {
        return Map.of("BULWARK_NATIVE_IO", "off");
    }
}
