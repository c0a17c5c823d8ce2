package org.vibevoice.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Exact (erf) GELU over arrays, vectorised: gelu(x) = x/2 · (1 + erf(x/√2)), with erf from an f32
 * rational approximation (odd degree-13 numerator over even degree-8 denominator, input clamped to
 * [−4, 4] where erf is ±1 in f32; the minimax fit used by Eigen and XLA), kept inside [−1, 1] so
 * that 1 + erf never goes negative. Its error is a few f32 ulps of x, far below the tokenizer
 * tolerances; {@link Ops#gelu} is the double-precision reference.
 */
public final class Gelu {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final float INV_SQRT2 = 0.70710678118654752f;
    private static final float A1 = -1.60960333262415e-02f;
    private static final float A3 = -2.95459980854025e-03f;
    private static final float A5 = -7.34990630326855e-04f;
    private static final float A7 = -5.69250639462346e-05f;
    private static final float A9 = -2.10102402082508e-06f;
    private static final float A11 = 2.77068142495902e-08f;
    private static final float A13 = -2.72614225801306e-10f;
    private static final float B0 = -1.42647390514189e-02f;
    private static final float B2 = -7.37332916720468e-03f;
    private static final float B4 = -1.68282697438203e-03f;
    private static final float B6 = -2.13374055278905e-04f;
    private static final float B8 = -1.45660718464996e-05f;

    private static final FloatVector V_A9 = FloatVector.broadcast(F, A9);
    private static final FloatVector V_A7 = FloatVector.broadcast(F, A7);
    private static final FloatVector V_A5 = FloatVector.broadcast(F, A5);
    private static final FloatVector V_A3 = FloatVector.broadcast(F, A3);
    private static final FloatVector V_A1 = FloatVector.broadcast(F, A1);
    private static final FloatVector V_B4 = FloatVector.broadcast(F, B4);
    private static final FloatVector V_B2 = FloatVector.broadcast(F, B2);
    private static final FloatVector V_B0 = FloatVector.broadcast(F, B0);

    private Gelu() {
    }

    /** y[off..off+n) ← gelu(y[off..off+n)). */
    public static void inPlace(float[] y, int off, int n) {
        int i = 0;
        int bound = F.loopBound(n);
        for (; i < bound; i += F.length()) {
            FloatVector x = FloatVector.fromArray(F, y, off + i);
            FloatVector z = x.mul(INV_SQRT2).max(-4f).min(4f);
            FloatVector z2 = z.mul(z);
            FloatVector p = z2.fma(A13, A11).fma(z2, V_A9).fma(z2, V_A7).fma(z2, V_A5).fma(z2, V_A3).fma(z2, V_A1).mul(z);
            FloatVector q = z2.fma(B8, B6).fma(z2, V_B4).fma(z2, V_B2).fma(z2, V_B0);
            x.mul(0.5f).mul(p.div(q).max(-1f).min(1f).add(1f)).intoArray(y, off + i);
        }
        for (; i < n; i++) {
            y[off + i] = gelu(y[off + i]);
        }
    }

    /** The same approximation for one value (used for array tails, so every element agrees). */
    public static float gelu(float x) {
        float z = Math.min(4f, Math.max(-4f, x * INV_SQRT2));
        float z2 = z * z;
        float p = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(z2, A13, A11), z2, A9), z2, A7), z2, A5), z2, A3),
                z2, A1) * z;
        float q = Math.fma(Math.fma(Math.fma(Math.fma(z2, B8, B6), z2, B4), z2, B2), z2, B0);
        return x * 0.5f * (Math.min(1f, Math.max(-1f, p / q)) + 1f);
    }
}
