package org.vibevoice.tensor;

import static jdk.incubator.vector.VectorOperators.F2D;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Element-wise and row operations on f32 activations (heap arrays), vectorised with the width of
 * {@link Simd} and with a scalar path for {@code -Dvibevoice.vectorBits=0}. Sensitive maths stays
 * wide: rmsNorm sums exact squares in f64, softmax sums in f32 lanes; the scalar gelu is the exact
 * reference, {@link Gelu} the vectorised one.
 * Single-threaded: callers parallelise over rows or time steps when the sizes warrant it.
 */
public final class Ops {
    private static final VectorSpecies<Float> F = Simd.F;
    /** Doubles of the same total width: one float vector converts into two of these. */
    private static final VectorSpecies<Double> D = Simd.D;
    /** Floats of half the width: exactly as many lanes as {@link #D}, for f32↔f64 lane conversion. */
    private static final VectorSpecies<Float> FH =
            Simd.ENABLED ? FloatVector.SPECIES_PREFERRED.withShape(VectorShape.forBitSize(Simd.BITS / 2)) : null;
    private static final double SQRT1_2 = 0.70710678118654752440;

    private Ops() {
    }

    /**
     * out[i] = w[i] · x[i] / sqrt(mean(x²) + eps) over x[off..off+n); w may be null (no affine weight).
     * The squares are exact (f64) and summed in f64; the mean and eps are added in f32 as the
     * reference does; the scaled value is rounded to f32 before the weight multiplies it.
     */
    public static void rmsNorm(float[] x, int xOff, float[] w, float eps, float[] out, int outOff, int n) {
        double ss = sumSquares(x, xOff, n);
        float inv = (float) (1.0 / Math.sqrt((float) (ss / n) + eps));
        int i = 0;
        if (Simd.ENABLED) {
            for (int bound = F.loopBound(n); i < bound; i += F.length()) {
                FloatVector v = FloatVector.fromArray(F, x, xOff + i).mul(inv);
                if (w != null) {
                    v = v.mul(FloatVector.fromArray(F, w, i));
                }
                v.intoArray(out, outOff + i);
            }
        }
        for (; i < n; i++) {
            float v = x[xOff + i] * inv;
            out[outOff + i] = w == null ? v : v * w[i];
        }
    }

    private static double sumSquares(float[] x, int off, int n) {
        int i = 0;
        double ss = 0;
        if (Simd.ENABLED) {
            DoubleVector a = DoubleVector.zero(D);
            DoubleVector b = a;
            int h = D.length();
            for (int bound = n - n % (2 * h); i < bound; i += 2 * h) {
                DoubleVector lo = (DoubleVector) FloatVector.fromArray(FH, x, off + i).convertShape(F2D, D, 0);
                DoubleVector hi = (DoubleVector) FloatVector.fromArray(FH, x, off + i + h).convertShape(F2D, D, 0);
                a = lo.fma(lo, a);
                b = hi.fma(hi, b);
            }
            ss = Simd.sum(a.add(b));
        }
        for (; i < n; i++) {
            double v = x[off + i];
            ss += v * v;
        }
        return ss;
    }

    /** In-place softmax over x[off..off+n); exp of (x − max), the sum in f32. */
    public static void softmax(float[] x, int off, int n) {
        float max = max(x, off, n);
        scale(x, off, n, 1f / Exp.exp(x, off, 1f, max, x, off, n));
    }

    /** The largest of x[off..off+n) (−∞ when n = 0). */
    public static float max(float[] x, int off, int n) {
        float max = Float.NEGATIVE_INFINITY;
        int i = 0;
        if (Simd.ENABLED) {
            FloatVector m = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
            for (int bound = F.loopBound(n); i < bound; i += F.length()) {
                m = m.max(FloatVector.fromArray(F, x, off + i));
            }
            max = Simd.max(m);
        }
        for (; i < n; i++) {
            max = Math.max(max, x[off + i]);
        }
        return max;
    }

    public static float silu(float x) {
        return x / (1f + Exp.exp(-x));
    }

    /** In-place SiLU over x[off..off+n). */
    public static void silu(float[] x, int off, int n) {
        siluTimes(x, off, null, 0, x, off, n);
    }

    /** out[i] = silu(gate[i]) · up[i] (the SwiGLU of a Qwen2 MLP); out may be gate or up. */
    public static void siluMul(float[] gate, int gOff, float[] up, int uOff, float[] out, int oOff, int n) {
        siluTimes(gate, gOff, up, uOff, out, oOff, n);
    }

    /** Elements per pass of {@link #siluTimes}: its exp(−gate) scratch, one per thread. */
    private static final int SILU_BLOCK = 512;
    private static final ThreadLocal<float[]> SILU_EXP = ThreadLocal.withInitial(() -> new float[SILU_BLOCK]);

