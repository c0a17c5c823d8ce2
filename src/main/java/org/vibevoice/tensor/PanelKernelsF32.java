package org.vibevoice.tensor;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Panel micro-kernels for f32 weights (layout in {@link PackedLinear}). Per input index q:
 * load the panel row as 4 vectors.
 * Then broadcast each window's x[q] and FMA into rows × 4 vector accumulators. One small method per
 * shape keeps every body inside C2's inlining limits (larger bodies, or vectors merged across
 * branches, lost 2-60x here). Generated from one template: the dtypes differ only in the
 * weight decode and the final scale.
 */
final class PanelKernelsF32 {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final int L = F.length();
    private static final long STEP = 4L * L * 4;

    private PanelKernelsF32() {
    }

    static void tile4(float[] x, int x0, int x1, int x2, int x3, MemorySegment w, long off, int k,
            float[] bias, int b, float[] y, int y0, int y1, int y2, int y3) {
        FloatVector c00 = FloatVector.zero(F), c01 = FloatVector.zero(F), c02 = FloatVector.zero(F), c03 = FloatVector.zero(F);
        FloatVector c10 = FloatVector.zero(F), c11 = FloatVector.zero(F), c12 = FloatVector.zero(F), c13 = FloatVector.zero(F);
        FloatVector c20 = FloatVector.zero(F), c21 = FloatVector.zero(F), c22 = FloatVector.zero(F), c23 = FloatVector.zero(F);
        FloatVector c30 = FloatVector.zero(F), c31 = FloatVector.zero(F), c32 = FloatVector.zero(F), c33 = FloatVector.zero(F);
        for (int q = 0; q < k; q++, off += STEP) {
            FloatVector w0 = FloatVector.fromMemorySegment(F, w, off + 0L * L * 4, LE);
            FloatVector w1 = FloatVector.fromMemorySegment(F, w, off + 1L * L * 4, LE);
            FloatVector w2 = FloatVector.fromMemorySegment(F, w, off + 2L * L * 4, LE);
            FloatVector w3 = FloatVector.fromMemorySegment(F, w, off + 3L * L * 4, LE);
            FloatVector b0 = FloatVector.broadcast(F, x[x0 + q]);
            FloatVector b1 = FloatVector.broadcast(F, x[x1 + q]);
            FloatVector b2 = FloatVector.broadcast(F, x[x2 + q]);
            FloatVector b3 = FloatVector.broadcast(F, x[x3 + q]);
            c00 = w0.fma(b0, c00);
            c01 = w1.fma(b0, c01);
            c02 = w2.fma(b0, c02);
            c03 = w3.fma(b0, c03);
            c10 = w0.fma(b1, c10);
            c11 = w1.fma(b1, c11);
            c12 = w2.fma(b1, c12);
            c13 = w3.fma(b1, c13);
            c20 = w0.fma(b2, c20);
            c21 = w1.fma(b2, c21);
            c22 = w2.fma(b2, c22);
            c23 = w3.fma(b2, c23);
            c30 = w0.fma(b3, c30);
            c31 = w1.fma(b3, c31);
            c32 = w2.fma(b3, c32);
            c33 = w3.fma(b3, c33);
        }
        FloatVector z0 = FloatVector.fromArray(F, bias, b);
        FloatVector z1 = FloatVector.fromArray(F, bias, b + 1 * L);
        FloatVector z2 = FloatVector.fromArray(F, bias, b + 2 * L);
        FloatVector z3 = FloatVector.fromArray(F, bias, b + 3 * L);
        c00.add(z0).intoArray(y, y0);
        c01.add(z1).intoArray(y, y0 + 1 * L);
        c02.add(z2).intoArray(y, y0 + 2 * L);
        c03.add(z3).intoArray(y, y0 + 3 * L);
        c10.add(z0).intoArray(y, y1);
        c11.add(z1).intoArray(y, y1 + 1 * L);
        c12.add(z2).intoArray(y, y1 + 2 * L);
        c13.add(z3).intoArray(y, y1 + 3 * L);
        c20.add(z0).intoArray(y, y2);
        c21.add(z1).intoArray(y, y2 + 1 * L);
        c22.add(z2).intoArray(y, y2 + 2 * L);
        c23.add(z3).intoArray(y, y2 + 3 * L);
        c30.add(z0).intoArray(y, y3);
        c31.add(z1).intoArray(y, y3 + 1 * L);
        c32.add(z2).intoArray(y, y3 + 2 * L);
        c33.add(z3).intoArray(y, y3 + 3 * L);
    }

