package org.vibevoice.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * e^x in f32 (Cephes expf: x = n·ln2 + r, a degree-6 polynomial in r, scaled by 2^n), as an array
 * kernel and its scalar twin with the same bits. The Vector API's EXP is not used: compiled by C2 it
 * calls a native library whose last bit differs from the interpreter's and C1's fallback, so the same
 * seed gave different audio depending on when a method was compiled. Only +, ×, fma and bit moves
 * here, which round identically in every tier. Results are within 2 ulp of exp for x ≥ −86.64;
 * below that (true values under 2·FLT_MIN) they are 0, and they overflow to +∞ as exp does.
 *
 * <p>The vector code sits in the loop itself: a vector returned from a method C2 did not inline is
 * boxed, and this one, once compiled on its own, is too large to be inlined again.
 */
public final class Exp {
    private static final VectorSpecies<Float> F = Simd.F;
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
        float n = Math.fma(x, LOG2E, ROUND) - ROUND;
        float r = Math.fma(n, -LN2_LO, Math.fma(n, -LN2_HI, x));
        float p = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(P0, r, P1), r, P2), r, P3), r, P4), r, P5);
        float y = Math.fma(p, r * r, r) + 1f;
        return y * Float.intBitsToFloat(((int) n + 126) << 23) * 2f;
    }

    /**
     * dst[i] = exp(sign · src[i] − shift) for i &lt; n, returning their f32 sum (vector lanes, their
     * fixed tree, then the tail in order). dst may be src.
     */
    public static float exp(float[] src, int sOff, float sign, float shift, float[] dst, int dOff, int n) {
        float sum = 0;
        int i = 0;
        if (Simd.ENABLED) {
            FloatVector acc = FloatVector.zero(F);
            FloatVector negLn2Lo = FloatVector.broadcast(F, -LN2_LO);
            FloatVector negLn2Hi = FloatVector.broadcast(F, -LN2_HI);
            FloatVector p2 = FloatVector.broadcast(F, P2);
            FloatVector p3 = FloatVector.broadcast(F, P3);
            FloatVector p4 = FloatVector.broadcast(F, P4);
            FloatVector p5 = FloatVector.broadcast(F, P5);
            for (int bound = F.loopBound(n); i < bound; i += F.length()) {
                FloatVector x = FloatVector.fromArray(F, src, sOff + i).mul(sign).sub(shift);
                FloatVector c = x.min(MAX).max(MIN);
                FloatVector k = c.fma(LOG2E, ROUND).sub(ROUND);
                FloatVector r = k.fma(negLn2Lo, k.fma(negLn2Hi, c));
                FloatVector p = r.fma(P0, P1).fma(r, p2).fma(r, p3).fma(r, p4).fma(r, p5);
                FloatVector y = p.fma(r.mul(r), r).add(1f);
                IntVector bits = ((IntVector) k.convert(VectorOperators.F2I, 0)).add(126).lanewise(VectorOperators.LSHL, 23);
                FloatVector e = y.mul(bits.reinterpretAsFloats()).mul(2f)
                        .blend(0f, x.lt(MIN)).blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.GT, MAX));
                e.intoArray(dst, dOff + i);
                acc = acc.add(e);
            }
            sum = Simd.sum(acc);
        }
        for (; i < n; i++) {
            float e = exp(sign * src[sOff + i] - shift);
            dst[dOff + i] = e;
            sum += e;
        }
        return sum;
    }
}