    /**
     * out[i] = silu(gate[i]) · up[i], or silu(gate[i]) when up is null, as gate / (1 + exp(−gate)):
     * exp(−gate) of a block first ({@link Exp}), then the quotient. One loop for both: the plain
     * SiLU runs once per diffusion step, too rarely to leave C1 code for many frames (C1 boxes
     * every vector); sharing the loop the LM's MLP calls hundreds of times a step, it runs C2 code.
     */
    private static void siluTimes(float[] gate, int gOff, float[] up, int uOff, float[] out, int oOff, int n) {
        float[] e = SILU_EXP.get();
        for (int b = 0; b < n; b += SILU_BLOCK) {
            int m = Math.min(SILU_BLOCK, n - b);
            Exp.exp(gate, gOff + b, -1f, 0f, e, 0, m);
            int i = 0;
            if (Simd.ENABLED) {
                for (int bound = F.loopBound(m); i < bound; i += F.length()) {
                    FloatVector v = FloatVector.fromArray(F, gate, gOff + b + i).div(FloatVector.fromArray(F, e, i).add(1f));
                    if (up != null) {
                        v = v.mul(FloatVector.fromArray(F, up, uOff + b + i));
                    }
                    v.intoArray(out, oOff + b + i);
                }
            }
            for (; i < m; i++) {
                float v = gate[gOff + b + i] / (1f + e[i]);
                out[oOff + b + i] = up == null ? v : v * up[uOff + b + i];
            }
        }
    }

    /** Exact (erf) GELU, 0.5·x·erfc(−x/√2): accurate in the negative tail too. */
    public static float gelu(float x) {
        return (float) (0.5 * x * Erf.erfc(-x * SQRT1_2));
    }

    /** x[i] += y[i]. */
    public static void add(float[] x, int xOff, float[] y, int yOff, int n) {
        int i = 0;
        if (Simd.ENABLED) {
            for (int bound = F.loopBound(n); i < bound; i += F.length()) {
                FloatVector.fromArray(F, x, xOff + i).add(FloatVector.fromArray(F, y, yOff + i)).intoArray(x, xOff + i);
            }
        }
        for (; i < n; i++) {
            x[xOff + i] += y[yOff + i];
        }
    }

    /** x[i] *= y[i]. */
    public static void mul(float[] x, int xOff, float[] y, int yOff, int n) {
        int i = 0;
        if (Simd.ENABLED) {
            for (int bound = F.loopBound(n); i < bound; i += F.length()) {
                FloatVector.fromArray(F, x, xOff + i).mul(FloatVector.fromArray(F, y, yOff + i)).intoArray(x, xOff + i);
            }
        }
        for (; i < n; i++) {
            x[xOff + i] *= y[yOff + i];
        }
    }

    /** x[i] *= s. */
    public static void scale(float[] x, int off, int n, float s) {
        int i = 0;
        if (Simd.ENABLED) {
            for (int bound = F.loopBound(n); i < bound; i += F.length()) {
                FloatVector.fromArray(F, x, off + i).mul(s).intoArray(x, off + i);
            }
        }
        for (; i < n; i++) {
            x[off + i] *= s;
        }
    }

    private static final ThreadLocal<float[]> DOT_LANES = ThreadLocal.withInitial(() -> new float[Simd.LANES]);

    /**
     * Σ a[i]·b[i] in f32 (the control-token logits), with the summation of a vector dot product:
     * one FMA chain per lane of {@link Simd#LANES} over the whole vectors, lanes added by the fixed
     * tree of {@link Simd#sum}, then the leftover columns. Plain scalar code, so the same bits come
     * out in every JIT tier and a rarely called dot never runs boxed vector code.
     */
    public static float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        int lanes = Simd.ENABLED ? Simd.LANES : 1;
        int bound = Simd.ENABLED ? n - n % lanes : 0;
        float s = 0;
        if (bound > 0) {
            float[] acc = DOT_LANES.get();
            java.util.Arrays.fill(acc, 0f);
            for (int i = 0; i < bound; i += lanes) {
                for (int l = 0; l < lanes; l++) {
                    acc[l] = Math.fma(a[aOff + i + l], b[bOff + i + l], acc[l]);
                }
            }
            for (int half = lanes / 2; half >= 1; half /= 2) {
                for (int l = 0; l < half; l++) {
                    acc[l] += acc[l + half];
                }
            }
            s = acc[0];
        }
        for (int i = bound; i < n; i++) {
            s = Math.fma(a[aOff + i], b[bOff + i], s);
        }
        return s;
    }

    /** y[i] += s·x[i] (attention's weighted sum of values). */
    public static void axpy(float s, float[] x, int xOff, float[] y, int yOff, int n) {
        int i = 0;
        if (Simd.ENABLED) {
            for (int bound = F.loopBound(n); i < bound; i += F.length()) {
                FloatVector.fromArray(F, x, xOff + i).fma(FloatVector.broadcast(F, s), FloatVector.fromArray(F, y, yOff + i)).intoArray(y, yOff + i);
            }
        }
        for (; i < n; i++) {
            y[yOff + i] = Math.fma(s, x[xOff + i], y[yOff + i]);
        }
    }
}
