package io.bulwark.protocol.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdentityRulesTest {

    @ParameterizedTest
    @ValueSource(strings = {"d", "sensor-1", "A.b:c+d%e_f#g*h?i!j(k)l,m=n@o;p$q'r"})
    void acceptsAzuresCharacterSet(String id) {
        assertThat(IdentityRules.isValidId(id)).isTrue();
        assertThat(new DeviceId(id).value()).isEqualTo(id);
    }

    @Test
    void acceptsExactly128Characters() {
        assertThat(IdentityRules.isValidId("x".repeat(128))).isTrue();
        assertThat(IdentityRules.isValidId("x".repeat(129))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/b", "a b", "tab\t", "nul\u0000", "é", "a\"b", "a<b", "a\\b", "a&b", "a[b"})
    void refusesEverythingElse(String id) { // S-AUTH-5: '/', NUL, non-ASCII
        assertThat(IdentityRules.isValidId(id)).isFalse();
        assertThatThrownBy(() -> new ModuleId(id)).isInstanceOf(InvalidIdentityException.class);
    }

    @Test
    void errorMessagesNeitherEchoLongInputNorControlCharacters() {
        String hostile = "\u0007bell" + "y".repeat(500);
        assertThatThrownBy(() -> new DeviceId(hostile))
                .hasMessageContaining("\\u0007")
                .hasMessageNotContaining("y".repeat(100));
        assertThatThrownBy(() -> new DeviceId(null)).hasMessageContaining("missing");
    }
}
