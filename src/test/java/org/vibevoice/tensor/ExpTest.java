package org.vibevoice.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import jdk.incubator.vector.FloatVector;
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

    @Test
    void theVectorKernelHasTheScalarBits() {
        if (!Simd.ENABLED) {
            return;
        }
        Random rnd = new Random(4);
        float[] x = new float[Simd.LANES * 4096];
        for (int i = 0; i < x.length; i++) {
            x[i] = (rnd.nextFloat() - 0.5f) * 200f;
        }
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i += Simd.LANES) {
            Exp.exp(FloatVector.fromArray(Simd.F, x, i)).intoArray(y, i);
        }
        for (int i = 0; i < x.length; i++) {
            assertThat(y[i]).as("exp(%s)", x[i]).isEqualTo(Exp.exp(x[i]));
        }
    }
}