    static void tile2(float[] x, int x0, int x1, MemorySegment w, long off, int k,
            float[] bias, int b, float[] y, int y0, int y1) {
        FloatVector c00 = FloatVector.zero(F), c01 = FloatVector.zero(F), c02 = FloatVector.zero(F), c03 = FloatVector.zero(F);
        FloatVector c10 = FloatVector.zero(F), c11 = FloatVector.zero(F), c12 = FloatVector.zero(F), c13 = FloatVector.zero(F);
        for (int q = 0; q < k; q++, off += STEP) {
            FloatVector w0 = FloatVector.fromMemorySegment(F, w, off + 0L * L * 4, LE);
            FloatVector w1 = FloatVector.fromMemorySegment(F, w, off + 1L * L * 4, LE);
            FloatVector w2 = FloatVector.fromMemorySegment(F, w, off + 2L * L * 4, LE);
            FloatVector w3 = FloatVector.fromMemorySegment(F, w, off + 3L * L * 4, LE);
            FloatVector b0 = FloatVector.broadcast(F, x[x0 + q]);
            FloatVector b1 = FloatVector.broadcast(F, x[x1 + q]);
            c00 = w0.fma(b0, c00);
            c01 = w1.fma(b0, c01);
            c02 = w2.fma(b0, c02);
            c03 = w3.fma(b0, c03);
            c10 = w0.fma(b1, c10);
            c11 = w1.fma(b1, c11);
            c12 = w2.fma(b1, c12);
            c13 = w3.fma(b1, c13);
        }
        FloatVector z0 = FloatVector.fromArray(F, bias, b);
        FloatVector z1 = FloatVector.fromArray(F, bias, b + 1 * L);
        FloatVector z2 = FloatVector.fromArray(F, bias, b + 2 * L);
        FloatVector z3 = FloatVector.fromArray(F, bias, b + 3 * L);
        c00.add(z0).intoArray(y, y0);
        c01.add(z1).intoArray(y, y0 + 1 * L);
        c02.add(z2).intoArray(y, y0 + 2 * L);
        c03.add(z3).intoArray(y, y0 + 3 * L);
        c10.add(z0).intoArray(y, y1);
        c11.add(z1).intoArray(y, y1 + 1 * L);
        c12.add(z2).intoArray(y, y1 + 2 * L);
        c13.add(z3).intoArray(y, y1 + 3 * L);
    }

    static void tile1(float[] x, int x0, MemorySegment w, long off, int k,
            float[] bias, int b, float[] y, int y0) {
        FloatVector c00 = FloatVector.zero(F), c01 = FloatVector.zero(F), c02 = FloatVector.zero(F), c03 = FloatVector.zero(F);
        for (int q = 0; q < k; q++, off += STEP) {
            FloatVector w0 = FloatVector.fromMemorySegment(F, w, off + 0L * L * 4, LE);
            FloatVector w1 = FloatVector.fromMemorySegment(F, w, off + 1L * L * 4, LE);
            FloatVector w2 = FloatVector.fromMemorySegment(F, w, off + 2L * L * 4, LE);
            FloatVector w3 = FloatVector.fromMemorySegment(F, w, off + 3L * L * 4, LE);
            FloatVector b0 = FloatVector.broadcast(F, x[x0 + q]);
            c00 = w0.fma(b0, c00);
            c01 = w1.fma(b0, c01);
            c02 = w2.fma(b0, c02);
            c03 = w3.fma(b0, c03);
        }
        FloatVector z0 = FloatVector.fromArray(F, bias, b);
        FloatVector z1 = FloatVector.fromArray(F, bias, b + 1 * L);
        FloatVector z2 = FloatVector.fromArray(F, bias, b + 2 * L);
        FloatVector z3 = FloatVector.fromArray(F, bias, b + 3 * L);
        c00.add(z0).intoArray(y, y0);
        c01.add(z1).intoArray(y, y0 + 1 * L);
        c02.add(z2).intoArray(y, y0 + 2 * L);
        c03.add(z3).intoArray(y, y0 + 3 * L);
    }

