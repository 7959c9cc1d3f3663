package io.bulwark.protocol.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The certificate renewal topics as Azure's certificate management preview writes them. */
class CredentialTopicsTest {

    @Test
    void readsTheRequestIdOfAnIssueCertificateRequest() {
        assertThat(CredentialTopics.isCredentialRequest("$iothub/credentials/POST/issueCertificate/?$rid=42"))
                .isTrue();
        assertThat(CredentialTopics.parseIssueRequest("$iothub/credentials/POST/issueCertificate/?$rid=42"))
                .isEqualTo("42");
        assertThat(CredentialTopics.parseIssueRequest(
                "$iothub/credentials/POST/issueCertificate/?$rid=6a1e-77&$version=1")).isEqualTo("6a1e-77");
        assertThat(CredentialTopics.isCredentialRequest("$iothub/twin/GET/?$rid=1")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"$iothub/credentials/POST/issueCertificate/", "$iothub/credentials/POST/issueCertificate/?x=1",
        "$iothub/credentials/POST/other/?$rid=1", "$iothub/credentials/POST/issueCertificate/?$rid=",
        "$iothub/credentials/POST/issueCertificate/?$rid=a/b", "$iothub/credentials/POST/issueCertificate/?$rid=a#"})
    void refusesMalformedRequests(String topic) {
        assertThatThrownBy(() -> CredentialTopics.parseIssueRequest(topic)).isInstanceOf(MqttFormatException.class);
    }

    @Test
    void answersOnTheResponseTopicWithAThreeDigitStatus() {
        assertThat(CredentialTopics.response(202, "42")).isEqualTo("$iothub/credentials/res/202/?$rid=42");
        assertThatThrownBy(() -> CredentialTopics.response(20, "42")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDeviceMaySubscribeToTheCredentialResponses() { // S-ACL-1
        assertThat(DeviceSubscriptions.isAllowed("$iothub/credentials/res/#", "d1", null)).isTrue();
        assertThat(DeviceSubscriptions.isAllowed("$iothub/credentials/#", "d1", null)).isFalse();
        assertThat(DeviceSubscriptions.isAllowed("$iothub/credentials/res/+", "d1", null)).isFalse();
    }
}
