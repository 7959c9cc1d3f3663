package io.bulwark.bench;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;

class PinnedServerCertificateTest {

    private final FleetCertificates fleet = new FleetCertificates("Pinning Test CA");
    private final X509Certificate broker = fleet.issue("127.0.0.1").certificate();
    private final PinnedServerCertificate pinned = new PinnedServerCertificate(broker);

    @Test
    void acceptsExactlyThePinnedLeafWhateverFollowsIt() {
        assertThatCode(() -> pinned.checkServerTrusted(new X509Certificate[] {broker}, "EC"))
                .doesNotThrowAnyException();
        assertThatCode(() -> pinned.checkServerTrusted(new X509Certificate[] {broker, fleet.ca()}, "EC"))
                .doesNotThrowAnyException();
    }

    @Test
    void refusesAnotherCertificateEvenFromTheSameCa() {
        X509Certificate other = fleet.issue("127.0.0.1").certificate();
        assertThatThrownBy(() -> pinned.checkServerTrusted(new X509Certificate[] {other, fleet.ca()}, "EC"))
                .isInstanceOf(CertificateException.class).hasMessageContaining("another certificate");
        assertThatThrownBy(() -> pinned.checkServerTrusted(new X509Certificate[] {fleet.ca(), broker}, "EC"))
                .isInstanceOf(CertificateException.class);
    }

    @Test
    void refusesAnEmptyChainAndEveryClient() {
        assertThatThrownBy(() -> pinned.checkServerTrusted(new X509Certificate[0], "EC"))
                .isInstanceOf(CertificateException.class).hasMessageContaining("no certificate");
        assertThatThrownBy(() -> pinned.checkClientTrusted(new X509Certificate[] {broker}, "EC"))
                .isInstanceOf(CertificateException.class);
    }
}
