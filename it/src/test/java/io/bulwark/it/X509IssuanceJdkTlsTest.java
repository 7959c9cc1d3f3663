package io.bulwark.it;

import java.util.Map;

/** Every issuance and renewal test again, with the MQTT listener on the JDK's TLS ({@code BULWARK_NATIVE_IO=off}). */
class X509IssuanceJdkTlsTest extends X509IssuanceTest {

    @Override
    Map<String, String> hubEnvironment() {
        return Map.of("BULWARK_NATIVE_IO", "off");
    }

    @Override
    String expectedTls() {
        return "JDK TLS";
    }
}
