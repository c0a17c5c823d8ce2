package org.vibevoice.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The vectorised window kernels against their scalar twins ({@link ScalarConv}) on random shapes. */
class ConvKernelsTest {
    private static final Arena ARENA = Arena.ofShared();
    private final WindowRunner runner = new WindowRunner();

    @AfterAll
    static void close() {
        ARENA.close();
    }

    enum Precision {
        F32(DType.F32), F16(DType.F16), BF16(DType.BF16);

        final DType dtype;

        Precision(DType dtype) {
            this.dtype = dtype;
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void packedLinearMatchesScalarOnOddShapes(Precision p) {
        Random rnd = new Random(1 + p.ordinal());
        int[][] shapes = {{1, 1, 1}, {3, 7, 5}, {15, 33, 2}, {16, 5, 9}, {17, 64, 4}, {64, 19, 7}, {65, 3, 13},
                {130, 70, 6}, {200, 129, 3}, {257, 40, 11},
                // panel groups for few windows, with K blocks (K > 256) and a tail panel
                {256, 33, 1}, {300, 70, 2}, {520, 600, 8}, {1024, 257, 5}};
        for (int[] s : shapes) {
            int n = s[0];
            int k = s[1];
            int rows = s[2];
            float[][] w = randomMatrix(rnd, n, k, p.dtype);
            float[] b = randomVector(rnd, n);
            // windows overlap and start at odd offsets, as conv windows do
            int stride = 1 + rnd.nextInt(k);
            float[] x = new float[3 + rows * stride + k];
            fill(rnd, x);
            int[] xOff = new int[rows];
            float[][] xr = new float[rows][k];
            for (int r = 0; r < rows; r++) {
                xOff[r] = 3 + r * stride;
                System.arraycopy(x, xOff[r], xr[r], 0, k);
            }
            int ldy = n + 5;
            float[] y = new float[rows * ldy + 2];
            int[] yOff = new int[rows];
            for (int r = 0; r < rows; r++) {
                yOff[r] = 2 + (rows - 1 - r) * ldy; // rows written in reverse order
            }
            PackedLinear lin = PackedLinear.pack(n, k, p.dtype, (j, row) -> System.arraycopy(w[j], 0, row, 0, k), b, ARENA);
            runner.multiply(lin, x, xOff, rows, y, yOff, null);
            float[][] want = ScalarConv.linear(xr, w, b);
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < n; j++) {
                    assertClose(y[yOff[r] + j], want[r][j], bound(w[j], xr[r], b[j]), "n=" + n + " k=" + k + " r=" + r + " j=" + j);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void convMatchesScalarForStridesDilationsGroups(Precision p) {
        Random rnd = new Random(10 + p.ordinal());
        // cin, cout, k, stride, dilation, groups, length
        int[][] cases = {{1, 32, 7, 1, 1, 1, 23}, {3, 5, 4, 2, 1, 1, 17}, {8, 20, 10, 5, 1, 1, 41}, {6, 6, 7, 1, 1, 6, 19},
                {17, 17, 7, 1, 2, 17, 30}, {12, 18, 3, 2, 3, 3, 29}, {4, 70, 5, 1, 1, 1, 9}, {33, 2, 7, 1, 1, 1, 15},
                {20, 20, 3, 3, 1, 20, 16}, {9, 66, 16, 8, 1, 1, 40}};
        for (int[] c : cases) {
            int cin = c[0];
            int cout = c[1];
            int k = c[2];
            int stride = c[3];
            int dil = c[4];
            int groups = c[5];
            int len = c[6];
            float[][][] w = randomKernel(rnd, cout, cin / groups, k, p.dtype);
            float[] b = randomVector(rnd, cout);
            float[][] xs = randomMatrix(rnd, cin, len, DType.F32);
            Conv1d conv = Conv1d.of(weightTensor("w", w), b, stride, dil, groups, p.dtype, ARENA);
            int ctx = conv.context();
            int outLen = (len + stride - 1) / stride;
            int padRight = outLen * stride - len;
            // time-major buffer: ctx zero rows (causal history), the input, zero right padding
            float[] x = new float[(ctx + len + padRight) * cin];
            for (int t = 0; t < len; t++) {
                for (int ci = 0; ci < cin; ci++) {
                    x[(ctx + t) * cin + ci] = xs[ci][t];
                }
            }
            int[] xOff = new int[outLen];
            int[] yOff = new int[outLen];
            for (int t = 0; t < outLen; t++) {
                xOff[t] = t * stride * cin;
                yOff[t] = t * cout;
            }
            float[] y = new float[outLen * cout];
            conv.forward(runner, x, xOff, outLen, y, yOff);
            float[][] want = ScalarConv.conv1d(xs, w, b, stride, dil, groups, ctx, padRight);
            assertThat(want[0].length).isEqualTo(outLen);
            for (int t = 0; t < outLen; t++) {
                for (int o = 0; o < cout; o++) {
                    assertClose(y[t * cout + o], want[o][t], 1e-5 * (1 + cin * k), "conv " + java.util.Arrays.toString(c) + " t=" + t + " o=" + o);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void transposedConvMatchesScalarTrimmedOnTheRight(Precision p) {
        Random rnd = new Random(20 + p.ordinal());
        // cin, cout, k, stride, length
        int[][] cases = {{4, 3, 4, 2, 5}, {16, 8, 16, 8, 3}, {5, 24, 10, 5, 7}, {3, 2, 3, 2, 6}, {7, 40, 8, 4, 4}, {2, 1, 5, 5, 9}};
        for (int[] c : cases) {
            int cin = c[0];
            int cout = c[1];
            int k = c[2];
            int r = c[3];
            int len = c[4];
            float[][][] w = randomKernel(rnd, cin, cout, k, p.dtype);
            float[] b = randomVector(rnd, cout);
            float[][] xs = randomMatrix(rnd, cin, len, DType.F32);
            ConvTranspose1d tr = ConvTranspose1d.of(weightTensor("wt", w), b, r, p.dtype, ARENA);
            int ctx = tr.context();
            float[] x = new float[(ctx + len) * cin];
            for (int t = 0; t < len; t++) {
                for (int ci = 0; ci < cin; ci++) {
                    x[(ctx + t) * cin + ci] = xs[ci][t];
                }
            }
            int[] xOff = new int[len];
            int[] yOff = new int[len];
            for (int t = 0; t < len; t++) {
                xOff[t] = t * cin;
                yOff[t] = t * r * cout;
            }
            float[] y = new float[len * r * cout];
            tr.forward(runner, x, xOff, len, y, yOff);
            float[][] want = ScalarConv.convTranspose1d(xs, w, b, r);
            for (int t = 0; t < len * r; t++) {
                for (int o = 0; o < cout; o++) {
                    assertClose(y[t * cout + o], want[o][t], 1e-5 * (1 + cin * k), "convtr " + java.util.Arrays.toString(c) + " t=" + t + " o=" + o);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 5, 16, 17, 100, 1003})
    void geluMatchesTheErfReference(int n) {
        Random rnd = new Random(n);
        float[] y = new float[n + 3];
        float[] want = new float[n + 3];
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) (rnd.nextGaussian() * 4);
            want[i] = i >= 3 ? Ops.gelu(y[i]) : y[i];
        }
        float[] in = y.clone();
        Gelu.inPlace(y, 3, n);
        for (int i = 0; i < y.length; i++) {
            assertClose(y[i], want[i], 3e-7 * Math.max(1, Math.abs(in[i])), "gelu at " + i);
        }
    }

    @Test
    void geluIsAccurateOverTheWholeRange() {
        double worst = 0;
        for (float x = -12f; x <= 12f; x += 1e-3f) {
            worst = Math.max(worst, Math.abs(Gelu.gelu(x) - Ops.gelu(x)) / Math.max(1, Math.abs(x)));
        }
        assertThat(worst).isLessThan(3e-7);
    }

    static float[][] randomMatrix(Random rnd, int n, int k, DType dtype) {
        float[][] w = new float[n][k];
        for (float[] row : w) {
            for (int q = 0; q < k; q++) {
                row[q] = Half.roundTo(dtype, (float) rnd.nextGaussian());
            }
        }
        return w;
    }

    static float[][][] randomKernel(Random rnd, int a, int b, int k, DType dtype) {
        float[][][] w = new float[a][][];
        for (int i = 0; i < a; i++) {
            w[i] = randomMatrix(rnd, b, k, dtype);
        }
        return w;
    }

    static float[] randomVector(Random rnd, int n) {
        float[] v = new float[n];
        fill(rnd, v);
        return v;
    }

    static void fill(Random rnd, float[] v) {
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
    }

    static Tensor weightTensor(String name, float[][][] w) {
        int a = w.length;
        int b = w[0].length;
        int c = w[0][0].length;
        float[] flat = new float[a * b * c];
        for (int i = 0; i < a; i++) {
            for (int j = 0; j < b; j++) {
                System.arraycopy(w[i][j], 0, flat, (i * b + j) * c, c);
            }
        }
        return Tensor.ofFloats(name, flat, ARENA, a, b, c);
    }

    private static double bound(float[] w, float[] x, float b) {
        double s = Math.abs(b);
        for (int q = 0; q < w.length; q++) {
            s += Math.abs(w[q] * x[q]);
        }
        return 1e-6 * s + 1e-6;
    }

    private static void assertClose(float got, float want, double tol, String what) {
        if (!(Math.abs(got - want) <= tol)) {
            throw new AssertionError(what + ": got " + got + ", want " + want + " (tol " + tol + ")");
        }
    }
}
