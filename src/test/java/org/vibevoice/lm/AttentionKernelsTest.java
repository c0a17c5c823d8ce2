package org.vibevoice.lm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** The vectorised attention loops against plain scalar loops, on odd sizes, offsets and tails. */
class AttentionKernelsTest {
    private static final int T = AttentionKernels.TILE;
    private final SplittableRandom rnd = new SplittableRandom(3);

    private float[] random(int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rnd.nextGaussian();
        }
        return a;
    }

    @Test
    void scoreTilesMatchAScalarLoop() {
        for (int heads : new int[] {3, 6}) {
            for (int d : new int[] {1, 7, 24, 128}) {
                int ktOff = rnd.nextInt(3) * T;
                float[] kt = random(ktOff + d * T);
                int qOff = rnd.nextInt(5);
                float[] q = random(qOff + heads * d);
                int stride = T + 3;
                float[] s = new float[heads * stride + 1];
                float scale = 0.3f;
                if (heads == 3) {
                    AttentionKernels.scoreTile3(kt, ktOff, q, qOff, d, scale, s, 1, stride);
                } else {
                    AttentionKernels.scoreTile6(kt, ktOff, q, qOff, d, scale, s, 1, stride);
                }
                for (int h = 0; h < heads; h++) {
                    for (int t = 0; t < T; t++) {
                        double want = 0;
                        for (int i = 0; i < d; i++) {
                            want += (double) q[qOff + h * d + i] * kt[ktOff + i * T + t];
                        }
                        assertThat((double) s[1 + h * stride + t]).as("heads=%d d=%d h=%d t=%d", heads, d, h, t)
                                .isCloseTo(want * scale, Offset.offset(1e-5 * (1 + d)));
                    }
                }
            }
        }
    }

    @Test
    void valueTilesMatchAScalarLoop() {
        for (int heads : new int[] {3, 6}) {
            for (int n : new int[] {0, 1, 5, 37, KvCache.BLOCK}) {
                int d = T + 8;
                int vOff = rnd.nextInt(4);
                float[] v = random(vOff + n * T + T);
                int pStride = n + 3;
                float[] p = random(1 + heads * pStride);
                int oOff = rnd.nextInt(3);
                float[] out = random(oOff + heads * d + 2);
                float[] want = out.clone();
                for (int h = 0; h < heads; h++) {
                    for (int c = 0; c < T; c++) {
                        double acc = want[oOff + h * d + c];
                        for (int t = 0; t < n; t++) {
                            acc += (double) p[1 + h * pStride + t] * v[vOff + t * T + c];
                        }
                        want[oOff + h * d + c] = (float) acc;
                    }
                }
                if (heads == 3) {
                    AttentionKernels.valueTile3(v, vOff, n, p, 1, pStride, out, oOff, d);
                } else {
                    AttentionKernels.valueTile6(v, vOff, n, p, 1, pStride, out, oOff, d);
                }
                for (int i = 0; i < out.length; i++) {
                    assertThat((double) out[i]).as("heads=%d n=%d i=%d", heads, n, i)
                            .isCloseTo(want[i], Offset.offset(1e-5 * (1 + n)));
                }
            }
        }
    }

    @Test
    void groupsArePaddedToSixesAndThrees() {
        int[][] cases = {{1, 3}, {2, 3}, {3, 3}, {4, 6}, {5, 6}, {6, 6}, {7, 9}, {9, 9}, {10, 12}, {12, 12}, {14, 15}};
        for (int[] c : cases) {
            assertThat(AttentionKernels.paddedGroup(c[0])).as("group %d", c[0]).isEqualTo(c[1]);
        }
    }
}
