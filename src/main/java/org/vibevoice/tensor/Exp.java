package org.vibevoice.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * e^x in f32 (Cephes expf: x = n·ln2 + r, a degree-6 polynomial in r, scaled by 2^n), as a vector
 * kernel and its scalar twin with the same bits. The Vector API's EXP is not used: compiled by C2 it
 * calls a native library whose last bit differs from the interpreter's and C1's fallback, so the same
 * seed gave different audio depending on when a method was compiled. Only +, ×, fma and bit moves
 * here, which round identically in every tier. Results are within 2 ulp of exp for x ≥ −86.64;
 * below that (true values under 2·FLT_MIN) they are 0, and they overflow to +∞ as exp does.
 */
public final class Exp {
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    private static final float ROUND = 12582912f; // 1.5·2²³: adding it rounds to an integer
    /** Past ln(FLT_MAX) the result is +∞; below MIN, 2^(n−1) would be subnormal. */
    private static final float MAX = 88.72284f;
    private static final float MIN = -86.64f;
    private static final float P0 = 1.9875691500e-4f;
    private static final float P1 = 1.3981999507e-3f;
    private static final float P2 = 8.3334519073e-3f;
    private static final float P3 = 4.1665795894e-2f;
    private static final float P4 = 1.6666665459e-1f;
    private static final float P5 = 5.0000001201e-1f;

    private Exp() {
    }

    public static float exp(float x) {
        if (x < MIN) {
            return 0f;
        }
        if (x > MAX) {
            return Float.POSITIVE_INFINITY;
        }
        float c = x;
        float n = Math.fma(c, LOG2E, ROUND) - ROUND;
        float r = Math.fma(n, -LN2_LO, Math.fma(n, -LN2_HI, c));
        float p = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(P0, r, P1), r, P2), r, P3), r, P4), r, P5);
        float y = Math.fma(p, r * r, r) + 1f;
        return y * Float.intBitsToFloat(((int) n + 126) << 23) * 2f;
    }

    public static FloatVector exp(FloatVector x) {
        FloatVector c = x.min(MAX).max(MIN);
        FloatVector n = c.fma(LOG2E, ROUND).sub(ROUND);
        FloatVector r = n.fma(x.broadcast(-LN2_LO), n.fma(x.broadcast(-LN2_HI), c));
        FloatVector p = r.fma(P0, P1).fma(r, x.broadcast(P2)).fma(r, x.broadcast(P3)).fma(r, x.broadcast(P4)).fma(r, x.broadcast(P5));
        FloatVector y = p.fma(r.mul(r), r).add(1f);
        FloatVector scale = n.convert(VectorOperators.F2I, 0).reinterpretAsInts().add(126).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return y.mul(scale).mul(2f).blend(0f, x.lt(MIN)).blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.GT, MAX));
    }
}
