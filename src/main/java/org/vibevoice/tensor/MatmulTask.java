package org.vibevoice.tensor;

import java.lang.foreign.MemorySegment;

/**
 * One matmul call (one or several matrices sharing an input) cut into row chunks that the
 * {@link Parallel} pool claims dynamically. Each calling thread owns one reusable instance holding
 * the chunk plan and the pre-split input, so steady-state calls allocate nothing here.
 */
final class MatmulTask implements Parallel.Body {
    private static final ThreadLocal<MatmulTask> LOCAL = ThreadLocal.withInitial(MatmulTask::new);
    /** Per executing thread (chunks run on workers too): where kernels leave their accumulators. */
    private static final ThreadLocal<float[]> ACC = ThreadLocal.withInitial(() -> new float[0]);
    /** Accumulator vectors the kernels fill before their lanes are summed (a block of 4-row groups, 8 KB at 16 lanes). */
    private static final int BLOCK_VECTORS = 128;
    private final MatmulCall call = new MatmulCall();
    private int batch;
    private float[] bf16X = new float[0];
    private float[] f16X = new float[0];

    private final ChunkPlan plan = new ChunkPlan();

    static MatmulTask local() {
        return LOCAL.get();
    }

    /** Rows [r0, r1) of one matrix. */
    void run(float[] x, int batch, Matrix m, float[] y, int r0, int r1) {
        call.set(x, m, y);
        prepare(batch, m.cols());
        plan.add(0, r0, r1, m.rowBytes(), (long) (r1 - r0) * m.rowBytes());
        call.forEach(plan.count(), this);
    }

    /** All rows of several matrices with the same column count, in one dispatch. */
    void run(float[] x, int batch, Matrix[] matrices, float[][] outputs) {
        call.set(x, matrices, outputs);
        long total = 0;
        for (Matrix m : matrices) {
            total += m.byteSize();
        }
        prepare(batch, matrices[0].cols());
        for (int i = 0; i < matrices.length; i++) {
            plan.add(i, 0, matrices[i].rows(), matrices[i].rowBytes(), total);
        }
        call.forEach(plan.count(), this);
    }

    private void prepare(int b, int cols) {
        float[] input = call.input();
        this.batch = b;
        plan.clear();
        int len = b * cols;
        boolean needBf16 = false;
        boolean needF16 = false;
        for (int i = 0; i < call.count(); i++) {
            needBf16 |= call.matrix(i).dtype() == DType.BF16;
            needF16 |= call.matrix(i).dtype() == DType.F16;
        }
        if (needBf16) {
            if (bf16X.length < len) {
                bf16X = new float[len];
            }
            PairSplit.split(input, b, cols, 1f, bf16X);
        }
        if (needF16) {
            if (f16X.length < len) {
                f16X = new float[len];
            }
            PairSplit.split(input, b, cols, F16Kernels.SCALE, f16X);
        }
    }

    @Override
    public void run(int chunk) {
        Matrix m = call.matrix(plan.matrix(chunk));
        float[] y = call.output(plan.matrix(chunk));
        float[] in = switch (m.dtype()) {
            case BF16 -> bf16X;
            case F16 -> f16X;
            default -> call.input();
        };
        if (Simd.ENABLED) {
            rows(m, in, y, plan.row0(chunk), plan.row1(chunk), acc());
        } else {
            scalarRows(m, in, y, plan.row0(chunk), plan.row1(chunk));
        }
    }

    /** This thread's accumulator block, grown to hold at least one 4-row group of every batch row (plus the kernels' touch slot). */
    private float[] acc() {
        float[] acc = ACC.get();
        int need = Math.max(BLOCK_VECTORS, 4 * batch) * Simd.LANES + 1;
        if (acc.length < need) {
            acc = new float[need];
            ACC.set(acc);
        }
        return acc;
    }

