package org.vibevoice.tensor;

/**
 * The operands of the matmul call in flight on a reusable, per-thread task object (the row kernels'
 * {@link MatmulTask}, the panels' {@link PanelGemm}), in arrays that grow but are never reallocated
 * per call; dropped when the call ends, so an idle task keeps no caller's arrays alive.
 */
final class MatmulCall {
    private Matrix[] ms = new Matrix[4];
    private float[][] ys = new float[4][];
    private int count;
    private float[] x;

    /** One matrix. */
    void set(float[] input, Matrix m, float[] y) {
        ms[0] = m;
        ys[0] = y;
        count = 1;
        x = input;
    }

    /** Several matrices reading the same input, each with its output. */
    void set(float[] input, Matrix[] matrices, float[][] outputs) {
        int n = matrices.length;
        if (ms.length < n) {
            ms = new Matrix[n];
            ys = new float[n][];
        }
        System.arraycopy(matrices, 0, ms, 0, n);
        System.arraycopy(outputs, 0, ys, 0, n);
        count = n;
        x = input;
    }

    int count() {
        return count;
    }

    Matrix matrix(int i) {
        return ms[i];
    }

    float[] output(int i) {
        return ys[i];
    }

    float[] input() {
        return x;
    }

    /** Runs {@code chunks} pieces of the call over the pool, then forgets the operands. */
    void forEach(int chunks, Parallel.Body body) {
        try {
            Parallel.forEach(chunks, body);
        } finally {
            x = null;
            java.util.Arrays.fill(ms, 0, count, null);
            java.util.Arrays.fill(ys, 0, count, null);
            count = 0;
        }
    }
}
