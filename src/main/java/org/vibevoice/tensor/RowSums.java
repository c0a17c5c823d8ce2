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
            long row = o + i * rb;
            y[yo + i] = switch (dtype) {
                case F32 -> acc[off + i] + F32Kernels.tail(w, row, n, cols, x, xo);
                case BF16 -> acc[off + i] + Bf16Kernels.tail(w, row, n, cols, x, xo);
                default -> (acc[off + i] + F16Kernels.tail(w, row, n, cols, x, xo)) * F16Kernels.SCALE;
            };
        }
    }
}
