package io.bulwark.hub.security.posture;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Version comparison as baselines need it (S-MON-2): dotted numbers compare as numbers, not as text. */
class VersionNumberTest {

    @Test
    void comparesDottedNumbersNumerically() {
        assertThat(VersionNumber.compare("1.10", "1.9")).isPositive();
        assertThat(VersionNumber.compare("2.4.0", "2.10.0")).isNegative();
        assertThat(VersionNumber.compare("10", "9.99")).isPositive();
    }

    @Test
    void treatsLeadingAndTrailingZerosAsTheSameVersion() {
        assertThat(VersionNumber.compare("22.04", "22.4")).isZero();
        assertThat(VersionNumber.compare("2.0", "2")).isZero();
        assertThat(VersionNumber.compare("2.0.0", "2")).isZero();
        assertThat(VersionNumber.compare("v1.2", "1.2")).isZero();
    }

    @Test
    void ordersPreReleaseSuffixesAndTextParts() {
        assertThat(VersionNumber.compare("1.2.3-rc1", "1.2.3-rc2")).isNegative();
        assertThat(VersionNumber.compare("1.0.1", "1.0.beta")).isPositive();
        assertThat(VersionNumber.compare("6.1.0-18-amd64", "6.1.0-17-amd64")).isPositive();
    }

    @Test
    void comparesVersionsLongerThanALong() {
        assertThat(VersionNumber.compare("1.99999999999999999999999", "1.99999999999999999999998")).isPositive();
    }

    @Test
    void belowMeansStrictlyOlder() {
        assertThat(VersionNumber.isBelow("11", "12")).isTrue();
        assertThat(VersionNumber.isBelow("12", "12")).isFalse();
        assertThat(VersionNumber.isBelow("12.1", "12")).isFalse();
    }
}