    /**
     * One window × 4 panels, input indices [q0, q1): continues the 16 partial-sum vectors stored at
     * y[y0 ..] (4 weight streams at once: one stream per core cannot keep DRAM busy, 4 measured 2.5x
     * faster). Partials pass through memory exactly, so blocking keeps the single-pass summation order.
     */
    static void tile1x4(float[] x, int x0, MemorySegment w, long off, long panelBytes, int q0, int q1,
            float[] y, int y0) {
        FloatVector c00 = FloatVector.fromArray(F, y, y0 + 0 * L);
        FloatVector c01 = FloatVector.fromArray(F, y, y0 + 1 * L);
        FloatVector c02 = FloatVector.fromArray(F, y, y0 + 2 * L);
        FloatVector c03 = FloatVector.fromArray(F, y, y0 + 3 * L);
        FloatVector c10 = FloatVector.fromArray(F, y, y0 + 4 * L);
        FloatVector c11 = FloatVector.fromArray(F, y, y0 + 5 * L);
        FloatVector c12 = FloatVector.fromArray(F, y, y0 + 6 * L);
        FloatVector c13 = FloatVector.fromArray(F, y, y0 + 7 * L);
        FloatVector c20 = FloatVector.fromArray(F, y, y0 + 8 * L);
        FloatVector c21 = FloatVector.fromArray(F, y, y0 + 9 * L);
        FloatVector c22 = FloatVector.fromArray(F, y, y0 + 10 * L);
        FloatVector c23 = FloatVector.fromArray(F, y, y0 + 11 * L);
        FloatVector c30 = FloatVector.fromArray(F, y, y0 + 12 * L);
        FloatVector c31 = FloatVector.fromArray(F, y, y0 + 13 * L);
        FloatVector c32 = FloatVector.fromArray(F, y, y0 + 14 * L);
        FloatVector c33 = FloatVector.fromArray(F, y, y0 + 15 * L);
        long o = off + q0 * STEP;
        for (int q = q0; q < q1; q++, o += STEP) {
            FloatVector xb = FloatVector.broadcast(F, x[x0 + q]);
            c00 = FloatVector.fromMemorySegment(F, w, o + 0L * L * 4, LE).fma(xb, c00);
            c01 = FloatVector.fromMemorySegment(F, w, o + 1L * L * 4, LE).fma(xb, c01);
            c02 = FloatVector.fromMemorySegment(F, w, o + 2L * L * 4, LE).fma(xb, c02);
            c03 = FloatVector.fromMemorySegment(F, w, o + 3L * L * 4, LE).fma(xb, c03);
            c10 = FloatVector.fromMemorySegment(F, w, o + 1 * panelBytes + 0L * L * 4, LE).fma(xb, c10);
            c11 = FloatVector.fromMemorySegment(F, w, o + 1 * panelBytes + 1L * L * 4, LE).fma(xb, c11);
            c12 = FloatVector.fromMemorySegment(F, w, o + 1 * panelBytes + 2L * L * 4, LE).fma(xb, c12);
            c13 = FloatVector.fromMemorySegment(F, w, o + 1 * panelBytes + 3L * L * 4, LE).fma(xb, c13);
            c20 = FloatVector.fromMemorySegment(F, w, o + 2 * panelBytes + 0L * L * 4, LE).fma(xb, c20);
            c21 = FloatVector.fromMemorySegment(F, w, o + 2 * panelBytes + 1L * L * 4, LE).fma(xb, c21);
            c22 = FloatVector.fromMemorySegment(F, w, o + 2 * panelBytes + 2L * L * 4, LE).fma(xb, c22);
            c23 = FloatVector.fromMemorySegment(F, w, o + 2 * panelBytes + 3L * L * 4, LE).fma(xb, c23);
            c30 = FloatVector.fromMemorySegment(F, w, o + 3 * panelBytes + 0L * L * 4, LE).fma(xb, c30);
            c31 = FloatVector.fromMemorySegment(F, w, o + 3 * panelBytes + 1L * L * 4, LE).fma(xb, c31);
            c32 = FloatVector.fromMemorySegment(F, w, o + 3 * panelBytes + 2L * L * 4, LE).fma(xb, c32);
            c33 = FloatVector.fromMemorySegment(F, w, o + 3 * panelBytes + 3L * L * 4, LE).fma(xb, c33);
        }
        c00.intoArray(y, y0 + 0 * L);
        c01.intoArray(y, y0 + 1 * L);
        c02.intoArray(y, y0 + 2 * L);
        c03.intoArray(y, y0 + 3 * L);
        c10.intoArray(y, y0 + 4 * L);
        c11.intoArray(y, y0 + 5 * L);
        c12.intoArray(y, y0 + 6 * L);
        c13.intoArray(y, y0 + 7 * L);
        c20.intoArray(y, y0 + 8 * L);
        c21.intoArray(y, y0 + 9 * L);
        c22.intoArray(y, y0 + 10 * L);
        c23.intoArray(y, y0 + 11 * L);
        c30.intoArray(y, y0 + 12 * L);
        c31.intoArray(y, y0 + 13 * L);
        c32.intoArray(y, y0 + 14 * L);
        c33.intoArray(y, y0 + 15 * L);
    }
}
