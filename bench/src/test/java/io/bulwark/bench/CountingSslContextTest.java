package io.bulwark.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyManagementException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;

class CountingSslContextTest {

    @Test
    void countsEveryEngineItMakesOnePerConnection() throws Exception {
        SSLContext plain = SSLContext.getInstance("TLSv1.3");
        plain.init(null, null, null);
        CountingSslContext counting = CountingSslContext.around(plain);
        assertThat(counting.engines()).isZero();

        SSLEngine engine = counting.createSSLEngine("127.0.0.1", 443);
        counting.createSSLEngine();
        assertThat(counting.engines()).isEqualTo(2);
        // The wrapped context's settings are the ones in force.
        assertThat(engine.getPeerHost()).isEqualTo("127.0.0.1");
        assertThat(counting.getProtocol()).isEqualTo("TLSv1.3");
        assertThat(counting.getDefaultSSLParameters().getProtocols())
                .containsExactly(plain.getDefaultSSLParameters().getProtocols());
        assertThat(counting.engines()).isEqualTo(2);
    }

    @Test
    void keepsTheWrappedContextsTrustAndRefusesANewInit() throws Exception {
        SSLContext plain = SSLContext.getInstance("TLSv1.3");
        plain.init(null, null, null);
        CountingSslContext counting = CountingSslContext.around(plain);
        assertThatThrownBy(() -> counting.init(null, null, null)).isInstanceOf(KeyManagementException.class);
    }
}
