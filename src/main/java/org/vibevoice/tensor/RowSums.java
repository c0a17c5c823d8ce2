package org.vibevoice.tensor;

import java.lang.foreign.MemorySegment;

/**
 * The common end of the 4-row kernels, kept out of their bodies so those stay small for C2: the
 * kernels leave their accumulators in an array, and the caller adds up the lanes of a block of
 * them here, away from the weight stream (summed inside each kernel call, the lanes cost a 1536-
 * column batch-2 bf16 kernel a quarter of its speed).
 */
final class RowSums {
    private RowSums() {
    }

    /**
     * Replaces the 4 accumulators at acc[at + i·lanes] (i &lt; 4) of rows at o + i·rb by their finished
     * dot products at acc[at + i]: lane sum ({@link Simd#reduce4}) plus the scalar tail (columns
     * n..cols) against x at xo, times 2⁵⁶ for f16 (see {@link F16Kernels}).
     */
    static void finish(DType dtype, float[] acc, int at, MemorySegment w, long o, long rb, int n, int cols, float[] x,
            int xo) {
        Simd.reduce4(acc, at);
        if (n == cols && dtype != DType.F16) {
            return;
        }
        for (int i = 0; i < 4; i++) {
            acc[at + i] = finish(dtype, acc[at + i], w, o + i * rb, n, cols, x, xo);
        }
    }

    private static float finish(DType dtype, float sum, MemorySegment w, long o, int n, int cols, float[] x, int xo) {
        return switch (dtype) {
            case F32 -> sum + F32Kernels.tail(w, o, n, cols, x, xo);
            case BF16 -> sum + Bf16Kernels.tail(w, o, n, cols, x, xo);
            default -> (sum + F16Kernels.tail(w, o, n, cols, x, xo)) * F16Kernels.SCALE;
        };
    }
}
