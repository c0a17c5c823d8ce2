package org.vibevoice.random;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The float32 polynomials against double-precision functions over their whole domain in the batched
 * sampler (bit-exactness against torch itself is what the torch_randn fixtures check).
 */
class CephesFloatTest {
    private static final float TWO_PI = (float) (2 * Math.PI);

    @Test
    void lnOfEveryArgumentTheSamplerCanPassIsWithinTwoUlps() {
        double worst = 0;
        for (int k = 1; k < 1 << 24; k++) {
            float x = k * 0x1.0p-24f; // 1 − a for every 24-bit uniform a but 0
            double want = Math.log(x);
            worst = Math.max(worst, Math.abs(CephesFloat.ln(x) - want) / Math.ulp((float) want));
        }
        assertThat(worst).isLessThanOrEqualTo(2.0);
        assertThat(CephesFloat.ln(1f)).isEqualTo(0f);
    }

    @Test
    void sinAndCosOfEveryAngleTheSamplerCanPassAreWithinTwoEpsilon() {
        double worst = 0;
        for (int k = 0; k < 1 << 24; k++) {
            float theta = TWO_PI * (k * 0x1.0p-24f);
            worst = Math.max(worst, Math.abs(CephesFloat.sin(theta) - Math.sin(theta)));
            worst = Math.max(worst, Math.abs(CephesFloat.cos(theta) - Math.cos(theta)));
        }
        assertThat(worst).isLessThan(2 * Math.ulp(1f));
        assertThat(CephesFloat.cos(0f)).isEqualTo(1f);
        assertThat(CephesFloat.sin(0f)).isEqualTo(0f);
    }
}
