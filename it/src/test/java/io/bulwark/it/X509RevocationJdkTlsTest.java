package io.bulwark.it;

import java.util.Map;

/** Every revocation test again, with the MQTT listener on the JDK's TLS ({@code BULWARK_NATIVE_IO=off}). */
class X509RevocationJdkTlsTest extends X509RevocationTest {

    @Override
    Map<String, String> hubEnvironment() {
        return Map.of("BULWARK_NATIVE_IO", "off");
    }

    @Override
    String expectedTls() {
        return "JDK TLS";
    }
}
