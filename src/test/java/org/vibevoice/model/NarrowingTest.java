package org.vibevoice.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.vibevoice.tensor.DType;
import org.vibevoice.tensor.Tensor;

/** The range check: overflow, the 1 % loss / 0.1 % underflow rule, and conversion equal to plain rounding. */
class NarrowingTest {
    private static float[] gaussian(int n, double std, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (rnd.nextGaussian() * std);
        }
        return a;
    }

    @Test
    void realisticWeightsFitF16AndConvertExactlyAsRounding() {
        try (Arena a = Arena.ofShared()) {
            // more than one chunk of 65536, with a tail
            float[] w = gaussian(200_003, 0.02, 1);
            Tensor t = Tensor.ofFloats("w", w, a, w.length);
            MemorySegment out = a.allocate(w.length * 2L);
            Narrowing.Check c = Narrowing.convert(t, DType.F16, out);
            assertThat(c.fits()).isTrue();
            assertThat(c.overflow()).isZero();
            assertThat(c.nonZero()).isEqualTo(w.length);
            assertThat((double) c.underflow() / c.nonZero()).isLessThan(2e-4);
            assertThat(c.maxAbs()).isEqualTo(maxAbs(w));
            for (int i = 0; i < w.length; i++) {
                assertThat(out.getAtIndex(Tensor.I16, i)).isEqualTo(Float.floatToFloat16(w[i]));
            }
            assertThat(Narrowing.check(t, DType.F16)).isEqualTo(c);
        }
    }

    private static float maxAbs(float[] w) {
        float m = 0;
        for (float v : w) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    @Test
    void oneValueBeyondTheF16RangeIsAnOverflow() {
        try (Arena a = Arena.ofShared()) {
            float[] w = gaussian(1000, 1, 2);
            w[17] = 70000f;
            Narrowing.Check c = Narrowing.check(Tensor.ofFloats("w", w, a, w.length), DType.F16);
            assertThat(c.fits()).isFalse();
            assertThat(c.overflow()).isEqualTo(1);
            assertThat(c.reason()).contains("1 value(s) beyond the f16 range").contains("7.00e+04");
            assertThat(Narrowing.check(Tensor.ofFloats("w", w, a, w.length), DType.BF16).fits()).isTrue();
            w[17] = 65504f; // the largest half is no overflow
            assertThat(Narrowing.check(Tensor.ofFloats("w", w, a, w.length), DType.F16).fits()).isTrue();
        }
    }

    @Test
    void underflowCountsValuesLosingMoreThanOnePercentAndAllowsOnePerThousand() {
        try (Arena a = Arena.ofShared()) {
            float[] w = gaussian(10_000, 1, 3);
            for (int i = 0; i < 10; i++) {
                w[i * 7] = 1e-8f; // flushes to zero in f16
            }
            Narrowing.Check ok = Narrowing.check(Tensor.ofFloats("w", w, a, w.length), DType.F16);
            assertThat(ok.underflow()).isEqualTo(10);
            assertThat(ok.fits()).as("10 of 10000 = the 0.1 % limit").isTrue();
            w[1] = 2e-6f; // a subnormal half off by more than 1 %
            Narrowing.Check bad = Narrowing.check(Tensor.ofFloats("w", w, a, w.length), DType.F16);
            assertThat(bad.underflow()).isEqualTo(11);
            assertThat(bad.fits()).isFalse();
            assertThat(bad.reason()).contains("0.110% of its non-zero values lost to f16 underflow");
            w[1] = 1e-4f; // a normal half (within 2^-11): not lost
            assertThat(Narrowing.check(Tensor.ofFloats("w", w, a, w.length), DType.F16).underflow()).isEqualTo(10);
        }
    }

    @Test
    void layerScalesAroundOneMillionthDoNotFitF16ButFitBf16() {
        try (Arena a = Arena.ofShared()) {
            float[] g = new float[256];
            java.util.Arrays.fill(g, 1e-6f);
            Tensor t = Tensor.ofFloats("gamma", g, a, 256, 1);
            assertThat(Narrowing.check(t, DType.F16).fits()).isFalse();
            assertThat(Narrowing.check(t, DType.BF16).fits()).isTrue();
        }
    }

    @Test
    void zerosAndNonFiniteValuesAreNotCounted() {
        try (Arena a = Arena.ofShared()) {
            float[] w = {0, -0f, Float.NaN, Float.POSITIVE_INFINITY, 1};
            Narrowing.Check c = Narrowing.check(Tensor.ofFloats("w", w, a, w.length), DType.F16);
            assertThat(c.nonZero()).isEqualTo(1);
            assertThat(c.fits()).isTrue();
        }
    }
}
