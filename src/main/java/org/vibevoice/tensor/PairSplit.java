package org.vibevoice.tensor;

/**
 * Lays an input row out for the 16-bit "pairs" kernels: per block of 2·lanes columns, the even
 * columns first, then the odd ones (the order in which one int-vector load of weights yields them),
 * optionally scaled (f16 kernels work on x·2⁵⁶). Columns after the last full block, and every column
 * on the scalar path, stay in place. Done once per matmul and batch row, shared by all threads.
 */
final class PairSplit {
    private PairSplit() {
    }

    /** Splits batch rows of {@code cols} floats from {@code x} into {@code out} (same offsets). */
    static void split(float[] x, int batch, int cols, float scale, float[] out) {
        int lanes = Simd.LANES;
        int block = 2 * lanes;
        int n = Simd.ENABLED ? cols - cols % block : 0;
        for (int b = 0; b < batch; b++) {
            int o = b * cols;
            for (int k = o; k < o + n; k += block) {
                for (int j = 0; j < lanes; j++) {
                    out[k + j] = x[k + 2 * j] * scale;
                    out[k + lanes + j] = x[k + 2 * j + 1] * scale;
                }
            }
            for (int k = o + n; k < o + cols; k++) {
                out[k] = x[k] * scale;
            }
        }
    }
}
