package org.vibevoice.tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Matrix products with many input rows (a prompt's prefill). The row kernels ({@link MatmulTask})
 * re-read each 4-row block for every pair of inputs and stay near half the FMA peak there. Here a
 * task decodes one panel of {@link PackedLinear#PANEL} weight rows to f32, transposed into
 * {@link PackedLinear}'s [k][PANEL] layout in a per-thread scratch, and runs its f32 register tiles
 * (4 inputs × PANEL outputs) over every input row: each weight is read and decoded once per call.
 * Products are exact in f32 whatever the weight type; only the summation order differs from the
 * row kernels.
 */
final class PanelGemm implements Parallel.Body {
    /** From this many input rows on, packing a panel costs less than it saves. */
    static final int MIN_ROWS = 64;
    private static final int PANEL = PackedLinear.PANEL;
    /** Columns decoded per weight row at a time while packing (PANEL rows × 256 floats = 64 KB). */
    private static final int PACK_COLS = 256;
    private static final float[] ZERO_BIAS = new float[PANEL];
    private static final ThreadLocal<PanelGemm> LOCAL = ThreadLocal.withInitial(PanelGemm::new);
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private final MatmulCall call = new MatmulCall();
    /** Task index of each matrix's first panel, and the total after the last. */
    private int[] firstTask = new int[5];
    private int batch;

    static PanelGemm local() {
        return LOCAL.get();
    }

    /** ys[i] = ms[i] · x for {@code rows} input rows, in the layout of {@link Matrix#matmul}. */
    void run(float[] input, int rows, Matrix[] matrices, float[][] outputs) {
        int n = matrices.length;
        if (firstTask.length < n + 1) {
            firstTask = new int[n + 1];
        }
        int tasks = 0;
        for (int i = 0; i < n; i++) {
            firstTask[i] = tasks;
            tasks += (matrices[i].rows() + PANEL - 1) / PANEL;
        }
        firstTask[n] = tasks;
        call.set(input, matrices, outputs);
        batch = rows;
        call.forEach(tasks, this);
    }

    @Override
    public void run(int task) {
        int i = 0;
        while (firstTask[i + 1] <= task) {
            i++;
        }
        Matrix m = call.matrix(i);
        float[] y = call.output(i);
        float[] x = call.input();
        int c0 = (task - firstTask[i]) * PANEL;
        int width = Math.min(PANEL, m.rows() - c0);
        int k = m.cols();
        int rows = m.rows();
        Scratch s = SCRATCH.get();
        MemorySegment w = s.pack(m, c0, width);
        boolean full = width == PANEL;
        float[] t = s.tile;
        int r = 0;
        for (; r + 4 <= batch; r += 4) {
            int y0 = r * rows + c0;
            if (full) {
                PanelKernelsF32.tile4(x, r * k, (r + 1) * k, (r + 2) * k, (r + 3) * k, w, 0, k, ZERO_BIAS, 0,
                        y, y0, y0 + rows, y0 + 2 * rows, y0 + 3 * rows);
            } else {
                PanelKernelsF32.tile4(x, r * k, (r + 1) * k, (r + 2) * k, (r + 3) * k, w, 0, k, ZERO_BIAS, 0,
                        t, 0, PANEL, 2 * PANEL, 3 * PANEL);
                copy(t, 4, y, y0, rows, width);
            }
        }
        for (; r + 2 <= batch; r += 2) {
            int y0 = r * rows + c0;
            if (full) {
                PanelKernelsF32.tile2(x, r * k, (r + 1) * k, w, 0, k, ZERO_BIAS, 0, y, y0, y0 + rows);
            } else {
                PanelKernelsF32.tile2(x, r * k, (r + 1) * k, w, 0, k, ZERO_BIAS, 0, t, 0, PANEL);
                copy(t, 2, y, y0, rows, width);
            }
        }
        if (r < batch) {
            int y0 = r * rows + c0;
            if (full) {
                PanelKernelsF32.tile1(x, r * k, w, 0, k, ZERO_BIAS, 0, y, y0);
            } else {
                PanelKernelsF32.tile1(x, r * k, w, 0, k, ZERO_BIAS, 0, t, 0);
                copy(t, 1, y, y0, rows, width);
            }
        }
    }

    /** The first {@code width} outputs of {@code n} tile rows (PANEL apart) to output rows {@code stride} apart. */
    private static void copy(float[] tile, int n, float[] y, int y0, int stride, int width) {
        for (int i = 0; i < n; i++) {
            System.arraycopy(tile, i * PANEL, y, y0 + i * stride, width);
        }
    }

    /** One thread's packed panel (native memory, like every segment the panel kernels read) and buffers. */
    private static final class Scratch {
        private final float[] rowsBuf = new float[PANEL * PACK_COLS];
        final float[] tile = new float[4 * PANEL];
        private float[] panel = new float[0];
        private MemorySegment seg = MemorySegment.NULL;

        /** Weight rows [c0, c0 + width) of m as f32, transposed to [k][PANEL]; missing rows are zeros. */
        MemorySegment pack(Matrix m, int c0, int width) {
            int k = m.cols();
            int len = k * PANEL;
            if (panel.length < len) {
                panel = new float[len];
                seg = Arena.ofAuto().allocate((long) len * Float.BYTES, 64);
            }
            for (int q0 = 0; q0 < k; q0 += PACK_COLS) {
                int cols = Math.min(PACK_COLS, k - q0);
                for (int j = 0; j < width; j++) {
                    Convert.read(m.dtype(), m.data(), (long) (c0 + j) * k + q0, rowsBuf, j * PACK_COLS, cols);
                }
                for (int q = 0; q < cols; q++) {
                    int base = (q0 + q) * PANEL;
                    for (int j = 0; j < width; j++) {
                        panel[base + j] = rowsBuf[j * PACK_COLS + q];
                    }
                    for (int j = width; j < PANEL; j++) {
                        panel[base + j] = 0f;
                    }
                }
            }
            MemorySegment.copy(panel, 0, seg, ValueLayout.JAVA_FLOAT, 0, len);
            return seg;
        }
    }
}