    /**
     * Groups of 4 rows × pairs of batch rows (the largest block below C2's inlining cliff), then
     * leftovers. The 4 rows of a group are the same row of each quarter of the chunk, so each of the
     * 4 streams runs forward through a quarter of the chunk instead of ending after one row: measured
     * on one thread at batch 2, bf16 1536×1536 13 → 19 GB/s and 8960×1536 13 → 18–19 GB/s. The
     * kernels leave their accumulators for a block of groups, whose lanes are then summed together
     * ({@link RowSums#finish}).
     */
    private void rows(Matrix m, float[] in, float[] y, int r0, int r1, float[] acc) {
        MemorySegment w = m.data();
        int cols = m.cols();
        int rows = m.rows();
        long rb = m.rowBytes();
        int lanes = Simd.LANES;
        int n = cols - cols % (m.dtype() == DType.F32 ? lanes : 2 * lanes);
        int q = (r1 - r0) / 4;
        long qb = q * rb;
        int groupFloats = 4 * batch * lanes;
        int block = Math.max(1, BLOCK_VECTORS * lanes / groupFloats);
        for (int g0 = r0; g0 < r0 + q; g0 += block) {
            int g1 = Math.min(r0 + q, g0 + block);
            for (int r = g0; r < g1; r++) {
                long o = r * rb;
                int at = (r - g0) * groupFloats;
                int b = 0;
                for (; b + 2 <= batch; b += 2) {
                    int a = at + 4 * b * lanes;
                    switch (m.dtype()) {
                        case F32 -> F32Kernels.rows4x2(w, o, qb, cols, in, b * cols, acc, a);
                        case BF16 -> Bf16Kernels.rows4x2(w, o, qb, cols, in, b * cols, acc, a, Simd.READ_AHEAD);
                        default -> F16Kernels.rows4x2(w, o, qb, cols, in, b * cols, acc, a);
                    }
                }
                if (b < batch) {
                    int a = at + 4 * b * lanes;
                    switch (m.dtype()) {
                        case F32 -> F32Kernels.rows4(w, o, qb, cols, in, b * cols, acc, a);
                        case BF16 -> Bf16Kernels.rows4(w, o, qb, cols, in, b * cols, acc, a, Simd.READ_AHEAD);
                        default -> F16Kernels.rows4(w, o, qb, cols, in, b * cols, acc, a);
                    }
                }
            }
            for (int r = g0; r < g1; r++) {
                int at = (r - g0) * groupFloats;
                for (int b = 0; b < batch; b++) {
                    int a = at + 4 * b * lanes;
                    RowSums.finish(m.dtype(), acc, a, w, r * rb, qb, n, cols, in, b * cols);
                    for (int k = 0; k < 4; k++) {
                        y[b * rows + r + k * q] = acc[a + k];
                    }
                }
            }
        }
        for (int r = r0 + 4 * q; r < r1; r++) {
            long o = r * rb;
            for (int b = 0; b < batch; b++) {
                y[b * rows + r] = switch (m.dtype()) {
                    case F32 -> F32Kernels.row(w, o, cols, in, b * cols, acc);
                    case BF16 -> Bf16Kernels.row(w, o, cols, in, b * cols, acc);
                    default -> F16Kernels.row(w, o, cols, in, b * cols, acc);
                };
            }
        }
    }

    /** The -Dvibevoice.vectorBits=0 path: the kernels' scalar tails over whole rows. */
    private void scalarRows(Matrix m, float[] in, float[] y, int r0, int r1) {
        MemorySegment w = m.data();
        int cols = m.cols();
        int rows = m.rows();
        long rb = m.rowBytes();
        for (int r = r0; r < r1; r++) {
            long o = r * rb;
            for (int b = 0; b < batch; b++) {
                y[b * rows + r] = switch (m.dtype()) {
                    case F32 -> F32Kernels.tail(w, o, 0, cols, in, b * cols);
                    case BF16 -> Bf16Kernels.tail(w, o, 0, cols, in, b * cols);
                    default -> F16Kernels.tail(w, o, 0, cols, in, b * cols) * F16Kernels.SCALE;
                };
            }
        }
    }
}
