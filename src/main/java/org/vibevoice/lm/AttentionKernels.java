package org.vibevoice.lm;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Register-blocked inner loops of attention: several query heads of a GQA group against two
 * vectors' worth of cached positions (QK) or head-dim columns (PV) per pass, so each cached key or
 * value is loaded once for all those heads and no lane reduction is needed. Six heads (twelve
 * independent accumulators) hide load latency on cold KV memory about twice as well as three
 * (measured 22 vs 10 GB/s per core); the three-head kernels cover the rest of a group.
 */
final class AttentionKernels {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Lanes per vector. */
    static final int L = S.length();
    /** Positions (QK) or columns (PV) per kernel pass. */
    static final int TILE = 2 * L;

    static {
        if (KvCache.BLOCK % TILE != 0) {
            throw new AssertionError("KV page size must be a multiple of " + TILE);
        }
    }

    private AttentionKernels() {
    }

    /** Query heads a group is padded to: as many sixes as fit, then a six (4–5 left) or a three (1–3 left). */
    static int paddedGroup(int group) {
        int rest = group % 6;
        return group - rest + (rest == 0 ? 0 : rest > 3 ? 6 : 3);
    }

    /**
     * Scaled scores of three query heads against {@link #TILE} cached positions:
     * s[sOff + h·sStride + t] = scale · Σ_i q[qOff + h·d + i] · kt[ktOff + i·TILE + t] for h &lt; 3,
     * t &lt; TILE, where kt holds a transposed key tile (head_dim rows of TILE positions, contiguous).
     */
    static void scoreTile3(float[] kt, int ktOff, float[] q, int qOff, int d, float scale, float[] s, int sOff,
            int sStride) {
        FloatVector a0 = FloatVector.zero(S);
        FloatVector b0 = a0;
        FloatVector a1 = a0;
        FloatVector b1 = a0;
        FloatVector a2 = a0;
        FloatVector b2 = a0;
        for (int i = 0; i < d; i++) {
            int ko = ktOff + i * TILE;
            FloatVector k0 = FloatVector.fromArray(S, kt, ko);
            FloatVector k1 = FloatVector.fromArray(S, kt, ko + L);
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
        store(a0, b0, scale, s, sOff);
        store(a1, b1, scale, s, sOff + sStride);
        store(a2, b2, scale, s, sOff + 2 * sStride);
    }

    /** As {@link #scoreTile3} for six query heads. */
    static void scoreTile6(float[] kt, int ktOff, float[] q, int qOff, int d, float scale, float[] s, int sOff,
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
            int ko = ktOff + i * TILE;
            FloatVector k0 = FloatVector.fromArray(S, kt, ko);
            FloatVector k1 = FloatVector.fromArray(S, kt, ko + L);
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
        store(a0, b0, scale, s, sOff);
        store(a1, b1, scale, s, sOff + sStride);
        store(a2, b2, scale, s, sOff + 2 * sStride);
        store(a3, b3, scale, s, sOff + 3 * sStride);
        store(a4, b4, scale, s, sOff + 4 * sStride);
        store(a5, b5, scale, s, sOff + 5 * sStride);
    }

    private static void store(FloatVector lo, FloatVector hi, float scale, float[] s, int off) {
        lo.mul(scale).intoArray(s, off);
        hi.mul(scale).intoArray(s, off + L);
    }

    /**
     * Adds one value page's contribution for three heads and {@link #TILE} columns:
     * out[oOff + h·d + c] += Σ_{t &lt; n} p[pOff + h·pStride + t] · v[vOff + t·TILE + c] for h &lt; 3,
     * c &lt; TILE, where v holds a column tile of values (rows of TILE columns, contiguous).
     */
    static void valueTile3(float[] v, int vOff, int n, float[] p, int pOff, int pStride, float[] out, int oOff,
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
            int vo = vOff + t * TILE;
            FloatVector v0 = FloatVector.fromArray(S, v, vo);
            FloatVector v1 = FloatVector.fromArray(S, v, vo + L);
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
    static void valueTile6(float[] v, int vOff, int n, float[] p, int pOff, int pStride, float[] out, int oOff,
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
            int vo = vOff + t * TILE;
            FloatVector v0 = FloatVector.fromArray(S, v, vo);
            FloatVector v1 = FloatVector.fromArray(S, v, vo + L);
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
