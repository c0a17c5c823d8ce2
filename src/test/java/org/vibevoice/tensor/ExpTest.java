package org.vibevoice.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ExpTest {
    @Test
    void isWithinTwoUlpOfExpAcrossItsRange() {
        Random rnd = new Random(3);
        for (int i = 0; i < 200_000; i++) {
            float x = -86.64f + rnd.nextFloat() * (88.72f + 86.64f);
            float want = (float) Math.exp(x);
            assertThat(Exp.exp(x)).as("exp(%s)", x).isCloseTo(want, org.assertj.core.data.Offset.offset(2 * Math.ulp(want)));
        }
    }

    @Test
    void saturatesOutsideTheRange() {
        assertThat(Exp.exp(-1000f)).isZero();
        assertThat(Exp.exp(Float.NEGATIVE_INFINITY)).isZero();
        assertThat(Exp.exp(1000f)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(Exp.exp(88.72f)).isFinite();
        assertThat(Exp.exp(0f)).isEqualTo(1f);
    }

    /** The array kernel (vector body and scalar tail) gives exp's scalar bits, and their sum. */
    @Test
    void theArrayKernelHasTheScalarBits() {
        Random rnd = new Random(4);
        for (int n : new int[] {0, 1, 15, 16, 17, 1000, 4099}) {
            float[] x = new float[n + 2];
            for (int i = 0; i < x.length; i++) {
                x[i] = (rnd.nextFloat() - 0.5f) * 200f;
            }
            float[] y = new float[n + 1];
            float sum = Exp.exp(x, 2, -1f, 0.5f, y, 1, n);
            double total = 0;
            for (int i = 0; i < n; i++) {
                assertThat(y[1 + i]).as("exp(%s)", -x[2 + i] - 0.5f).isEqualTo(Exp.exp(-x[2 + i] - 0.5f));
                total += y[1 + i];
            }
            assertThat((double) sum).isCloseTo(total, org.assertj.core.data.Percentage.withPercentage(1e-4));
        }
    }
}
