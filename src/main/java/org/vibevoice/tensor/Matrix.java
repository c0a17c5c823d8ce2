package org.vibevoice.tensor;

import java.lang.foreign.MemorySegment;

/**
 * A weight matrix [rows][cols], row-major, stored as f32, f16 or bf16 in native memory, multiplied
 * with f32 activations and f32 accumulation. This is the one matmul entry point of the engine.
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
        this.name = name;
        this.dtype = dtype;
        this.rows = rows;
        this.cols = cols;
        this.data = data;
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

    /** Element (r, c) as a float. */
    public float get(int r, int c) {
        long i = (long) r * cols + c;
        return switch (dtype) {
            case F32 -> data.getAtIndex(Tensor.F32, i);
            case F16 -> Half.f16ToFloat(data.getAtIndex(Tensor.I16, i));
            default -> Half.bf16ToFloat(data.getAtIndex(Tensor.I16, i));
        };
    }

    /** Row r into {@code out[off..off+cols)} as floats (embedding lookup). */
    public void row(int r, float[] out, int off) {
        Convert.read(dtype, data, (long) r * cols, out, off, cols);
    }

    /**
     * y[b·rows + r] = Σ_k W[r][k] · x[b·cols + k] for b &lt; batch, r &lt; rows: a batch of input
     * rows (the CFG pair, the diffusion rows, several requests) shares one sweep of the weights.
     */
    public void matmul(float[] x, float[] y, int batch) {
        matmulRows(x, y, batch, 0, rows);
    }

    /** The same product restricted to output rows [r0, r1). */
    public void matmulRows(float[] x, float[] y, int batch, int r0, int r1) {
        for (int b = 0; b < batch; b++) {
            int xo = b * cols;
            int yo = b * rows;
            for (int r = r0; r < r1; r++) {
                float acc = 0;
                for (int k = 0; k < cols; k++) {
                    acc += get(r, k) * x[xo + k];
                }
                y[yo + r] = acc;
            }
        }
    }
}
