package org.vibevoice.tensor;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * A weight matrix [rows][cols], row-major, stored as f32, f16 or bf16 in native memory, multiplied
 * with f32 activations and f32 accumulation. This is the one matmul entry point of the engine.
 *
 * <h2>Products</h2>
 * <ul>
 *   <li>{@link #matmul(float[], float[], int)}: y = W·x for a batch of 1..n input rows that share one
 *       sweep of the weights (the LM's single token, the CFG pair, the diffusion head's rows);</li>
 *   <li>{@link #matmulRows}: a subset of output rows (e.g. the few control-token rows of lm_head);</li>
 *   <li>{@link #matmul(float[], int, Matrix[], float[][])}: several matrices with the same input
 *       (q/k/v, gate/up) in one parallel dispatch, splitting x once.</li>
 * </ul>
 * All of them run Vector API kernels (one class per weight dtype: {@code F32Kernels},
 * {@code Bf16Kernels}, {@code F16Kernels}; 4 weight rows share each load of x, f32 accumulation) on
 * every core through {@link Parallel}, in about 32 dynamically claimed chunks of 4-row multiples.
 * Steady-state calls allocate nothing. Batches larger than 2 run in pairs over each 4-row block,
 * which stays in L1/L2 meanwhile.
 *
 * <h2>Numerics</h2>
 * Each row is accumulated lane-wise in column order and its lanes summed by a fixed tree, in every
 * kernel: a row's result is bitwise the same whatever the batch size, the row range and the JIT tier
 * (so runs are reproducible), for a given vector width ({@link Simd}). The error against the exact
 * product is that of f32 summation, at most n·2⁻²⁴·Σ|w·x| for n columns, usually far less. f16
 * weights are decoded exactly (subnormals included); Inf/NaN weights are not supported there.
 *
 * <h2>Memory</h2>
 * Weights must live in native memory (an {@link java.lang.foreign.Arena} or a mapped file). Mapped
 * segments are re-viewed as plain native segments so that the kernels only ever see one segment
 * class: a second class at the same load sites costs 3–5× (profile pollution). Heap segments are
 * rejected for the same reason. The pool's threads read the weights, so the segment must not belong
 * to a confined arena.
 */
public final class Matrix {
    private final String name;
    private final DType dtype;
    private final int rows;
    private final int cols;
    private final MemorySegment data;

    private Matrix(String name, DType dtype, int rows, int cols, MemorySegment data) {
        if (!dtype.isFloat()) {
            throw new IllegalArgumentException(name + ": " + dtype + " is not a float dtype");
        }
        if (!data.isNative()) {
            throw new IllegalArgumentException(name + ": weights must be in native memory (an Arena or a mapped file), not on the heap");
        }
        this.name = name;
        this.dtype = dtype;
        this.rows = rows;
        this.cols = cols;
        this.data = data.isMapped() ? data.reinterpret(data.byteSize()) : data;
    }

    /** Views a tensor of rank ≥ 2 as [dim0][product of the other dims]; rank 1 as one row. */
    public static Matrix of(Tensor t) {
        long[] s = t.shape();
        int rows = s.length <= 1 ? 1 : Math.toIntExact(s[0]);
        int cols = Math.toIntExact(rows == 0 ? 0 : t.numel() / Math.max(rows, 1));
        return new Matrix(t.name(), t.dtype(), rows, cols, t.data());
    }

    public String name() {
        return name;
    }

    public DType dtype() {
        return dtype;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    public MemorySegment data() {
        return data;
    }

    public long byteSize() {
        return data.byteSize();
    }

    /** Bytes per row. */
    public long rowBytes() {
        return (long) cols * dtype.bytes();
    }

    /** Element (r, c) as a float. */
    public float get(int r, int c) {
        long i = (long) r * cols + c;
        return switch (dtype) {
            case F32 -> data.getAtIndex(Tensor.F32, i);
            case F16 -> Half.f16ToFloat(data.getAtIndex(Tensor.I16, i));
            default -> Half.bf16ToFloat(data.getAtIndex(Tensor.I16, i));
        };
    }

    /** Row r into {@code out[off..off+cols)} as floats (embedding lookup; vectorised bulk conversion). */
    public void row(int r, float[] out, int off) {
        Objects.checkIndex(r, rows);
        Convert.read(dtype, data, (long) r * cols, out, off, cols);
    }

    /**
     * y[b·rows + r] = Σ_k W[r][k] · x[b·cols + k] for b &lt; batch, r &lt; rows: a batch of input
     * rows (the CFG pair, the diffusion rows, several requests) shares one sweep of the weights.
     * Batches of 2 cost about the same as 1 (memory-bound); larger batches run in pairs over
     * 4-row blocks that stay in L1/L2, and from {@link PanelGemm#MIN_ROWS} rows on through
     * decoded weight panels. x and y must not overlap.
     */
    public void matmul(float[] x, float[] y, int batch) {
        if (panelRows(batch)) {
            checkShapes(x, y, batch);
            PanelGemm.local().run(x, batch, new Matrix[] {this}, new float[][] {y});
            return;
        }
        matmulRows(x, y, batch, 0, rows);
    }

    /** Many input rows (a prefill) go through {@link PanelGemm}, whose packing they amortise. */
    private static boolean panelRows(int batch) {
        return batch >= PanelGemm.MIN_ROWS && Simd.ENABLED;
    }

    /** The same product restricted to output rows [r0, r1); other entries of y are left alone. */
    public void matmulRows(float[] x, float[] y, int batch, int r0, int r1) {
        checkShapes(x, y, batch);
        Objects.checkFromToIndex(r0, r1, rows);
        if (r0 < r1) {
            MatmulTask.local().run(x, batch, this, y, r0, r1);
        }
    }

    /**
     * ys[i] = ms[i] · x (each laid out as in {@link #matmul(float[], float[], int)}) for matrices with
     * the same column count that read the same input, e.g. q/k/v or gate/up: one dispatch over all
     * their rows and one even/odd split of x instead of one per matrix.
     */
    public static void matmul(float[] x, int batch, Matrix[] ms, float[][] ys) {
        if (ms.length != ys.length) {
            throw new IllegalArgumentException(ms.length + " matrices but " + ys.length + " outputs");
        }
        if (ms.length == 0) {
            return;
        }
        for (int i = 0; i < ms.length; i++) {
            if (ms[i].cols != ms[0].cols) {
                throw new IllegalArgumentException(ms[i].name + " has " + ms[i].cols + " columns, " + ms[0].name + " " + ms[0].cols);
            }
            ms[i].checkShapes(x, ys[i], batch);
        }
        if (panelRows(batch)) {
            PanelGemm.local().run(x, batch, ms, ys);
        } else {
            MatmulTask.local().run(x, batch, ms, ys);
        }
    }

    private void checkShapes(float[] x, float[] y, int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException(name + ": batch must be at least 1, got " + batch);
        }
        if (x.length < (long) batch * cols) {
            throw new IllegalArgumentException(name + ": input has " + x.length + " floats, batch " + batch + " × " + cols + " needed");
        }
        if (y.length < (long) batch * rows) {
            throw new IllegalArgumentException(name + ": output has " + y.length + " floats, batch " + batch + " × " + rows + " needed");
        }
        if (x == y) {
            throw new IllegalArgumentException(name + ": input and output must be different arrays");
        }
    }
}
