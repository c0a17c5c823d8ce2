package org.vibevoice.tensor;

/** Element-wise and row operations on f32 activations. Sensitive maths (norms, softmax) in f32/f64. */
public final class Ops {
    private Ops() {
    }

    /** out[i] = w[i] · x[i] / sqrt(mean(x²) + eps) over x[off..off+n); w may be null (no affine weight). */
    public static void rmsNorm(float[] x, int xOff, float[] w, float eps, float[] out, int outOff, int n) {
        double ss = 0;
        for (int i = 0; i < n; i++) {
            float v = x[xOff + i];
            ss += v * v;
        }
        float inv = (float) (1.0 / Math.sqrt((float) (ss / n) + eps));
        for (int i = 0; i < n; i++) {
            float v = x[xOff + i] * inv;
            out[outOff + i] = w == null ? v : v * w[i];
        }
    }

    /** In-place softmax over x[off..off+n). */
    public static void softmax(float[] x, int off, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, x[off + i]);
        }
        float sum = 0;
        for (int i = 0; i < n; i++) {
            float e = (float) Math.exp(x[off + i] - max);
            x[off + i] = e;
            sum += e;
        }
        float inv = 1f / sum;
        for (int i = 0; i < n; i++) {
            x[off + i] *= inv;
        }
    }

    public static float silu(float x) {
        return x / (1f + (float) Math.exp(-x));
    }

    /** Exact (erf) GELU. */
    public static float gelu(float x) {
        return (float) (0.5 * x * (1.0 + Erf.erf(x / Math.sqrt(2.0))));
    }

    /** x[i] += y[i]. */
    public static void add(float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) {
            x[xOff + i] += y[yOff + i];
        }
    }
}
