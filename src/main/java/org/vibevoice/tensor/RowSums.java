package org.vibevoice.tensor;

import java.lang.foreign.MemorySegment;

/** The common end of the 4-row kernels, kept out of their bodies so those stay small for C2. */
final class RowSums {
    private RowSums() {
    }

    /**
     * After a kernel stored its 4 accumulators at acc[off + i·lanes]: y[yo + i·yr] = their lane sum
     * plus the scalar tail (columns n..cols) of row i (at o + i·rb), times 2⁵⁶ for f16 (see {@link F16Kernels}).
     */
    static void finish4(DType dtype, float[] acc, int off, MemorySegment w, long o, long rb, int n, int cols, float[] x, int xo,
                        float[] y, int yo, int yr) {
        Simd.reduce4(acc, off);
        for (int i = 0; i < 4; i++) {
            y[yo + i * yr] = finish(dtype, acc[off + i], w, o + i * rb, n, cols, x, xo);
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
