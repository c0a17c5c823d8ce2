package org.vibevoice.lm;

import static jdk.incubator.vector.VectorOperators.ASHR;
import static jdk.incubator.vector.VectorOperators.LSHL;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link AttentionKernels} for an f16 KV cache. A cache row of {@link AttentionKernels#TILE} halves
 * is {@code L} ints, int m holding element m in its low half and element m + L in its high half,
 * so one int vector decodes into the same two float vectors (elements [0, L) and [L, 2L)) the f32
 * kernels load. Decoding shifts a half's sign to bit 31 and its exponent and mantissa to bits
 * 13–27 and clears bits 28–30: an f32 equal to the half × 2⁻¹¹², exactly (subnormals included;
 * the cache never holds ±∞ or NaN, values are saturated at ±65504 when stored). Callers undo the
 * 2⁻¹¹² with exact power-of-two factors on the other operand: queries × 2⁵⁶ with scores × 2⁵⁶,
 * probabilities × 2¹¹². The decoding is written out in each kernel: helper calls went past C2's
 * inlining budget and boxed every vector (JFR: the f16-cache step allocated, and at context 8192 ran
 * slower than the f32 cache). Six heads per pass decode each key once and keep twelve loads' worth
 * of work in flight: f16-cache scores at context 8192 took 5.4–7.1 ms per step instead of 10.8–14.7
 * with two three-head passes.
 */
final class HalfAttentionKernels {
    private static final VectorSpecies<Float> S = AttentionKernels.S;
    private static final VectorSpecies<Integer> I = S.vectorShape().withLanes(int.class);
    private static final int L = AttentionKernels.L;
    private static final int M = 0x8FFFE000;
    /** Queries are multiplied by this before scoring a half cache, and scores by it again after. */
    static final float Q_SCALE = 0x1p56f;
    /** Probabilities are multiplied by this before weighting half values. */
    static final float P_SCALE = 0x1p112f;

    private HalfAttentionKernels() {
    }

    /** As {@link AttentionKernels#scoreTile3}; {@code ktOff} counts ints, q is pre-scaled by {@link #Q_SCALE}. */
    static void scoreTile3(int[] kt, int ktOff, float[] q, int qOff, int d, float scale, float[] s, int sOff,
            int sStride) {
        FloatVector a0 = FloatVector.zero(S);
        FloatVector b0 = a0;
        FloatVector a1 = a0;
        FloatVector b1 = a0;
        FloatVector a2 = a0;
        FloatVector b2 = a0;
        for (int i = 0; i < d; i++) {
            IntVector kv = IntVector.fromArray(I, kt, ktOff + i * L);
            FloatVector k0 = kv.lanewise(LSHL, 16).lanewise(ASHR, 3).and(M).reinterpretAsFloats();
            FloatVector k1 = kv.lanewise(ASHR, 3).and(M).reinterpretAsFloats();
            FloatVector q0 = FloatVector.broadcast(S, q[qOff + i]);
            a0 = k0.fma(q0, a0);
            b0 = k1.fma(q0, b0);
            FloatVector q1 = FloatVector.broadcast(S, q[qOff + d + i]);
            a1 = k0.fma(q1, a1);
            b1 = k1.fma(q1, b1);
            FloatVector q2 = FloatVector.broadcast(S, q[qOff + 2 * d + i]);
            a2 = k0.fma(q2, a2);
            b2 = k1.fma(q2, b2);
        }
        float sc = scale * Q_SCALE;
        store(a0, b0, sc, s, sOff);
        store(a1, b1, sc, s, sOff + sStride);
        store(a2, b2, sc, s, sOff + 2 * sStride);
    }

    /** As {@link #scoreTile3} for six query heads. */
    static void scoreTile6(int[] kt, int ktOff, float[] q, int qOff, int d, float scale, float[] s, int sOff,
            int sStride) {
        FloatVector a0 = FloatVector.zero(S);
        FloatVector b0 = a0;
        FloatVector a1 = a0;
        FloatVector b1 = a0;
        FloatVector a2 = a0;
        FloatVector b2 = a0;
        FloatVector a3 = a0;
        FloatVector b3 = a0;
        FloatVector a4 = a0;
        FloatVector b4 = a0;
        FloatVector a5 = a0;
        FloatVector b5 = a0;
        for (int i = 0; i < d; i++) {
            IntVector kv = IntVector.fromArray(I, kt, ktOff + i * L);
            FloatVector k0 = kv.lanewise(LSHL, 16).lanewise(ASHR, 3).and(M).reinterpretAsFloats();
            FloatVector k1 = kv.lanewise(ASHR, 3).and(M).reinterpretAsFloats();
            FloatVector q0 = FloatVector.broadcast(S, q[qOff + i]);
            a0 = k0.fma(q0, a0);
            b0 = k1.fma(q0, b0);
            FloatVector q1 = FloatVector.broadcast(S, q[qOff + d + i]);
            a1 = k0.fma(q1, a1);
            b1 = k1.fma(q1, b1);
            FloatVector q2 = FloatVector.broadcast(S, q[qOff + 2 * d + i]);
            a2 = k0.fma(q2, a2);
            b2 = k1.fma(q2, b2);
            FloatVector q3 = FloatVector.broadcast(S, q[qOff + 3 * d + i]);
            a3 = k0.fma(q3, a3);
            b3 = k1.fma(q3, b3);
            FloatVector q4 = FloatVector.broadcast(S, q[qOff + 4 * d + i]);
            a4 = k0.fma(q4, a4);
            b4 = k1.fma(q4, b4);
            FloatVector q5 = FloatVector.broadcast(S, q[qOff + 5 * d + i]);
            a5 = k0.fma(q5, a5);
            b5 = k1.fma(q5, b5);
        }
        float sc = scale * Q_SCALE;
        a0.mul(sc).intoArray(s, sOff);
        b0.mul(sc).intoArray(s, sOff + L);
        a1.mul(sc).intoArray(s, sOff + sStride);
        b1.mul(sc).intoArray(s, sOff + sStride + L);
        a2.mul(sc).intoArray(s, sOff + 2 * sStride);
        b2.mul(sc).intoArray(s, sOff + 2 * sStride + L);
        a3.mul(sc).intoArray(s, sOff + 3 * sStride);
        b3.mul(sc).intoArray(s, sOff + 3 * sStride + L);
        a4.mul(sc).intoArray(s, sOff + 4 * sStride);
        b4.mul(sc).intoArray(s, sOff + 4 * sStride + L);
        a5.mul(sc).intoArray(s, sOff + 5 * sStride);
        b5.mul(sc).intoArray(s, sOff + 5 * sStride + L);
    }

    private static void store(FloatVector lo, FloatVector hi, float scale, float[] s, int off) {
        lo.mul(scale).intoArray(s, off);
        hi.mul(scale).intoArray(s, off + L);
    }

    /** As {@link AttentionKernels#valueTile3}; {@code vOff} counts ints, p is pre-scaled by {@link #P_SCALE}. */
    static void valueTile3(int[] v, int vOff, int n, float[] p, int pOff, int pStride, float[] out, int oOff,
            int d) {
        int o1 = oOff + d;
        int o2 = oOff + 2 * d;
        FloatVector a0 = FloatVector.fromArray(S, out, oOff);
        FloatVector b0 = FloatVector.fromArray(S, out, oOff + L);
        FloatVector a1 = FloatVector.fromArray(S, out, o1);
        FloatVector b1 = FloatVector.fromArray(S, out, o1 + L);
        FloatVector a2 = FloatVector.fromArray(S, out, o2);
        FloatVector b2 = FloatVector.fromArray(S, out, o2 + L);
        for (int t = 0; t < n; t++) {
            IntVector vv = IntVector.fromArray(I, v, vOff + t * L);
            FloatVector v0 = vv.lanewise(LSHL, 16).lanewise(ASHR, 3).and(M).reinterpretAsFloats();
            FloatVector v1 = vv.lanewise(ASHR, 3).and(M).reinterpretAsFloats();
            FloatVector p0 = FloatVector.broadcast(S, p[pOff + t]);
            a0 = v0.fma(p0, a0);
            b0 = v1.fma(p0, b0);
            FloatVector p1 = FloatVector.broadcast(S, p[pOff + pStride + t]);
            a1 = v0.fma(p1, a1);
            b1 = v1.fma(p1, b1);
            FloatVector p2 = FloatVector.broadcast(S, p[pOff + 2 * pStride + t]);
            a2 = v0.fma(p2, a2);
            b2 = v1.fma(p2, b2);
        }
        a0.intoArray(out, oOff);
        b0.intoArray(out, oOff + L);
        a1.intoArray(out, o1);
        b1.intoArray(out, o1 + L);
        a2.intoArray(out, o2);
        b2.intoArray(out, o2 + L);
    }

    /** As {@link #valueTile3} for six heads. */
    static void valueTile6(int[] v, int vOff, int n, float[] p, int pOff, int pStride, float[] out, int oOff,
            int d) {
        FloatVector a0 = FloatVector.fromArray(S, out, oOff);
        FloatVector b0 = FloatVector.fromArray(S, out, oOff + L);
        FloatVector a1 = FloatVector.fromArray(S, out, oOff + d);
        FloatVector b1 = FloatVector.fromArray(S, out, oOff + d + L);
        FloatVector a2 = FloatVector.fromArray(S, out, oOff + 2 * d);
        FloatVector b2 = FloatVector.fromArray(S, out, oOff + 2 * d + L);
        FloatVector a3 = FloatVector.fromArray(S, out, oOff + 3 * d);
        FloatVector b3 = FloatVector.fromArray(S, out, oOff + 3 * d + L);
        FloatVector a4 = FloatVector.fromArray(S, out, oOff + 4 * d);
        FloatVector b4 = FloatVector.fromArray(S, out, oOff + 4 * d + L);
        FloatVector a5 = FloatVector.fromArray(S, out, oOff + 5 * d);
        FloatVector b5 = FloatVector.fromArray(S, out, oOff + 5 * d + L);
        for (int t = 0; t < n; t++) {
            IntVector vv = IntVector.fromArray(I, v, vOff + t * L);
            FloatVector v0 = vv.lanewise(LSHL, 16).lanewise(ASHR, 3).and(M).reinterpretAsFloats();
            FloatVector v1 = vv.lanewise(ASHR, 3).and(M).reinterpretAsFloats();
            FloatVector p0 = FloatVector.broadcast(S, p[pOff + t]);
            a0 = v0.fma(p0, a0);
            b0 = v1.fma(p0, b0);
            FloatVector p1 = FloatVector.broadcast(S, p[pOff + pStride + t]);
            a1 = v0.fma(p1, a1);
            b1 = v1.fma(p1, b1);
            FloatVector p2 = FloatVector.broadcast(S, p[pOff + 2 * pStride + t]);
            a2 = v0.fma(p2, a2);
            b2 = v1.fma(p2, b2);
            FloatVector p3 = FloatVector.broadcast(S, p[pOff + 3 * pStride + t]);
            a3 = v0.fma(p3, a3);
            b3 = v1.fma(p3, b3);
            FloatVector p4 = FloatVector.broadcast(S, p[pOff + 4 * pStride + t]);
            a4 = v0.fma(p4, a4);
            b4 = v1.fma(p4, b4);
            FloatVector p5 = FloatVector.broadcast(S, p[pOff + 5 * pStride + t]);
            a5 = v0.fma(p5, a5);
            b5 = v1.fma(p5, b5);
        }
        a0.intoArray(out, oOff);
        b0.intoArray(out, oOff + L);
        a1.intoArray(out, oOff + d);
        b1.intoArray(out, oOff + d + L);
        a2.intoArray(out, oOff + 2 * d);
        b2.intoArray(out, oOff + 2 * d + L);
        a3.intoArray(out, oOff + 3 * d);
        b3.intoArray(out, oOff + 3 * d + L);
        a4.intoArray(out, oOff + 4 * d);
        b4.intoArray(out, oOff + 4 * d + L);
        a5.intoArray(out, oOff + 5 * d);
        b5.intoArray(out, oOff + 5 * d + L);
    }
}
