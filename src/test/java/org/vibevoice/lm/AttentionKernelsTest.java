package org.vibevoice.lm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The vectorised attention loops against plain scalar loops, on odd lengths and offsets. */
class AttentionKernelsTest {
    private static float scalarDot(float[] a, int ao, float[] b, int bo, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += (double) a[ao + i] * b[bo + i];
        }
        return (float) s;
    }

    @Test
    void dotAndAxpyMatchScalarLoops() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int n = 0; n <= 150; n += 1 + n / 8) {
            int ao = rnd.nextInt(7);
            int bo = rnd.nextInt(7);
            float[] a = new float[ao + n + 3];
            float[] b = new float[bo + n + 5];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) rnd.nextGaussian();
            }
            for (int i = 0; i < b.length; i++) {
                b[i] = (float) rnd.nextGaussian();
            }
            assertThat((double) AttentionKernels.dot(a, ao, b, bo, n))
                    .isCloseTo(scalarDot(a, ao, b, bo, n), org.assertj.core.data.Offset.offset(1e-5 * (1 + n)));

            float alpha = (float) rnd.nextGaussian();
            float[] want = b.clone();
            for (int i = 0; i < n; i++) {
                want[bo + i] = (float) (want[bo + i] + (double) alpha * a[ao + i]);
            }
            AttentionKernels.axpy(alpha, a, ao, b, bo, n);
            for (int i = 0; i < b.length; i++) {
                assertThat((double) b[i]).as("n=%d i=%d", n, i).isCloseTo(want[i], org.assertj.core.data.Offset.offset(1e-6));
            }
        }
    }
}
