package org.vibevoice.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Vectorised Ops against scalar twins on lengths around every vector width (tails), with offsets.
 * Tolerances are in ulps of the f32 result, each justified where it is used.
 */
class OpsTest {
    private static final int[] LENGTHS = {0, 1, 2, 3, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 128, 1536, 8963};

    private static float[] gaussian(Random rnd, int n, double scale) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (scale * rnd.nextGaussian());
        }
        return x;
    }

    private static double ulps(double got, double want) {
        return Math.abs(got - want) / Math.ulp((float) want);
    }

    @Test
    void rmsNormMatchesItsTwinWithinOneUlp() {
        Random rnd = new Random(1);
        for (int n : LENGTHS) {
            if (n == 0) {
                continue;
            }
            float[] x = gaussian(rnd, n + 3, 40);
            float[] w = gaussian(rnd, n, 1);
            for (float[] weight : new float[][] {w, null}) {
                float[] got = new float[n + 2];
                float[] want = new float[n + 2];
                Ops.rmsNorm(x, 3, weight, 1e-6f, got, 2, n);
                ScalarTwins.rmsNorm(x, 3, weight, 1e-6f, want, 2, n);
                // both sum exact squares in f64, only in another order: the f32 scale can differ by 1 ulp at most
                for (int i = 2; i < n + 2; i++) {
                    assertThat(ulps(got[i], want[i])).as("n=%d i=%d", n, i).isLessThanOrEqualTo(2.0);
                }
            }
        }
    }

    @Test
    void rmsNormSurvivesValuesWhoseSquaresOverflowF16() {
        float[] x = {60000, -70000, 3e4f, 1};
        float[] out = new float[4];
        Ops.rmsNorm(x, 0, null, 1e-6f, out, 0, 4);
        double rms = Math.sqrt((60000.0 * 60000 + 70000.0 * 70000 + 9e8 + 1) / 4);
        assertThat((double) out[1]).isCloseTo(-70000 / rms, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void softmaxMatchesF64WithinFourUlps() {
        Random rnd = new Random(2);
        for (int n : LENGTHS) {
            if (n == 0) {
                continue;
            }
            float[] x = gaussian(rnd, n + 1, 6);
            double[] want = ScalarTwins.softmax(x, 1, n);
            Ops.softmax(x, 1, n);
            double sum = 0;
            for (int i = 0; i < n; i++) {
                // exp within 1 ulp, the f32 sum relative error ≤ n·u but at lane-parallel depth ~n/16 + 4,
                // the reciprocal and the multiply half an ulp each
                double tol = 4 + (n / 16.0 + 4) * 0.5;
                assertThat(ulps(x[1 + i], want[i])).as("n=%d i=%d", n, i).isLessThanOrEqualTo(tol);
                sum += x[1 + i];
            }
            assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        }
    }

    @Test
    void softmaxOfMaskedEntriesIsExactlyZero() {
        float[] x = new float[37];
        java.util.Arrays.fill(x, Float.NEGATIVE_INFINITY);
        x[5] = 1;
        x[30] = 1;
        Ops.softmax(x, 0, 37);
        for (int i = 0; i < 37; i++) {
            assertThat(x[i]).isEqualTo(i == 5 || i == 30 ? 0.5f : 0f);
        }
    }

    @Test
    void siluAndSwiGluMatchF64WithinThreeUlps() {
        Random rnd = new Random(3);
        for (int n : LENGTHS) {
            float[] gate = gaussian(rnd, n, 5);
            float[] up = gaussian(rnd, n, 2);
            float[] s = gate.clone();
            float[] g = new float[n];
            Ops.silu(s, 0, n);
            Ops.siluMul(gate, 0, up, 0, g, 0, n);
            for (int i = 0; i < n; i++) {
                double want = ScalarTwins.silu(gate[i]);
                // exp ≤ 1 ulp, the add and divide ½ ulp each; the product adds ½ ulp
                assertThat(ulps(s[i], want)).as("silu(%s)", gate[i]).isLessThanOrEqualTo(2.5);
                assertThat(ulps(g[i], want * up[i])).as("silu(%s)*%s", gate[i], up[i]).isLessThanOrEqualTo(3.0);
                assertThat(Ops.silu(gate[i])).isCloseTo(s[i], org.assertj.core.data.Offset.offset(3 * Math.ulp(s[i])));
            }
        }
        float[] extremes = {-200, -90, -1e-30f, 0, 1e-30f, 90, 200};
        Ops.silu(extremes, 0, extremes.length);
        assertThat(extremes).containsExactly(-0f, -0f, -5e-31f, 0, 5e-31f, 90, 200);
    }

    /** gelu(x) = ½·x·erfc(−x/√2) with erfc from the 60-digit references of ErfTest. */
    static double geluReference(double x) {
        double z = -x / Math.sqrt(2);
        double erfc = z >= 2 ? ErfTest.erfcContinuedFraction(Math.round(z * 256) / 256.0)
                : BigDecimal.ONE.subtract(ErfTest.erfSeriesExact(z)).doubleValue();
        return 0.5 * x * erfc;
    }

    @Test
    void scalarGeluIsCorrectlyRoundedAlmostEverywhere() {
        // x on a grid where −x/√2 ≥ 2 is rounded to 2⁻⁸ by the reference: pick x with z exactly on it
        double worst = 0;
        for (int k = -3000; k <= 1000; k += 7) {
            double x = k / 256.0;
            if (-x / Math.sqrt(2) >= 2) {
                x = -Math.round(-x / Math.sqrt(2) * 256) / 256.0 * Math.sqrt(2);
            }
            float xf = (float) x;
            if (xf != x) {
                continue;
            }
            worst = Math.max(worst, ulps(Ops.gelu(xf), geluReference(xf)));
        }
        assertThat(worst).as("worst error of the scalar gelu in ulps").isLessThanOrEqualTo(0.51);
    }

    @Test
    void elementwiseOpsAreExact() {
        Random rnd = new Random(5);
        for (int n : LENGTHS) {
            float[] a = gaussian(rnd, n + 2, 3);
            float[] b = gaussian(rnd, n + 1, 3);
            float[] add = a.clone();
            float[] mul = a.clone();
            float[] scale = a.clone();
            float[] axpy = a.clone();
            Ops.add(add, 2, b, 1, n);
            Ops.mul(mul, 2, b, 1, n);
            Ops.scale(scale, 2, n, 0.37f);
            Ops.axpy(-1.7f, b, 1, axpy, 2, n);
            for (int i = 0; i < n; i++) {
                assertThat(add[2 + i]).isEqualTo(a[2 + i] + b[1 + i]);
                assertThat(mul[2 + i]).isEqualTo(a[2 + i] * b[1 + i]);
                assertThat(scale[2 + i]).isEqualTo(a[2 + i] * 0.37f);
                assertThat(axpy[2 + i]).isEqualTo(Math.fma(-1.7f, b[1 + i], a[2 + i]));
            }
            assertThat(add[0]).isEqualTo(a[0]);
            if (n > 0) {
                float max = Float.NEGATIVE_INFINITY;
                for (int i = 0; i < n; i++) {
                    max = Math.max(max, a[2 + i]);
                }
                assertThat(Ops.max(a, 2, n)).isEqualTo(max);
            }
        }
    }

    @Test
    void dotIsWithinTheSummationBound() {
        Random rnd = new Random(6);
        for (int n : LENGTHS) {
            float[] a = gaussian(rnd, n, 1);
            float[] b = gaussian(rnd, n + 4, 1);
            double want = 0;
            double mag = 0;
            for (int i = 0; i < n; i++) {
                want += (double) a[i] * b[4 + i];
                mag += Math.abs((double) a[i] * b[4 + i]);
            }
            // any order of n f32 fused multiply–adds: |error| ≤ n·u·Σ|a·b|
            assertThat((double) Ops.dot(a, 0, b, 4, n)).isCloseTo(want, org.assertj.core.data.Offset.offset((n + 1) * 0x1p-24 * mag + 1e-30));
        }
    }

    /** The scalar dot sums exactly as one vector FMA chain per lane and Simd.sum's tree would: same bits. */
    @Test
    void dotHasTheBitsOfTheVectorDot() {
        Random rnd = new Random(16);
        for (int n : LENGTHS) {
            float[] a = gaussian(rnd, n + 3, 1);
            float[] b = gaussian(rnd, n, 1);
            float want = 0;
            int i = 0;
            if (Simd.ENABLED) {
                jdk.incubator.vector.FloatVector acc = jdk.incubator.vector.FloatVector.zero(Simd.F);
                for (int bound = Simd.F.loopBound(n); i < bound; i += Simd.F.length()) {
                    acc = jdk.incubator.vector.FloatVector.fromArray(Simd.F, a, 3 + i)
                            .fma(jdk.incubator.vector.FloatVector.fromArray(Simd.F, b, i), acc);
                }
                want = Simd.sum(acc);
            }
            for (; i < n; i++) {
                want = Math.fma(a[3 + i], b[i], want);
            }
            assertThat(Ops.dot(a, 3, b, 0, n)).as("n = %d", n).isEqualTo(want);
        }
    }
}
