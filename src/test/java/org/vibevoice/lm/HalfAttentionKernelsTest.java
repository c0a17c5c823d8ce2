package org.vibevoice.lm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * The f16-cache attention loops against plain scalar loops over the decoded halves: exact decoding
 * (normal, subnormal, negative, zero and the largest halves), the 2⁵⁶/2¹¹² scalings undone, odd
 * head_dim, offsets and page tails.
 */
class HalfAttentionKernelsTest {
    private static final int T = AttentionKernels.TILE;
    private static final int L = T / 2;
    private final SplittableRandom rnd = new SplittableRandom(5);

    /** A random half: mostly O(1), some subnormal, some near ±65504, some zero. */
    private short randomHalf() {
        double u = rnd.nextDouble();
        float x;
        if (u < 0.05) {
            x = (float) ((rnd.nextDouble() * 2 - 1) * 6e-5); // subnormal range
        } else if (u < 0.08) {
            x = (float) ((rnd.nextDouble() * 2 - 1) * 65504);
        } else if (u < 0.1) {
            x = 0;
        } else {
            x = (float) rnd.nextGaussian();
        }
        return Float.floatToFloat16(x);
    }

    /** Rows of w halves packed as the cache packs them, and their decoded values. */
    private record Packed(int[] ints, float[] values) {
    }

    private Packed rows(int off, int rows, int w) {
        int[] ints = new int[off + rows * w / 2 + 3];
        float[] values = new float[rows * w];
        for (int r = 0; r < rows; r++) {
            for (int e = 0; e < w; e++) {
                short h = randomHalf();
                values[r * w + e] = Float.float16ToFloat(h);
                int i = off + r * w / 2 + e % (w / 2);
                ints[i] = e < w / 2 ? (ints[i] & 0xFFFF0000) | (h & 0xFFFF) : (ints[i] & 0xFFFF) | ((h & 0xFFFF) << 16);
            }
        }
        return new Packed(ints, values);
    }

    private float[] gaussian(int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (rnd.nextGaussian() * scale);
        }
        return a;
    }

    @Test
    void packedHalvesDecodeExactly() {
        Packed p = rows(1, 3, 12);
        for (int r = 0; r < 3; r++) {
            for (int e = 0; e < 12; e++) {
                assertThat(KvCache.getHalf(p.ints(), 1 + r * 6, e, 12)).isEqualTo(p.values()[r * 12 + e]);
            }
        }
    }

    @Test
    void scoreTilesMatchAScalarLoop() {
        for (int heads : new int[] {3, 6}) {
            for (int d : new int[] {1, 7, 24, 128}) {
                scoreTileMatchesAScalarLoop(heads, d);
            }
        }
    }

    private void scoreTileMatchesAScalarLoop(int heads, int d) {
        int ktOff = rnd.nextInt(3) * L;
        Packed kt = rows(ktOff, d, T);
        int qOff = rnd.nextInt(5);
        float[] q = gaussian(qOff + heads * d, 1e-3);
        float[] qs = q.clone();
        for (int i = 0; i < qs.length; i++) {
            qs[i] *= HalfAttentionKernels.Q_SCALE;
        }
        int stride = T + 3;
        float[] s = new float[heads * stride + 1];
        float scale = 0.3f;
        if (heads == 3) {
            HalfAttentionKernels.scoreTile3(kt.ints(), ktOff, qs, qOff, d, scale, s, 1, stride);
        } else {
            HalfAttentionKernels.scoreTile6(kt.ints(), ktOff, qs, qOff, d, scale, s, 1, stride);
        }
        for (int h = 0; h < heads; h++) {
            for (int t = 0; t < T; t++) {
                double want = 0;
                double mag = 0;
                for (int i = 0; i < d; i++) {
                    double term = (double) q[qOff + h * d + i] * kt.values()[i * T + t];
                    want += term;
                    mag += Math.abs(term);
                }
                assertThat((double) s[1 + h * stride + t]).as("heads=%d d=%d h=%d t=%d", heads, d, h, t)
                        .isCloseTo(want * scale, Offset.offset(1e-6 * mag * scale + 1e-30));
            }
        }
    }

    @Test
    void valueTilesMatchAScalarLoop() {
        for (int heads : new int[] {3, 6}) {
            for (int n : new int[] {0, 1, 5, 37, KvCache.BLOCK}) {
                int d = T + 8;
                int vOff = rnd.nextInt(4);
                Packed v = rows(vOff, n + 1, T);
                int pStride = n + 3;
                float[] p = new float[1 + heads * pStride];
                for (int i = 0; i < p.length; i++) {
                    p[i] = (float) rnd.nextDouble();
                }
                float[] ps = p.clone();
                for (int i = 0; i < ps.length; i++) {
                    ps[i] *= HalfAttentionKernels.P_SCALE;
                }
                int oOff = rnd.nextInt(3);
                float[] out = gaussian(oOff + heads * d + 2, 1);
                float[] want = out.clone();
                double[] mag = new double[want.length];
                for (int h = 0; h < heads; h++) {
                    for (int c = 0; c < T; c++) {
                        double acc = want[oOff + h * d + c];
                        for (int t = 0; t < n; t++) {
                            double term = (double) p[1 + h * pStride + t] * v.values()[t * T + c];
                            acc += term;
                            mag[oOff + h * d + c] += Math.abs(term);
                        }
                        want[oOff + h * d + c] = (float) acc;
                    }
                }
                if (heads == 3) {
                    HalfAttentionKernels.valueTile3(v.ints(), vOff, n, ps, 1, pStride, out, oOff, d);
                } else {
                    HalfAttentionKernels.valueTile6(v.ints(), vOff, n, ps, 1, pStride, out, oOff, d);
                }
                for (int i = 0; i < out.length; i++) {
                    assertThat((double) out[i]).as("heads=%d n=%d i=%d", heads, n, i)
                            .isCloseTo(want[i], Offset.offset(1e-6 * (mag[i] + Math.abs(want[i])) + 1e-30));
                }
            }
        }
    }
}
