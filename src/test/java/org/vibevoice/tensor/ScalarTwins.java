package org.vibevoice.tensor;

import java.lang.foreign.MemorySegment;

/**
 * Plain scalar twins of every vectorised kernel, written independently of the main code (straight
 * loops, f64 where a reference should be exact), to check the kernels on random shapes and tails.
 */
final class ScalarTwins {
    private ScalarTwins() {
    }

    /** Weight (r, c) of a [rows][cols] matrix of the given dtype, decoded with the JDK's conversions. */
    static double weight(DType dtype, MemorySegment w, int cols, int r, int c) {
        long i = (long) r * cols + c;
        return switch (dtype) {
            case F32 -> w.getAtIndex(Tensor.F32, i);
            case F16 -> Float.float16ToFloat(w.getAtIndex(Tensor.I16, i));
            case BF16 -> Float.intBitsToFloat((w.getAtIndex(Tensor.I16, i) & 0xFFFF) << 16);
            default -> throw new IllegalArgumentException(dtype.name());
        };
    }

    /** y[b·rows + r] = Σ W[r][k]·x[b·cols + k] in f64 (exact up to 2⁻⁵³ relative). */
    static double[] matmul(DType dtype, MemorySegment w, int rows, int cols, float[] x, int batch) {
        double[] y = new double[batch * rows];
        for (int b = 0; b < batch; b++) {
            for (int r = 0; r < rows; r++) {
                double s = 0;
                for (int k = 0; k < cols; k++) {
                    s += weight(dtype, w, cols, r, k) * x[b * cols + k];
                }
                y[b * rows + r] = s;
            }
        }
        return y;
    }

    /** Σ |W[r][k]·x[b·cols + k]|: scales the rounding-error bound of a dot product. */
    static double[] absMatmul(DType dtype, MemorySegment w, int rows, int cols, float[] x, int batch) {
        double[] y = new double[batch * rows];
        for (int b = 0; b < batch; b++) {
            for (int r = 0; r < rows; r++) {
                double s = 0;
                for (int k = 0; k < cols; k++) {
                    s += Math.abs(weight(dtype, w, cols, r, k) * x[b * cols + k]);
                }
                y[b * rows + r] = s;
            }
        }
        return y;
    }

    static void rmsNorm(float[] x, int xOff, float[] w, float eps, float[] out, int outOff, int n) {
        double ss = 0;
        for (int i = 0; i < n; i++) {
            double v = x[xOff + i];
            ss += v * v;
        }
        float inv = (float) (1.0 / Math.sqrt((float) (ss / n) + eps));
        for (int i = 0; i < n; i++) {
            float v = x[xOff + i] * inv;
            out[outOff + i] = w == null ? v : v * w[i];
        }
    }

    /** Softmax in f64 of the f32 differences x − max (the reference rounds those in f32 too). */
    static double[] softmax(float[] x, int off, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, x[off + i]);
        }
        double[] e = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            e[i] = Math.exp(x[off + i] - (float) max);
            sum += e[i];
        }
        for (int i = 0; i < n; i++) {
            e[i] /= sum;
        }
        return e;
    }

    static double silu(double x) {
        return x / (1 + Math.exp(-x));
    }

    static void rope(float[] x, int off, int headDim, float[] cos, float[] sin) {
        int half = headDim / 2;
        for (int i = 0; i < half; i++) {
            float x1 = x[off + i];
            float x2 = x[off + half + i];
            x[off + i] = x1 * cos[i] - x2 * sin[i];
            x[off + half + i] = x2 * cos[i] + x1 * sin[i];
        }
    }
}
