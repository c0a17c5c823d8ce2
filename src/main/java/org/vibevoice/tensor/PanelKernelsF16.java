package org.vibevoice.tensor;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Panel micro-kernels for f16 weights (layout in {@link PackedLinear}). Per input index q:
 * widen the panel row (2 int loads) to 4 f32 vectors holding value ×
 * 2^-112 (sign to bit 31, exponent and mantissa to bits 13..27: exact, subnormals included; the
 * scale is undone once on the finished sums).
 * Then broadcast each window's x[q] and FMA into rows × 4 vector accumulators. One small method per
 * shape keeps every body inside C2's inlining limits (larger bodies, or vectors merged across
 * branches, lost 2-60x here). Generated from one template: the dtypes differ only in the
 * weight decode and the final scale.
 */
final class PanelKernelsF16 {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    /** Sign, then exponent and mantissa moved to f32 bits 13..27: the f16 value × 2^-112, exactly. */
    private static final int BITS = 0x8FFFE000;
    private static final FloatVector SCALE = FloatVector.broadcast(FloatVector.SPECIES_PREFERRED, 0x1p112f);
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final int L = F.length();
    private static final long STEP = 4L * L * 2;

    private PanelKernelsF16() {
    }

    static void tile4(float[] x, int x0, int x1, int x2, int x3, MemorySegment w, long off, int k,
            float[] bias, int b, float[] y, int y0, int y1, int y2, int y3) {
        FloatVector c00 = FloatVector.zero(F), c01 = FloatVector.zero(F), c02 = FloatVector.zero(F), c03 = FloatVector.zero(F);
        FloatVector c10 = FloatVector.zero(F), c11 = FloatVector.zero(F), c12 = FloatVector.zero(F), c13 = FloatVector.zero(F);
        FloatVector c20 = FloatVector.zero(F), c21 = FloatVector.zero(F), c22 = FloatVector.zero(F), c23 = FloatVector.zero(F);
        FloatVector c30 = FloatVector.zero(F), c31 = FloatVector.zero(F), c32 = FloatVector.zero(F), c33 = FloatVector.zero(F);
        for (int q = 0; q < k; q++, off += STEP) {
            IntVector v0 = IntVector.fromMemorySegment(I, w, off, LE);
            IntVector v1 = IntVector.fromMemorySegment(I, w, off + 4L * L, LE);
            FloatVector w0 = v0.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 3).and(BITS).reinterpretAsFloats();
            FloatVector w1 = v0.lanewise(VectorOperators.ASHR, 3).and(BITS).reinterpretAsFloats();
            FloatVector w2 = v1.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 3).and(BITS).reinterpretAsFloats();
            FloatVector w3 = v1.lanewise(VectorOperators.ASHR, 3).and(BITS).reinterpretAsFloats();
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
        c00.fma(SCALE, z0).intoArray(y, y0);
        c01.fma(SCALE, z1).intoArray(y, y0 + 1 * L);
        c02.fma(SCALE, z2).intoArray(y, y0 + 2 * L);
        c03.fma(SCALE, z3).intoArray(y, y0 + 3 * L);
        c10.fma(SCALE, z0).intoArray(y, y1);
        c11.fma(SCALE, z1).intoArray(y, y1 + 1 * L);
        c12.fma(SCALE, z2).intoArray(y, y1 + 2 * L);
        c13.fma(SCALE, z3).intoArray(y, y1 + 3 * L);
        c20.fma(SCALE, z0).intoArray(y, y2);
        c21.fma(SCALE, z1).intoArray(y, y2 + 1 * L);
        c22.fma(SCALE, z2).intoArray(y, y2 + 2 * L);
        c23.fma(SCALE, z3).intoArray(y, y2 + 3 * L);
        c30.fma(SCALE, z0).intoArray(y, y3);
        c31.fma(SCALE, z1).intoArray(y, y3 + 1 * L);
        c32.fma(SCALE, z2).intoArray(y, y3 + 2 * L);
        c33.fma(SCALE, z3).intoArray(y, y3 + 3 * L);
    }

    static void tile2(float[] x, int x0, int x1, MemorySegment w, long off, int k,
            float[] bias, int b, float[] y, int y0, int y1) {
        FloatVector c00 = FloatVector.zero(F), c01 = FloatVector.zero(F), c02 = FloatVector.zero(F), c03 = FloatVector.zero(F);
        FloatVector c10 = FloatVector.zero(F), c11 = FloatVector.zero(F), c12 = FloatVector.zero(F), c13 = FloatVector.zero(F);
        for (int q = 0; q < k; q++, off += STEP) {
            IntVector v0 = IntVector.fromMemorySegment(I, w, off, LE);
            IntVector v1 = IntVector.fromMemorySegment(I, w, off + 4L * L, LE);
            FloatVector w0 = v0.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 3).and(BITS).reinterpretAsFloats();
            FloatVector w1 = v0.lanewise(VectorOperators.ASHR, 3).and(BITS).reinterpretAsFloats();
            FloatVector w2 = v1.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 3).and(BITS).reinterpretAsFloats();
            FloatVector w3 = v1.lanewise(VectorOperators.ASHR, 3).and(BITS).reinterpretAsFloats();
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
        c00.fma(SCALE, z0).intoArray(y, y0);
        c01.fma(SCALE, z1).intoArray(y, y0 + 1 * L);
        c02.fma(SCALE, z2).intoArray(y, y0 + 2 * L);
        c03.fma(SCALE, z3).intoArray(y, y0 + 3 * L);
        c10.fma(SCALE, z0).intoArray(y, y1);
        c11.fma(SCALE, z1).intoArray(y, y1 + 1 * L);
        c12.fma(SCALE, z2).intoArray(y, y1 + 2 * L);
        c13.fma(SCALE, z3).intoArray(y, y1 + 3 * L);
    }

    static void tile1(float[] x, int x0, MemorySegment w, long off, int k,
            float[] bias, int b, float[] y, int y0) {
        FloatVector c00 = FloatVector.zero(F), c01 = FloatVector.zero(F), c02 = FloatVector.zero(F), c03 = FloatVector.zero(F);
        for (int q = 0; q < k; q++, off += STEP) {
            IntVector v0 = IntVector.fromMemorySegment(I, w, off, LE);
            IntVector v1 = IntVector.fromMemorySegment(I, w, off + 4L * L, LE);
            FloatVector w0 = v0.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 3).and(BITS).reinterpretAsFloats();
            FloatVector w1 = v0.lanewise(VectorOperators.ASHR, 3).and(BITS).reinterpretAsFloats();
            FloatVector w2 = v1.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 3).and(BITS).reinterpretAsFloats();
            FloatVector w3 = v1.lanewise(VectorOperators.ASHR, 3).and(BITS).reinterpretAsFloats();
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
        c00.fma(SCALE, z0).intoArray(y, y0);
        c01.fma(SCALE, z1).intoArray(y, y0 + 1 * L);
        c02.fma(SCALE, z2).intoArray(y, y0 + 2 * L);
        c03.fma(SCALE, z3).intoArray(y, y0 + 3 * L);
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
            IntVector v00 = IntVector.fromMemorySegment(I, w, o, LE);
            IntVector v01 = IntVector.fromMemorySegment(I, w, o + 4L * L, LE);
            c00 = v00.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 3).and(BITS).reinterpretAsFloats().fma(xb, c00);
            c01 = v00.lanewise(VectorOperators.ASHR, 3).and(BITS).reinterpretAsFloats().fma(xb, c01);
            c02 = v01.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 3).and(BITS).reinterpretAsFloats().fma(xb, c02);
            c03 = v01.lanewise(VectorOperators.ASHR, 3).and(BITS).reinterpretAsFloats().fma(xb, c03);
            IntVector v10 = IntVector.fromMemorySegment(I, w, o + 1 * panelBytes, LE);
            IntVector v11 = IntVector.fromMemorySegment(I, w, o + 1 * panelBytes + 4L * L, LE);
            c10 = v10.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 3).and(BITS).reinterpretAsFloats().fma(xb, c10);
            c11 = v10.lanewise(VectorOperators.ASHR, 3).and(BITS).reinterpretAsFloats().fma(xb, c11);
            c12 = v11.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 3).and(BITS).reinterpretAsFloats().fma(xb, c12);
            c13 = v11.lanewise(VectorOperators.ASHR, 3).and(BITS).reinterpretAsFloats().fma(xb, c13);
            IntVector v20 = IntVector.fromMemorySegment(I, w, o + 2 * panelBytes, LE);
            IntVector v21 = IntVector.fromMemorySegment(I, w, o + 2 * panelBytes + 4L * L, LE);
            c20 = v20.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 3).and(BITS).reinterpretAsFloats().fma(xb, c20);
            c21 = v20.lanewise(VectorOperators.ASHR, 3).and(BITS).reinterpretAsFloats().fma(xb, c21);
            c22 = v21.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 3).and(BITS).reinterpretAsFloats().fma(xb, c22);
            c23 = v21.lanewise(VectorOperators.ASHR, 3).and(BITS).reinterpretAsFloats().fma(xb, c23);
            IntVector v30 = IntVector.fromMemorySegment(I, w, o + 3 * panelBytes, LE);
            IntVector v31 = IntVector.fromMemorySegment(I, w, o + 3 * panelBytes + 4L * L, LE);
            c30 = v30.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 3).and(BITS).reinterpretAsFloats().fma(xb, c30);
            c31 = v30.lanewise(VectorOperators.ASHR, 3).and(BITS).reinterpretAsFloats().fma(xb, c31);
            c32 = v31.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 3).and(BITS).reinterpretAsFloats().fma(xb, c32);
            c33 = v31.lanewise(VectorOperators.ASHR, 3).and(BITS).reinterpretAsFloats().fma(xb, c33);
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
