package org.vibevoice.tensor;

import static jdk.incubator.vector.VectorOperators.LSHL;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Dot-product kernels for bf16 weights ("pairs"): 2·lanes halves are read as one int vector; the low
 * half of each int becomes a float by {@code v << 16}, the high half by {@code v & 0xFFFF0000}. That
 * yields the even and the odd columns of the block, so x is pre-split into even/odd halves per block
 * ({@link PairSplit}) once per matmul. Two integer ops per 2·lanes weights keep the kernel
 * bandwidth-bound. Columns past the last full block are in x unsplit and handled by {@link #tail}.
 * The 4-row kernels also touch the last row {@code ahead} bytes ahead ({@link Simd#READ_AHEAD}).
 */
final class Bf16Kernels {
    private static final VectorSpecies<Float> F = Simd.F;
    private static final VectorSpecies<Integer> I = Simd.I;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final int HI = 0xFFFF0000;

    private Bf16Kernels() {
    }

    /**
     * W[row i] · x for the 4 rows at byte offset o, rb bytes apart (x pre-split at xo), as 4
     * accumulators at acc[at + i·lanes] whose lanes {@link RowSums#finish} adds up.
     */
    static void rows4(MemorySegment w, long o, long rb, int cols, float[] x, int xo, float[] acc, int at, long ahead) {
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        int lanes = F.length();
        int n = cols - cols % (2 * lanes);
        int touched = 0;
        long end = w.byteSize() - 4;
        for (int k = 0; k < n; k += 2 * lanes) {
            FloatVector xe = FloatVector.fromArray(F, x, xo + k);
            FloatVector xd = FloatVector.fromArray(F, x, xo + k + lanes);
            long p = o + 2L * k;
            touched += w.get(Tensor.I32, Math.min(p + 3 * rb + ahead, end));
            IntVector v0 = IntVector.fromMemorySegment(I, w, p, LE);
            IntVector v1 = IntVector.fromMemorySegment(I, w, p + rb, LE);
            IntVector v2 = IntVector.fromMemorySegment(I, w, p + 2 * rb, LE);
            IntVector v3 = IntVector.fromMemorySegment(I, w, p + 3 * rb, LE);
            a0 = v0.lanewise(LSHL, 16).reinterpretAsFloats().fma(xe, a0);
            a1 = v1.lanewise(LSHL, 16).reinterpretAsFloats().fma(xe, a1);
            a2 = v2.lanewise(LSHL, 16).reinterpretAsFloats().fma(xe, a2);
            a3 = v3.lanewise(LSHL, 16).reinterpretAsFloats().fma(xe, a3);
            a0 = v0.and(HI).reinterpretAsFloats().fma(xd, a0);
            a1 = v1.and(HI).reinterpretAsFloats().fma(xd, a1);
            a2 = v2.and(HI).reinterpretAsFloats().fma(xd, a2);
            a3 = v3.and(HI).reinterpretAsFloats().fma(xd, a3);
        }
        acc[acc.length - 1] = touched;
        a0.intoArray(acc, at);
        a1.intoArray(acc, at + F.length());
        a2.intoArray(acc, at + 2 * F.length());
        a3.intoArray(acc, at + 3 * F.length());
    }

    /** Two pre-split input rows (at xo and xo + cols) through the same 4 weight rows: 8 accumulators at acc[at …], input 0's first. */
    static void rows4x2(MemorySegment w, long o, long rb, int cols, float[] x, int xo, float[] acc, int at, long ahead) {
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
        int touched = 0;
        long end = w.byteSize() - 4;
        for (int k = 0; k < n; k += 2 * lanes) {
            long p = o + 2L * k;
            touched += w.get(Tensor.I32, Math.min(p + 3 * rb + ahead, end));
            IntVector v0 = IntVector.fromMemorySegment(I, w, p, LE);
            IntVector v1 = IntVector.fromMemorySegment(I, w, p + rb, LE);
            IntVector v2 = IntVector.fromMemorySegment(I, w, p + 2 * rb, LE);
            IntVector v3 = IntVector.fromMemorySegment(I, w, p + 3 * rb, LE);
            FloatVector w0 = v0.lanewise(LSHL, 16).reinterpretAsFloats();
            FloatVector w1 = v1.lanewise(LSHL, 16).reinterpretAsFloats();
            FloatVector w2 = v2.lanewise(LSHL, 16).reinterpretAsFloats();
            FloatVector w3 = v3.lanewise(LSHL, 16).reinterpretAsFloats();
            FloatVector xa = FloatVector.fromArray(F, x, xo + k);
            FloatVector xb = FloatVector.fromArray(F, x, xo2 + k);
            a0 = w0.fma(xa, a0);
            a1 = w1.fma(xa, a1);
            a2 = w2.fma(xa, a2);
            a3 = w3.fma(xa, a3);
            b0 = w0.fma(xb, b0);
            b1 = w1.fma(xb, b1);
            b2 = w2.fma(xb, b2);
            b3 = w3.fma(xb, b3);
            w0 = v0.and(HI).reinterpretAsFloats();
            w1 = v1.and(HI).reinterpretAsFloats();
            w2 = v2.and(HI).reinterpretAsFloats();
            w3 = v3.and(HI).reinterpretAsFloats();
            xa = FloatVector.fromArray(F, x, xo + k + lanes);
            xb = FloatVector.fromArray(F, x, xo2 + k + lanes);
            a0 = w0.fma(xa, a0);
            a1 = w1.fma(xa, a1);
            a2 = w2.fma(xa, a2);
            a3 = w3.fma(xa, a3);
            b0 = w0.fma(xb, b0);
            b1 = w1.fma(xb, b1);
            b2 = w2.fma(xb, b2);
            b3 = w3.fma(xb, b3);
        }
        acc[acc.length - 1] = touched;
        a0.intoArray(acc, at);
        a1.intoArray(acc, at + F.length());
        a2.intoArray(acc, at + 2 * F.length());
        a3.intoArray(acc, at + 3 * F.length());
        b0.intoArray(acc, at + 4 * F.length());
        b1.intoArray(acc, at + 5 * F.length());
        b2.intoArray(acc, at + 6 * F.length());
        b3.intoArray(acc, at + 7 * F.length());
    }

    /** One weight row at byte offset o dotted with the pre-split x at xo. */
    static float row(MemorySegment w, long o, int cols, float[] x, int xo, float[] acc) {
        FloatVector a = FloatVector.zero(F);
        int lanes = F.length();
        int n = cols - cols % (2 * lanes);
        for (int k = 0; k < n; k += 2 * lanes) {
            IntVector v = IntVector.fromMemorySegment(I, w, o + 2L * k, LE);
            a = v.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F, x, xo + k), a);
            a = v.and(HI).reinterpretAsFloats().fma(FloatVector.fromArray(F, x, xo + k + lanes), a);
        }
        a.intoArray(acc, 0);
        return Simd.sumLanes(acc, 0) + tail(w, o, n, cols, x, xo);
    }

    /** Scalar dot over columns [from, cols) with unsplit x: the ragged end, or everything on the scalar path. */
    static float tail(MemorySegment w, long o, int from, int cols, float[] x, int xo) {
        float s = 0;
        for (int k = from; k < cols; k++) {
            s = Math.fma(Float.intBitsToFloat(w.get(Tensor.I16, o + 2L * k) << 16), x[xo + k], s);
        }
        return s;
    }
}
