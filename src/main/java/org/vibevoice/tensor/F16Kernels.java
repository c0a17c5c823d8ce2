package org.vibevoice.tensor;

import static jdk.incubator.vector.VectorOperators.ASHR;
import static jdk.incubator.vector.VectorOperators.LSHL;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Dot-product kernels for f16 weights ("pairs scaled"). 2·lanes halves are read as one int vector.
 * Shifting a half so its sign lands in bit 31 and its exponent+mantissa in bits 13–27, then masking
 * bits 28–30, gives an f32 whose value is exactly half × 2⁻¹¹² (f16 subnormals become f32
 * subnormals, still exact): even halves {@code ((v << 16) >> 3) & M}, odd halves
 * {@code (v >> 3) & M} — 5 integer ops per 2·lanes weights, the fewest found (notes C.2). Inf/NaN
 * weights are not handled (they decode as large finite values); weights never hold them.
 * <p>x is pre-split even/odd ({@link PairSplit}) and scaled by 2⁵⁶ once per matmul, so products are
 * wx·2⁻⁵⁶: exact powers of two away from the true products, hence rounded identically, without
 * the underflow a 2⁻¹¹² factor would cause for small products. Each row sum is multiplied by 2⁵⁶.
 * <p>Every kernel writes the conversion out rather than calling a helper: past C2's node budget a
 * helper call is not inlined and every vector handed to it is boxed (JFR showed {@code rows4}
 * allocating in some JVMs, where an f16 LM step then took 137–157 ms instead of 76).
 */
final class F16Kernels {
    /** 2⁵⁶: x is multiplied by it in {@link PairSplit}, each row sum too (undoing 2⁻¹¹² · 2⁵⁶). */
    static final float SCALE = 0x1p56f;
    private static final VectorSpecies<Float> F = Simd.F;
    private static final VectorSpecies<Integer> I = Simd.I;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final int M = 0x8FFFE000;

    private F16Kernels() {
    }

    /**
     * W[row i] · x for the 4 rows at byte offset o, rb bytes apart (x pre-split at xo), as 4
     * accumulators at acc[at + i·lanes] whose lanes {@link RowSums#finish} adds up.
     */
    static void rows4(MemorySegment w, long o, long rb, int cols, float[] x, int xo, float[] acc, int at) {
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        int lanes = F.length();
        int n = cols - cols % (2 * lanes);
        for (int k = 0; k < n; k += 2 * lanes) {
            FloatVector xe = FloatVector.fromArray(F, x, xo + k);
            FloatVector xd = FloatVector.fromArray(F, x, xo + k + lanes);
            long p = o + 2L * k;
            IntVector v0 = IntVector.fromMemorySegment(I, w, p, LE);
            IntVector v1 = IntVector.fromMemorySegment(I, w, p + rb, LE);
            IntVector v2 = IntVector.fromMemorySegment(I, w, p + 2 * rb, LE);
            IntVector v3 = IntVector.fromMemorySegment(I, w, p + 3 * rb, LE);
            a0 = v0.lanewise(LSHL, 16).lanewise(ASHR, 3).and(M).reinterpretAsFloats().fma(xe, a0);
            a1 = v1.lanewise(LSHL, 16).lanewise(ASHR, 3).and(M).reinterpretAsFloats().fma(xe, a1);
            a2 = v2.lanewise(LSHL, 16).lanewise(ASHR, 3).and(M).reinterpretAsFloats().fma(xe, a2);
            a3 = v3.lanewise(LSHL, 16).lanewise(ASHR, 3).and(M).reinterpretAsFloats().fma(xe, a3);
            a0 = v0.lanewise(ASHR, 3).and(M).reinterpretAsFloats().fma(xd, a0);
            a1 = v1.lanewise(ASHR, 3).and(M).reinterpretAsFloats().fma(xd, a1);
            a2 = v2.lanewise(ASHR, 3).and(M).reinterpretAsFloats().fma(xd, a2);
            a3 = v3.lanewise(ASHR, 3).and(M).reinterpretAsFloats().fma(xd, a3);
        }
        a0.intoArray(acc, at);
        a1.intoArray(acc, at + F.length());
        a2.intoArray(acc, at + 2 * F.length());
        a3.intoArray(acc, at + 3 * F.length());
    }

