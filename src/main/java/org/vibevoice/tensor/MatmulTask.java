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
    private static final ThreadLocal<float[]> ACC = ThreadLocal.withInitial(() -> new float[9 * Simd.LANES]);
    /** bf16 rows at least this long get the read-ahead (measured: +20% at 8960 columns, −7% at 1536). */
    private static final long LONG_ROW_BYTES = 8 << 10;
    /**
     * 16-bit rows up to this size are read one at a time, a single forward stream, rather than 4 in
     * parallel: measured at batch 2 on 2 threads, 8960×1536 bf16 went from 20–24 to 33–35 GB/s and
     * 1536×1536 from 18–22 to 25–27, while 9 KB rows and f32 were faster as 4 streams. Larger
     * batches keep the 4-row blocks: re-reading a row from L1 per input pair cost more than it saved
     * (LM step of 4 CFG pairs 315 ms against 241).
     */
    private static final long SEQUENTIAL_ROW_BYTES = 4 << 10;

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
            rows(m, in, y, plan.row0(chunk), plan.row1(chunk), ACC.get());
        } else {
            scalarRows(m, in, y, plan.row0(chunk), plan.row1(chunk));
        }
    }

    /**
     * Groups of 4 rows × pairs of batch rows (the largest block below C2's inlining cliff), then
     * leftovers; short 16-bit rows for one or two inputs one at a time instead ({@link #SEQUENTIAL_ROW_BYTES}).
     */
    private void rows(Matrix m, float[] in, float[] y, int r0, int r1, float[] acc) {
        MemorySegment w = m.data();
        int cols = m.cols();
        int rows = m.rows();
        long rb = m.rowBytes();
        if (m.dtype() != DType.F32 && rb <= SEQUENTIAL_ROW_BYTES && batch <= 2) {
            sequentialRows(m, in, y, r0, r1, acc);
            return;
        }
        long ahead = rb >= LONG_ROW_BYTES ? Simd.READ_AHEAD : 0;
        int r = r0;
        for (; r + 4 <= r1; r += 4) {
            long o = r * rb;
            int b = 0;
            for (; b + 2 <= batch; b += 2) {
                switch (m.dtype()) {
                    case F32 -> F32Kernels.rows4x2(w, o, rb, cols, in, b * cols, y, b * rows + r, rows, acc);
                    case BF16 -> Bf16Kernels.rows4x2(w, o, rb, cols, in, b * cols, y, b * rows + r, rows, acc, ahead);
                    default -> F16Kernels.rows4x2(w, o, rb, cols, in, b * cols, y, b * rows + r, rows, acc);
                }
            }
            if (b < batch) {
                switch (m.dtype()) {
                    case F32 -> F32Kernels.rows4(w, o, rb, cols, in, b * cols, y, b * rows + r, acc);
                    case BF16 -> Bf16Kernels.rows4(w, o, rb, cols, in, b * cols, y, b * rows + r, acc, ahead);
                    default -> F16Kernels.rows4(w, o, rb, cols, in, b * cols, y, b * rows + r, acc);
                }
            }
        }
        for (; r < r1; r++) {
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

    /** Each row read once, start to end, for every pair of batch rows (then a last single one). */
    private void sequentialRows(Matrix m, float[] in, float[] y, int r0, int r1, float[] acc) {
        MemorySegment w = m.data();
        int cols = m.cols();
        int rows = m.rows();
        long rb = m.rowBytes();
        boolean bf16 = m.dtype() == DType.BF16;
        for (int r = r0; r < r1; r++) {
            long o = r * rb;
            int b = 0;
            for (; b + 2 <= batch; b += 2) {
                if (bf16) {
                    Bf16Kernels.row2(w, o, cols, in, b * cols, cols, y, b * rows + r, rows, acc);
                } else {
                    F16Kernels.row2(w, o, cols, in, b * cols, cols, y, b * rows + r, rows, acc);
                }
            }
            if (b < batch) {
                y[b * rows + r] = bf16 ? Bf16Kernels.row(w, o, cols, in, b * cols, acc) : F16Kernels.row(w, o, cols, in, b * cols, acc);
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
