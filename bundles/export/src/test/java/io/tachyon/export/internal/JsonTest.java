package io.tachyon.export.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JsonTest {

    @Test
    void writesNanosecondsAsExactDecimalsWithoutTrailingZeros() {
        assertThat(Json.decimal(1_234_567, 3)).isEqualTo("1234.567");
        assertThat(Json.decimal(250_000, 6)).isEqualTo("0.25");
        assertThat(Json.decimal(3_000, 3)).isEqualTo("3");
        assertThat(Json.decimal(1, 6)).isEqualTo("0.000001");
        assertThat(Json.decimal(-1, 3)).isEqualTo("-0.001");
        assertThat(Json.decimal(-1_500, 3)).isEqualTo("-1.5");
        assertThat(Json.decimal(1_767_225_600_000_000_000L, 6)).isEqualTo("1767225600000");
    }
}
