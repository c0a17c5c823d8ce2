package org.vibevoice.lm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** The vectorised attention loops against plain scalar loops, on odd sizes, offsets and tails. */
class AttentionKernelsTest {
    private static final int T = AttentionKernels.TILE;
    private static final int H = AttentionKernels.HEADS;
    private final SplittableRandom rnd = new SplittableRandom(3);

    private float[] random(int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rnd.nextGaussian();
        }
        return a;
    }

    @Test
    void dotMatchesAScalarLoop() {
        for (int n = 0; n <= 150; n += 1 + n / 8) {
            int ao = rnd.nextInt(7);
            int bo = rnd.nextInt(7);
            float[] a = random(ao + n + 3);
            float[] b = random(bo + n + 5);
            double want = 0;
            for (int i = 0; i < n; i++) {
                want += (double) a[ao + i] * b[bo + i];
            }
            assertThat((double) AttentionKernels.dot(a, ao, b, bo, n)).isCloseTo(want, Offset.offset(1e-5 * (1 + n)));
        }
    }

    @Test
    void scoreTileMatchesAScalarLoop() {
        for (int d : new int[] {1, 7, 24, 128}) {
            int ktOff = rnd.nextInt(3) * T;
            float[] kt = random(ktOff + d * T);
            int qOff = rnd.nextInt(5);
            float[] q = random(qOff + H * d);
            int stride = T + 3;
            float[] s = new float[H * stride + 1];
            float scale = 0.3f;
            AttentionKernels.scoreTile(kt, ktOff, q, qOff, d, scale, s, 1, 1 + stride, 1 + 2 * stride);
            for (int h = 0; h < H; h++) {
                for (int t = 0; t < T; t++) {
                    double want = 0;
                    for (int i = 0; i < d; i++) {
                        want += (double) q[qOff + h * d + i] * kt[ktOff + i * T + t];
                    }
                    assertThat((double) s[1 + h * stride + t]).as("d=%d h=%d t=%d", d, h, t)
                            .isCloseTo(want * scale, Offset.offset(1e-5 * (1 + d)));
                }
            }
        }
    }

    @Test
    void valueTileMatchesAScalarLoop() {
        for (int n : new int[] {0, 1, 5, 37, KvCache.BLOCK}) {
            int d = T + 8;
            int vOff = rnd.nextInt(4);
            float[] v = random(vOff + n * T + T);
            float[] p = random(3 * n + 4);
            float[] out = random(H * d + 2);
            float[] want = out.clone();
            int[] pOff = {1, 1 + n, 2 + 2 * n};
            int[] oOff = {0, d, 2 * d};
            for (int h = 0; h < H; h++) {
                for (int c = 0; c < T; c++) {
                    double acc = want[oOff[h] + c];
                    for (int t = 0; t < n; t++) {
                        acc += (double) p[pOff[h] + t] * v[vOff + t * T + c];
                    }
                    want[oOff[h] + c] = (float) acc;
                }
            }
            AttentionKernels.valueTile(v, vOff, n, p, pOff[0], pOff[1], pOff[2], out, oOff[0], oOff[1], oOff[2]);
            for (int i = 0; i < out.length; i++) {
                assertThat((double) out[i]).as("n=%d i=%d", n, i).isCloseTo(want[i], Offset.offset(1e-5 * (1 + n)));
            }
        }
    }
}