    /** Two pre-split input rows (at xo and xo + cols) through the same 4 weight rows: 8 accumulators at acc[at …], input 0's first. */
    static void rows4x2(MemorySegment w, long o, long rb, int cols, float[] x, int xo, float[] acc, int at) {
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        FloatVector b0 = a0;
        FloatVector b1 = a0;
        FloatVector b2 = a0;
        FloatVector b3 = a0;
        int lanes = F.length();
        int n = cols - cols % (2 * lanes);
        int xo2 = xo + cols;
        for (int k = 0; k < n; k += 2 * lanes) {
            long p = o + 2L * k;
            IntVector v0 = IntVector.fromMemorySegment(I, w, p, LE);
            IntVector v1 = IntVector.fromMemorySegment(I, w, p + rb, LE);
            IntVector v2 = IntVector.fromMemorySegment(I, w, p + 2 * rb, LE);
            IntVector v3 = IntVector.fromMemorySegment(I, w, p + 3 * rb, LE);
            FloatVector xa = FloatVector.fromArray(F, x, xo + k);
            FloatVector xb = FloatVector.fromArray(F, x, xo2 + k);
            FloatVector w0 = v0.lanewise(LSHL, 16).lanewise(ASHR, 3).and(M).reinterpretAsFloats();
            a0 = w0.fma(xa, a0);
            b0 = w0.fma(xb, b0);
            FloatVector w1 = v1.lanewise(LSHL, 16).lanewise(ASHR, 3).and(M).reinterpretAsFloats();
            a1 = w1.fma(xa, a1);
            b1 = w1.fma(xb, b1);
            FloatVector w2 = v2.lanewise(LSHL, 16).lanewise(ASHR, 3).and(M).reinterpretAsFloats();
            a2 = w2.fma(xa, a2);
            b2 = w2.fma(xb, b2);
            FloatVector w3 = v3.lanewise(LSHL, 16).lanewise(ASHR, 3).and(M).reinterpretAsFloats();
            a3 = w3.fma(xa, a3);
            b3 = w3.fma(xb, b3);
            xa = FloatVector.fromArray(F, x, xo + k + lanes);
            xb = FloatVector.fromArray(F, x, xo2 + k + lanes);
            w0 = v0.lanewise(ASHR, 3).and(M).reinterpretAsFloats();
            a0 = w0.fma(xa, a0);
            b0 = w0.fma(xb, b0);
            w1 = v1.lanewise(ASHR, 3).and(M).reinterpretAsFloats();
            a1 = w1.fma(xa, a1);
            b1 = w1.fma(xb, b1);
            w2 = v2.lanewise(ASHR, 3).and(M).reinterpretAsFloats();
            a2 = w2.fma(xa, a2);
            b2 = w2.fma(xb, b2);
            w3 = v3.lanewise(ASHR, 3).and(M).reinterpretAsFloats();
            a3 = w3.fma(xa, a3);
            b3 = w3.fma(xb, b3);
        }
        a0.intoArray(acc, at);
        a1.intoArray(acc, at + F.length());
        a2.intoArray(acc, at + 2 * F.length());
        a3.intoArray(acc, at + 3 * F.length());
        b0.intoArray(acc, at + 4 * F.length());
        b1.intoArray(acc, at + 5 * F.length());
        b2.intoArray(acc, at + 6 * F.length());
        b3.intoArray(acc, at + 7 * F.length());
    }

    /** One weight row at byte offset o dotted with the pre-split, pre-scaled x at xo. */
    static float row(MemorySegment w, long o, int cols, float[] x, int xo, float[] acc) {
        FloatVector a = FloatVector.zero(F);
        int lanes = F.length();
        int n = cols - cols % (2 * lanes);
        for (int k = 0; k < n; k += 2 * lanes) {
            IntVector v = IntVector.fromMemorySegment(I, w, o + 2L * k, LE);
            a = v.lanewise(LSHL, 16).lanewise(ASHR, 3).and(M).reinterpretAsFloats().fma(FloatVector.fromArray(F, x, xo + k), a);
            a = v.lanewise(ASHR, 3).and(M).reinterpretAsFloats().fma(FloatVector.fromArray(F, x, xo + k + lanes), a);
        }
        a.intoArray(acc, 0);
        return (Simd.sumLanes(acc, 0) + tail(w, o, n, cols, x, xo)) * SCALE;
    }

    /** Scalar dot over columns [from, cols) in the scaled domain (x unsplit but scaled); not rescaled. */
    static float tail(MemorySegment w, long o, int from, int cols, float[] x, int xo) {
        float s = 0;
        for (int k = from; k < cols; k++) {
            int h = w.get(Tensor.I16, o + 2L * k);
            s = Math.fma(Float.intBitsToFloat(((h << 16) >> 3) & M), x[xo + k], s);
        }
        return s;
    }
}
