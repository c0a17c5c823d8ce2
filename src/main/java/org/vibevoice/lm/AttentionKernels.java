package org.vibevoice.lm;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Register-blocked inner loops of attention: three query heads (a GQA group is processed in threes)
 * against two vectors' worth of cached positions (QK) or head-dim columns (PV) per pass, so each
 * cached key or value is loaded once for three heads and no lane reduction is needed.
 */
final class AttentionKernels {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Lanes per vector. */
    static final int L = S.length();
    /** Positions (QK) or columns (PV) per kernel pass. */
    static final int TILE = 2 * L;
    /** Query heads per kernel pass. */
    static final int HEADS = 3;

    static {
        if (KvCache.BLOCK % TILE != 0) {
            throw new AssertionError("KV page size must be a multiple of " + TILE);
        }
    }

    private AttentionKernels() {
    }

    /**
     * Scaled scores of {@link #HEADS} query heads against {@link #TILE} cached positions:
     * s[sOff_h + t] = scale · Σ_i q[qOff + h·d + i] · kt[ktOff + i·TILE + t] for t &lt; TILE,
     * where kt holds a transposed key tile (head_dim rows of TILE positions, contiguous).
     */
    static void scoreTile(float[] kt, int ktOff, float[] q, int qOff, int d, float scale, float[] s, int sOff0,
            int sOff1, int sOff2) {
        FloatVector a0 = FloatVector.zero(S);
        FloatVector b0 = FloatVector.zero(S);
        FloatVector a1 = FloatVector.zero(S);
        FloatVector b1 = FloatVector.zero(S);
        FloatVector a2 = FloatVector.zero(S);
        FloatVector b2 = FloatVector.zero(S);
        for (int i = 0; i < d; i++) {
            int ko = ktOff + i * TILE;
            FloatVector k0 = FloatVector.fromArray(S, kt, ko);
            FloatVector k1 = FloatVector.fromArray(S, kt, ko + L);
            FloatVector q0 = FloatVector.broadcast(S, q[qOff + i]);
            FloatVector q1 = FloatVector.broadcast(S, q[qOff + d + i]);
            FloatVector q2 = FloatVector.broadcast(S, q[qOff + 2 * d + i]);
            a0 = k0.fma(q0, a0);
            b0 = k1.fma(q0, b0);
            a1 = k0.fma(q1, a1);
            b1 = k1.fma(q1, b1);
            a2 = k0.fma(q2, a2);
            b2 = k1.fma(q2, b2);
        }
        a0.mul(scale).intoArray(s, sOff0);
        b0.mul(scale).intoArray(s, sOff0 + L);
        a1.mul(scale).intoArray(s, sOff1);
        b1.mul(scale).intoArray(s, sOff1 + L);
        a2.mul(scale).intoArray(s, sOff2);
        b2.mul(scale).intoArray(s, sOff2 + L);
    }

    /**
     * Adds one value page's contribution for {@link #HEADS} heads and {@link #TILE} columns:
     * out[oOff_h + c] += Σ_{t &lt; n} p[pOff_h + t] · v[vOff + t·TILE + c] for c &lt; TILE, where v
     * holds a column tile of values (rows of TILE columns, contiguous).
     */
    static void valueTile(float[] v, int vOff, int n, float[] p, int pOff0, int pOff1, int pOff2,
            float[] out, int oOff0, int oOff1, int oOff2) {
        FloatVector a0 = FloatVector.fromArray(S, out, oOff0);
        FloatVector b0 = FloatVector.fromArray(S, out, oOff0 + L);
        FloatVector a1 = FloatVector.fromArray(S, out, oOff1);
        FloatVector b1 = FloatVector.fromArray(S, out, oOff1 + L);
        FloatVector a2 = FloatVector.fromArray(S, out, oOff2);
        FloatVector b2 = FloatVector.fromArray(S, out, oOff2 + L);
        for (int t = 0; t < n; t++) {
            int vo = vOff + t * TILE;
            FloatVector v0 = FloatVector.fromArray(S, v, vo);
            FloatVector v1 = FloatVector.fromArray(S, v, vo + L);
            FloatVector p0 = FloatVector.broadcast(S, p[pOff0 + t]);
            FloatVector p1 = FloatVector.broadcast(S, p[pOff1 + t]);
            FloatVector p2 = FloatVector.broadcast(S, p[pOff2 + t]);
            a0 = v0.fma(p0, a0);
            b0 = v1.fma(p0, b0);
            a1 = v0.fma(p1, a1);
            b1 = v1.fma(p1, b1);
            a2 = v0.fma(p2, a2);
            b2 = v1.fma(p2, b2);
        }
        a0.intoArray(out, oOff0);
        b0.intoArray(out, oOff0 + L);
        a1.intoArray(out, oOff1);
        b1.intoArray(out, oOff1 + L);
        a2.intoArray(out, oOff2);
        b2.intoArray(out, oOff2 + L);
    }

    /** Σ a[aOff+i]·b[bOff+i] for i &lt; n. */
    static float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        int i = 0;
        float sum = 0;
        if (n >= L) {
            FloatVector acc = FloatVector.zero(S);
            for (int upper = S.loopBound(n); i < upper; i += L) {
                acc = FloatVector.fromArray(S, a, aOff + i).fma(FloatVector.fromArray(S, b, bOff + i), acc);
            }
            sum = acc.reduceLanes(VectorOperators.ADD);
        }
        for (; i < n; i++) {
            sum += a[aOff + i] * b[bOff + i];
        }
        return sum;
    }
}
