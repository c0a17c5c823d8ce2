package org.vibevoice.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import org.junit.jupiter.api.Test;

/** Erf/erfc against references computed to ≥ 30 digits (Taylor series) or from an exact continued fraction. */
class ErfTest {
    private static final MathContext MC = new MathContext(60);
    private static final BigDecimal SQRT_PI = new BigDecimal("1.7724538509055160272981674833411451827975494561223871282138");

    /** erf(x) = 2/√π Σ (−1)ⁿ x^(2n+1) / (n!(2n+1)), summed in 60-digit decimals (terms peak near 10³ at x = 3). */
    static double erfSeries(double x) {
        return erfSeriesExact(x).doubleValue();
    }

    static BigDecimal erfSeriesExact(double x) {
        BigDecimal bx = new BigDecimal(x);
        BigDecimal x2 = bx.multiply(bx, MC);
        BigDecimal power = bx;
        BigDecimal factorial = BigDecimal.ONE;
        BigDecimal sum = BigDecimal.ZERO;
        for (int n = 0; n < 400; n++) {
            if (n > 0) {
                factorial = factorial.multiply(BigDecimal.valueOf(n));
                power = power.multiply(x2, MC).negate();
            }
            BigDecimal term = power.divide(factorial.multiply(BigDecimal.valueOf(2L * n + 1)), MC);
            sum = sum.add(term, MC);
            if (n > 10 && term.abs().compareTo(new BigDecimal("1e-45")) < 0) {
                break;
            }
        }
        return sum.multiply(BigDecimal.valueOf(2), MC).divide(SQRT_PI, MC);
    }

    /**
     * erfc(x) for x ≥ 2 from its continued fraction e^(−x²)/√π · 1/(x + ½/(x + 1/(x + 3/2/(x + …)))),
     * evaluated backwards in 60-digit decimals; x is a multiple of 2⁻⁸, so x² is exact in double and
     * Math.exp (≤ 1 ulp) is the only rounding that matters.
     */
    static double erfcContinuedFraction(double x) {
        BigDecimal bx = new BigDecimal(x);
        BigDecimal f = bx;
        for (int k = 1500; k >= 1; k--) {
            f = bx.add(new BigDecimal(k).divide(BigDecimal.valueOf(2), MC).divide(f, MC), MC);
        }
        BigDecimal cf = BigDecimal.ONE.divide(f, MC).divide(SQRT_PI, MC);
        return cf.doubleValue() * Math.exp(-x * x);
    }

    private static double relError(double got, double want) {
        return want == 0 ? Math.abs(got) : Math.abs(got - want) / Math.abs(want);
    }

    @Test
    void erfMatchesTheTaylorSeries() {
        double worst = 0;
        for (int k = -6 * 256; k <= 6 * 256; k += 3) {
            double x = k / 256.0;
            if (Math.abs(x) > 3.5) {
                continue;
            }
            worst = Math.max(worst, relError(Erf.erf(x), erfSeries(x)));
        }
        for (double x : new double[] {1e-300, 1e-20, 1e-8, 0.1234567, 0.4999999, 0.5, 0.5000001, 2.99, -1e-10}) {
            worst = Math.max(worst, relError(Erf.erf(x), erfSeries(x)));
        }
        assertThat(worst).as("max relative error of erf").isLessThan(2e-16 * 8);
        assertThat(Erf.erf(0.0)).isZero();
        assertThat(Erf.erf(40)).isEqualTo(1.0);
        assertThat(Erf.erf(-40)).isEqualTo(-1.0);
    }

    @Test
    void erfcKeepsRelativePrecisionInTheTail() {
        double worst = 0;
        for (int k = 2 * 256; k <= 26 * 256; k += 61) {
            double x = k / 256.0;
            worst = Math.max(worst, relError(Erf.erfc(x), erfcContinuedFraction(x)));
        }
        assertThat(worst).as("max relative error of erfc on [2, 26]").isLessThan(2e-16 * 16);
        // moderate arguments: 1 − erf from the series, where there is no cancellation problem
        for (int k = -2 * 256; k < 2 * 256; k += 5) {
            double x = k / 256.0;
            assertThat(relError(Erf.erfc(x), BigDecimal.ONE.subtract(erfSeriesExact(x)).doubleValue())).as("erfc(%s)", x).isLessThan(2e-16 * 8);
        }
        assertThat(Erf.erfc(-30)).isEqualTo(2.0);
        assertThat(Erf.erfc(30)).isZero();
    }
}
