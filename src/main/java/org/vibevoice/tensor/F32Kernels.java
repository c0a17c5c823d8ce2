package org.vibevoice.tensor;


import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Dot-product kernels for f32 weights. Four weight rows share each x load (one accumulator per
 * row, the lanes give the independent partial sums). Bodies stay small on purpose: an 8-row body
 * exceeded C2's inlining budget and ran 6× slower (notes B.1.2).
 */
final class F32Kernels {
    private static final VectorSpecies<Float> F = Simd.F;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final long AHEAD = Simd.READ_AHEAD;

    private F32Kernels() {
    }

    /**
     * W[row i] · x[xo ..] for the 4 rows starting at byte offset o, rows rb bytes apart, as 4
     * accumulators at acc[at + i·lanes] whose lanes {@link RowSums#finish} adds up.
     */
    static void rows4(MemorySegment w, long o, long rb, int cols, float[] x, int xo, float[] acc, int at) {
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        int n = cols - cols % F.length();
        int touched = 0;
        long end = w.byteSize() - 4;
        for (int k = 0; k < n; k += F.length()) {
            FloatVector xv = FloatVector.fromArray(F, x, xo + k);
            long p = o + 4L * k;
            touched += w.get(Tensor.I32, Math.min(p + 3 * rb + AHEAD, end));
            a0 = FloatVector.fromMemorySegment(F, w, p, LE).fma(xv, a0);
            a1 = FloatVector.fromMemorySegment(F, w, p + rb, LE).fma(xv, a1);
            a2 = FloatVector.fromMemorySegment(F, w, p + 2 * rb, LE).fma(xv, a2);
            a3 = FloatVector.fromMemorySegment(F, w, p + 3 * rb, LE).fma(xv, a3);
        }
        acc[acc.length - 1] = touched;
        a0.intoArray(acc, at);
        a1.intoArray(acc, at + F.length());
        a2.intoArray(acc, at + 2 * F.length());
        a3.intoArray(acc, at + 3 * F.length());
    }

    /** Two input rows (x at xo and xo + cols) through the same 4 weight rows: 8 accumulators at acc[at …], input 0's first. */
    static void rows4x2(MemorySegment w, long o, long rb, int cols, float[] x, int xo, float[] acc, int at) {
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        FloatVector b0 = a0;
        FloatVector b1 = a0;
        FloatVector b2 = a0;
        FloatVector b3 = a0;
        int n = cols - cols % F.length();
        int xo2 = xo + cols;
        int touched = 0;
        long end = w.byteSize() - 4;
        for (int k = 0; k < n; k += F.length()) {
            FloatVector xa = FloatVector.fromArray(F, x, xo + k);
            FloatVector xb = FloatVector.fromArray(F, x, xo2 + k);
            long p = o + 4L * k;
            touched += w.get(Tensor.I32, Math.min(p + 3 * rb + AHEAD, end));
            FloatVector w0 = FloatVector.fromMemorySegment(F, w, p, LE);
            FloatVector w1 = FloatVector.fromMemorySegment(F, w, p + rb, LE);
            FloatVector w2 = FloatVector.fromMemorySegment(F, w, p + 2 * rb, LE);
            FloatVector w3 = FloatVector.fromMemorySegment(F, w, p + 3 * rb, LE);
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

    /** One weight row at byte offset o dotted with x[xo ..]. */
    static float row(MemorySegment w, long o, int cols, float[] x, int xo, float[] acc) {
        FloatVector a = FloatVector.zero(F);
        int n = cols - cols % F.length();
        for (int k = 0; k < n; k += F.length()) {
            a = FloatVector.fromMemorySegment(F, w, o + 4L * k, LE).fma(FloatVector.fromArray(F, x, xo + k), a);
        }
        a.intoArray(acc, 0);
        return Simd.sumLanes(acc, 0) + tail(w, o, n, cols, x, xo);
    }

    /** Scalar dot over columns [from, cols): the part that does not fill a vector, or everything on the scalar path. */
    static float tail(MemorySegment w, long o, int from, int cols, float[] x, int xo) {
        float s = 0;
        for (int k = from; k < cols; k++) {
            s = Math.fma(w.get(Tensor.F32, o + 4L * k), x[xo + k], s);
        }
        return s;
    }
}
