package org.vibevoice.tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;

/**
 * A linear map W [n][k] applied to many input windows: y[yOff[r] + j] = Σ_q W[j][q] · x[xOff[r] + q].
 * Linear layers, convolutions (a window is the k taps × channels that one output step reads, which
 * is contiguous in the time-major [T][C] layout) and transposed convolutions all reduce to this.
 *
 * <p>Packed once at load into column panels of {@link #PANEL} outputs, [panel][k][PANEL], in the
 * weight precision (f32, f16 or bf16) in native memory, so the register-blocked kernels stream one
 * contiguous panel and broadcast inputs (4 windows × PANEL outputs per tile, 16 accumulators).
 * Maps with fewer than {@link #NARROW} outputs (a head with one output channel) would waste most of a
 * panel, so they keep plain rows in f32 holding the weight-precision values and use dot products.
 */
public final class PackedLinear {
    /** Lanes of one f32 vector on this machine. */
    public static final int LANES = FloatVector.SPECIES_PREFERRED.length();
    /** Outputs per panel: 4 vectors. */
    public static final int PANEL = 4 * LANES;
    /** Below this many outputs the map is stored as rows (dot-product form). */
    public static final int NARROW = 16;
    /** Panels streamed together for few windows (matrix-vector work is bound by weight reads). */
    public static final int GROUP = 4;
    /** Up to this many windows of f32 weights a chunk streams panel groups, re-reading them per window from L2. */
    public static final int STREAM_ROWS = 8;
    /**
     * The same for 16-bit weights: from 5 windows on, their 4-window register tiles win (half the
     * bytes per FMA): the 1024-channel stage of 8 steps went from 3.7–3.9 to 2.5–2.8 ms per frame,
     * while f32 weights measured 4–5 ms slower per tokenizer that way.
     */
    public static final int STREAM_ROWS_16 = 4;
    /** Input indices per block of a panel group: 4 panels × 256 × 256 B = 256 KB in f32, L2-resident. */
    private static final int BLOCK = 256;

    /** Fills {@code row[0..k)} with row {@code j} of W. */
    @FunctionalInterface
    public interface RowSource {
        void row(int j, float[] row);
    }

    private final int n;
    private final int k;
    private final DType dtype;
    private final MemorySegment data;
    private final boolean narrow;
    /** f32 bias padded with zeros to whole panels (zeros when the map has none). */
    private final float[] bias;

    private PackedLinear(int n, int k, DType dtype, MemorySegment data, boolean narrow, float[] bias) {
        this.n = n;
        this.k = k;
        this.dtype = dtype;
        this.data = data;
        this.narrow = narrow;
        this.bias = bias;
    }

    /**
     * Packs W [n][k] given row by row, stored in {@code dtype} (values rounded to it), with an f32
     * bias of n values added to every output ({@code null}: none).
     */
    public static PackedLinear pack(int n, int k, DType dtype, RowSource source, float[] bias, Arena arena) {
        if (n <= 0 || k <= 0) {
            throw new IllegalArgumentException("empty linear map " + n + "x" + k);
        }
        if (!dtype.isFloat()) {
            throw new IllegalArgumentException("weights must be f32, f16 or bf16, not " + dtype);
        }
        if (bias != null && bias.length != n) {
            throw new IllegalArgumentException("bias has " + bias.length + " values for " + n + " outputs");
        }
        int panels = n < NARROW ? 1 : (n + PANEL - 1) / PANEL;
        float[] paddedBias = new float[panels * PANEL];
        if (bias != null) {
            System.arraycopy(bias, 0, paddedBias, 0, n);
        }
        float[] row = new float[k];
        if (n < NARROW) {
            MemorySegment seg = arena.allocate((long) n * k * 4, 64);
            for (int j = 0; j < n; j++) {
                source.row(j, row);
                for (int q = 0; q < k; q++) {
                    seg.setAtIndex(Tensor.F32, (long) j * k + q, Half.roundTo(dtype, row[q]));
                }
            }
            return new PackedLinear(n, k, dtype, seg, true, paddedBias);
        }
        long elems = (long) panels * k * PANEL;
        MemorySegment seg = arena.allocate(elems * dtype.bytes(), 64);
        for (int j = 0; j < n; j++) {
            source.row(j, row);
            int p = j / PANEL;
            int col = j % PANEL;
            for (int q = 0; q < k; q++) {
                long base = ((long) p * k + q) * PANEL;
                switch (dtype) {
                    case F32 -> seg.setAtIndex(Tensor.F32, base + col, row[q]);
                    case BF16 -> seg.setAtIndex(Tensor.I16, base + pairSlot(col), Half.floatToBf16(row[q]));
                    default -> seg.setAtIndex(Tensor.I16, base + pairSlot(col), Half.floatToF16(row[q]));
                }
            }
        }
        return new PackedLinear(n, k, dtype, seg, false, paddedBias);
    }

