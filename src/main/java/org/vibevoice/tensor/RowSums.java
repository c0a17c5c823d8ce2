package org.vibevoice.tensor;

import java.lang.foreign.MemorySegment;

/** The common end of the 4-row kernels, kept out of their bodies so those stay small for C2. */
final class RowSums {
    private RowSums() {
    }

    /**
     * After a kernel stored its 4 accumulators at acc[off + i·lanes]: y[yo + i] = their lane sum plus
     * the scalar tail (columns n..cols) of row i, times 2⁵⁶ for f16 (see {@link F16Kernels}).
     */
    static void finish4(DType dtype, float[] acc, int off, MemorySegment w, long o, long rb, int n, int cols, float[] x, int xo,
                        float[] y, int yo) {
        Simd.reduce4(acc, off);
        for (int i = 0; i < 4; i++) {
            y[yo + i] = finish(dtype, acc[off + i], w, o + i * rb, n, cols, x, xo);
        }
    }

    /**
     * After a row kernel stored its 2 accumulators at acc[0] and acc[lanes]: y[yo] and y[yo + ys] =
     * their lane sums ({@link Simd#sumLanes}, scalar) plus the scalar tails of the row with the
     * inputs at xo and xo + xs, times 2⁵⁶ for f16.
     */
    static void finish2(DType dtype, float[] acc, MemorySegment w, long o, int n, int cols, float[] x, int xo, int xs,
                        float[] y, int yo, int ys) {
        float a = Simd.sumLanes(acc, 0);
        float b = Simd.sumLanes(acc, Simd.LANES);
        y[yo] = finish(dtype, a, w, o, n, cols, x, xo);
        y[yo + ys] = finish(dtype, b, w, o, n, cols, x, xo + xs);
    }

    private static float finish(DType dtype, float sum, MemorySegment w, long o, int n, int cols, float[] x, int xo) {
        return switch (dtype) {
            case F32 -> sum + F32Kernels.tail(w, o, n, cols, x, xo);
            case BF16 -> sum + Bf16Kernels.tail(w, o, n, cols, x, xo);
            default -> (sum + F16Kernels.tail(w, o, n, cols, x, xo)) * F16Kernels.SCALE;
        };
    }
}
