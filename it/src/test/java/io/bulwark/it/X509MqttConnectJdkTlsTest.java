package io.bulwark.it;

import java.util.Map;

/** Every X.509 connect test again, with the MQTT listener on the JDK's TLS ({@code BULWARK_NATIVE_IO=off}). */
class X509MqttConnectJdkTlsTest extends X509MqttConnectTest {

    @Override
    Map<String, String> hubEnvironment() {
        return Map.of("BULWARK_NATIVE_IO", "off");
    }

    @Override
    String expectedTls() {
        return "JDK TLS";
    }
}