    /**
     * Where output column {@code col} of a panel row lives among its PANEL 16-bit values: the
     * kernels read them as 32-bit lanes and split each lane into its low half (column g·2L + i) and
     * high half (column g·2L + L + i), so one load gives two whole vectors without shuffles.
     */
    static int pairSlot(int col) {
        int group = col / (2 * LANES);
        int within = col % (2 * LANES);
        int lane = within % LANES;
        int high = within / LANES;
        return group * 2 * LANES + lane * 2 + high;
    }

    public int outputs() {
        return n;
    }

    public int inputs() {
        return k;
    }

    public DType dtype() {
        return dtype;
    }

    /** Windows up to which a call streams panel groups rather than running register tiles. */
    public int streamRows() {
        return dtype == DType.F32 ? STREAM_ROWS : STREAM_ROWS_16;
    }

    /** Column panels (1 for the row form): the unit of parallel work over outputs. */
    public int panels() {
        return narrow ? 1 : (n + PANEL - 1) / PANEL;
    }

    /** Bytes of packed weights. */
    public long byteSize() {
        return data.byteSize();
    }

    /** First output column of panel p and one past its last. */
    public int panelStart(int p) {
        return narrow ? 0 : p * PANEL;
    }

    public int panelEnd(int p) {
        return narrow ? n : Math.min(n, (p + 1) * PANEL);
    }

    /**
     * Computes outputs of panels [p0, p1) for windows r0 ≤ r &lt; r1 on the calling thread.
     * {@code tile} is scratch of at least 4·PANEL floats for a panel that runs past n.
     */
    public void multiply(float[] x, int[] xOff, float[] y, int[] yOff, int r0, int r1, int p0, int p1, float[] tile) {
        if (narrow) {
            RowDotKernels.multiply(x, xOff, data, n, k, bias, y, yOff, r0, r1);
            return;
        }
        if (r1 - r0 <= streamRows()) {
            while (p0 + GROUP <= p1 && (p0 + GROUP) * PANEL <= n) {
                streamGroup(x, xOff, y, yOff, r0, r1, p0);
                p0 += GROUP;
            }
        }
        for (int p = p0; p < p1; p++) {
            long off = (long) p * k * PANEL * dtype.bytes();
            int c0 = p * PANEL;
            boolean full = c0 + PANEL <= n;
            int r = r0;
            for (; r + 4 <= r1; r += 4) {
                if (full) {
                    tile4(x, xOff[r], xOff[r + 1], xOff[r + 2], xOff[r + 3], off, c0,
                            y, yOff[r] + c0, yOff[r + 1] + c0, yOff[r + 2] + c0, yOff[r + 3] + c0);
                } else {
                    tile4(x, xOff[r], xOff[r + 1], xOff[r + 2], xOff[r + 3], off, c0, tile, 0, PANEL, 2 * PANEL, 3 * PANEL);
                    copyTail(tile, 4, y, yOff, r, c0);
                }
            }
            for (; r + 2 <= r1; r += 2) {
                if (full) {
                    tile2(x, xOff[r], xOff[r + 1], off, c0, y, yOff[r] + c0, yOff[r + 1] + c0);
                } else {
                    tile2(x, xOff[r], xOff[r + 1], off, c0, tile, 0, PANEL);
                    copyTail(tile, 2, y, yOff, r, c0);
                }
            }
            if (r < r1) {
                if (full) {
                    tile1(x, xOff[r], off, c0, y, yOff[r] + c0);
                } else {
                    tile1(x, xOff[r], off, c0, tile, 0);
                    copyTail(tile, 1, y, yOff, r, c0);
                }
            }
        }
    }

    /** Panels [p, p + GROUP) for a few windows, in blocks of input indices so that the group stays in L2. */
    private void streamGroup(float[] x, int[] xOff, float[] y, int[] yOff, int r0, int r1, int p) {
        long panelBytes = (long) k * PANEL * dtype.bytes();
        long off = p * panelBytes;
        int c0 = p * PANEL;
        int width = GROUP * PANEL;
        for (int r = r0; r < r1; r++) {
            java.util.Arrays.fill(y, yOff[r] + c0, yOff[r] + c0 + width, 0f);
        }
        for (int q0 = 0; q0 < k; q0 += BLOCK) {
            int q1 = Math.min(k, q0 + BLOCK);
            for (int r = r0; r < r1; r++) {
                switch (dtype) {
                    case F32 -> PanelKernelsF32.tile1x4(x, xOff[r], data, off, panelBytes, q0, q1, y, yOff[r] + c0);
                    case BF16 -> PanelKernelsBF16.tile1x4(x, xOff[r], data, off, panelBytes, q0, q1, y, yOff[r] + c0);
                    default -> PanelKernelsF16.tile1x4(x, xOff[r], data, off, panelBytes, q0, q1, y, yOff[r] + c0);
                }
            }
        }
        // as the single-pass kernels finish: sum + bias (f16 sums carry the 2^-112 scale, undone in one fma)
        boolean f16 = dtype == DType.F16;
        for (int r = r0; r < r1; r++) {
            int yo = yOff[r] + c0;
            for (int i = 0; i < width; i++) {
                y[yo + i] = f16 ? Math.fma(y[yo + i], 0x1p112f, bias[c0 + i]) : y[yo + i] + bias[c0 + i];
            }
        }
    }

    private void copyTail(float[] tile, int rows, float[] y, int[] yOff, int r, int c0) {
        int cols = n - c0;
        for (int i = 0; i < rows; i++) {
            System.arraycopy(tile, i * PANEL, y, yOff[r + i] + c0, cols);
        }
    }

    private void tile4(float[] x, int x0, int x1, int x2, int x3, long off, int b, float[] y, int y0, int y1, int y2, int y3) {
        switch (dtype) {
            case F32 -> PanelKernelsF32.tile4(x, x0, x1, x2, x3, data, off, k, bias, b, y, y0, y1, y2, y3);
            case BF16 -> PanelKernelsBF16.tile4(x, x0, x1, x2, x3, data, off, k, bias, b, y, y0, y1, y2, y3);
            default -> PanelKernelsF16.tile4(x, x0, x1, x2, x3, data, off, k, bias, b, y, y0, y1, y2, y3);
        }
    }

    private void tile2(float[] x, int x0, int x1, long off, int b, float[] y, int y0, int y1) {
        switch (dtype) {
            case F32 -> PanelKernelsF32.tile2(x, x0, x1, data, off, k, bias, b, y, y0, y1);
            case BF16 -> PanelKernelsBF16.tile2(x, x0, x1, data, off, k, bias, b, y, y0, y1);
            default -> PanelKernelsF16.tile2(x, x0, x1, data, off, k, bias, b, y, y0, y1);
        }
    }

    private void tile1(float[] x, int x0, long off, int b, float[] y, int y0) {
        switch (dtype) {
            case F32 -> PanelKernelsF32.tile1(x, x0, data, off, k, bias, b, y, y0);
            case BF16 -> PanelKernelsBF16.tile1(x, x0, data, off, k, bias, b, y, y0);
            default -> PanelKernelsF16.tile1(x, x0, data, off, k, bias, b, y, y0);
        }
    }
}
