package org.vibevoice.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Matrix products against the f64 scalar twin, for every weight dtype, batch 1..8, and shapes
 * with every kind of tail (cols around multiples of 2·lanes, rows not multiples of 4).
 */
class MatrixTest {
    private static final Arena ARENA = Arena.ofShared();
    /** Column counts around the vector blocks of every width (8, 16, 32 floats; 2·lanes halves). */
    private static final int[] COLS = {1, 2, 3, 7, 15, 16, 17, 31, 32, 33, 47, 63, 64, 65, 95, 100, 129, 257, 513, 1030};
    private static final int[] ROWS = {1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 31, 64, 67};

    @AfterAll
    static void close() {
        ARENA.close();
    }

    /** A [rows][cols] matrix of dtype with each weight produced by gen (rounded to dtype). */
    static Matrix matrix(DType dtype, int rows, int cols, java.util.function.DoubleSupplier gen) {
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) gen.getAsDouble();
        }
        MemorySegment seg = ARENA.allocate((long) v.length * dtype.bytes(), 64);
        Convert.write(dtype, v, v.length, seg, 0);
        return Matrix.of(new Tensor("w", dtype, new long[] {rows, cols}, seg));
    }

    private static float[] floats(int n, java.util.function.DoubleSupplier gen) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) gen.getAsDouble();
        }
        return x;
    }

    /**
     * Small integers are exact in every dtype and every partial sum stays below 2²⁴, so any summation
     * order gives the exact result: equality checks every index, tail and batch offset.
     */
    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F16", "BF16"})
    void integerProductsAreExact(DType dtype) {
        Random rnd = new Random(11 + dtype.ordinal());
        for (int rows : ROWS) {
            for (int cols : COLS) {
                assertIntegerProductExact(dtype, rows, cols, 1 + rnd.nextInt(8), rnd);
            }
        }
    }

    /** A random integer matrix times integer inputs, against the twin: every entry equal. */
    private static Matrix assertIntegerProductExact(DType dtype, int rows, int cols, int batch, Random rnd) {
        Matrix m = matrix(dtype, rows, cols, () -> rnd.nextInt(17) - 8);
        float[] x = floats(batch * cols, () -> rnd.nextInt(17) - 8);
        float[] y = new float[batch * rows];
        m.matmul(x, y, batch);
        double[] want = ScalarTwins.matmul(dtype, m.data(), rows, cols, x, batch);
        for (int i = 0; i < y.length; i++) {
            assertThat((double) y[i]).as("%s %dx%d batch %d, y[%d]", dtype, rows, cols, batch, i).isEqualTo(want[i]);
        }
        return m;
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F16", "BF16"})
    void everyBatchSizeMatchesTheScalarTwin(DType dtype) {
        Random rnd = new Random(5 + dtype.ordinal());
        for (int batch = 1; batch <= 8; batch++) {
            for (int t = 0; t < 6; t++) {
                int rows = ROWS[rnd.nextInt(ROWS.length)];
                int cols = COLS[rnd.nextInt(COLS.length)];
                Matrix m = matrix(dtype, rows, cols, () -> 0.05 * rnd.nextGaussian());
                float[] x = floats(batch * cols, rnd::nextGaussian);
                float[] y = new float[batch * rows];
                m.matmul(x, y, batch);
                assertClose(m, x, y, batch, 0, rows);
            }
        }
    }

    /**
     * Row kernels leave their accumulators for a block of 4-row groups (fewer groups the larger the
     * batch, one group past 32 input rows): batches that need several blocks per chunk, and a block
     * of one group, below the panel kernels' 64 rows.
     */
    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F16", "BF16"})
    void accumulatorBlocksOfEveryBatchSizeAreExact(DType dtype) {
        Random rnd = new Random(17 + dtype.ordinal());
        for (int[] shape : new int[][] {{1001, 517}, {37, 8960}}) {
            for (int batch : new int[] {5, 8, 33, PanelGemm.MIN_ROWS - 1}) {
                assertIntegerProductExact(dtype, shape[0], shape[1], batch, rnd);
            }
        }
    }

    /** Many rows and columns: several parallel chunks, and rows that are 8960 columns long. */
    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F16", "BF16"})
    void largeMatricesSplitAcrossThreadsMatch(DType dtype) {
        Random rnd = new Random(3);
        for (int[] shape : new int[][] {{1001, 517}, {37, 8960}}) {
            Matrix m = matrix(dtype, shape[0], shape[1], () -> 0.05 * rnd.nextGaussian());
            for (int batch : new int[] {1, 2, 3}) {
                float[] x = floats(batch * shape[1], rnd::nextGaussian);
                float[] y = new float[batch * shape[0]];
                m.matmul(x, y, batch);
                assertClose(m, x, y, batch, 0, shape[0]);
            }
        }
    }

    /**
     * Batches of {@link PanelGemm#MIN_ROWS} rows and more (a prefill) run through decoded weight
     * panels: integer products are exact, random ones match the twin, for partial panels (rows not
     * a multiple of the panel), odd batches and fused matrices.
     */
    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F16", "BF16"})
    void manyInputRowsMatchTheScalarTwin(DType dtype) {
        Random rnd = new Random(21 + dtype.ordinal());
        int[][] shapes = {{PackedLinear.PANEL, 48}, {3 * PackedLinear.PANEL + 5, 300}, {7, 1031}};
        for (int[] shape : shapes) {
            int rows = shape[0];
            int cols = shape[1];
            for (int batch : new int[] {PanelGemm.MIN_ROWS, PanelGemm.MIN_ROWS + 3, 2 * PanelGemm.MIN_ROWS + 1}) {
                Matrix exact = assertIntegerProductExact(dtype, rows, cols, batch, rnd);
                Matrix m = matrix(dtype, rows, cols, () -> 0.05 * rnd.nextGaussian());
                float[] x = floats(batch * cols, rnd::nextGaussian);
                float[] y = new float[batch * rows];
                m.matmul(x, y, batch);
                assertClose(m, x, y, batch, 0, rows);
                float[][] fused = {new float[batch * rows], new float[batch * rows]};
                Matrix.matmul(x, batch, new Matrix[] {exact, m}, fused);
                float[] alone = new float[batch * rows];
                exact.matmul(x, alone, batch);
                assertThat(fused[0]).containsExactly(alone);
                assertThat(fused[1]).containsExactly(y);
            }
        }
    }

    /** f16 subnormal weights (2⁻²⁴ multiples) times integers: exact through the 2⁻¹¹² scaling trick. */
    @Test
    void f16SubnormalWeightsAreExact() {
        Random rnd = new Random(8);
        int rows = 9;
        int cols = 77;
        MemorySegment seg = ARENA.allocate(2L * rows * cols, 64);
        for (long i = 0; i < (long) rows * cols; i++) {
            int mantissa = rnd.nextInt(1024);
            seg.setAtIndex(Tensor.I16, i, (short) ((rnd.nextBoolean() ? 0x8000 : 0) | mantissa));
        }
        Matrix m = Matrix.of(new Tensor("sub", DType.F16, new long[] {rows, cols}, seg));
        for (int batch = 1; batch <= 3; batch++) {
            float[] x = floats(batch * cols, () -> rnd.nextInt(33) - 16);
            float[] y = new float[batch * rows];
            m.matmul(x, y, batch);
            double[] want = ScalarTwins.matmul(DType.F16, seg, rows, cols, x, batch);
            for (int i = 0; i < y.length; i++) {
                assertThat((double) y[i]).as("y[%d]", i).isEqualTo(want[i]);
            }
        }
    }

    /** Large activations (up to 2¹⁶) and tiny ones with f16 weights: the 2⁵⁶ input scaling neither overflows nor underflows. */
    @Test
    void f16ExtremeActivationsStayAccurate() {
        Random rnd = new Random(4);
        Matrix m = matrix(DType.F16, 8, 100, () -> rnd.nextGaussian());
        for (double magnitude : new double[] {65536, 1e-20}) {
            float[] x = floats(100, () -> magnitude * rnd.nextGaussian());
            float[] y = new float[8];
            m.matmul(x, y, 1);
            assertClose(m, x, y, 1, 0, 8);
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F16", "BF16"})
    void matmulRowsWritesOnlyTheRequestedRows(DType dtype) {
        Random rnd = new Random(9);
        int rows = 61;
        int cols = 45;
        Matrix m = matrix(dtype, rows, cols, rnd::nextGaussian);
        for (int[] range : new int[][] {{0, 1}, {3, 4}, {5, 18}, {57, 61}, {0, 61}, {20, 20}}) {
            int batch = 2;
            float[] x = floats(batch * cols, rnd::nextGaussian);
            float[] y = new float[batch * rows];
            java.util.Arrays.fill(y, -7.5f);
            m.matmulRows(x, y, batch, range[0], range[1]);
            for (int b = 0; b < batch; b++) {
                for (int r = 0; r < rows; r++) {
                    if (r < range[0] || r >= range[1]) {
                        assertThat(y[b * rows + r]).as("untouched y[%d][%d]", b, r).isEqualTo(-7.5f);
                    }
                }
            }
            assertClose(m, x, y, batch, range[0], range[1]);
        }
    }

    /**
     * Every kernel (4-row, 4-row × 2 batch rows, single row) accumulates a row in the same order and
     * sums lanes by the same tree, so a row's result does not depend on the batch size or on which
     * rows it was grouped with: the CFG pair gives bitwise the same logits as two single calls.
     */
    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F16", "BF16"})
    void resultsDoNotDependOnBatchOrRowGrouping(DType dtype) {
        Random rnd = new Random(21);
        int rows = 23;
        int cols = 203;
        Matrix m = matrix(dtype, rows, cols, rnd::nextGaussian);
        int batch = 5;
        float[] x = floats(batch * cols, rnd::nextGaussian);
        float[] all = new float[batch * rows];
        m.matmul(x, all, batch);
        for (int b = 0; b < batch; b++) {
            float[] one = new float[rows];
            m.matmul(java.util.Arrays.copyOfRange(x, b * cols, (b + 1) * cols), one, 1);
            assertThat(one).as("batch row %d", b).containsExactly(java.util.Arrays.copyOfRange(all, b * rows, (b + 1) * rows));
            float[] shifted = new float[rows];
            m.matmulRows(java.util.Arrays.copyOfRange(x, b * cols, (b + 1) * cols), shifted, 1, 3, rows);
            assertThat(java.util.Arrays.copyOfRange(shifted, 3, rows)).containsExactly(java.util.Arrays.copyOfRange(one, 3, rows));
        }
    }

    @Test
    void fusedMatmulEqualsSeparateProducts() {
        Random rnd = new Random(12);
        int cols = 99;
        Matrix[] ms = {
            matrix(DType.F16, 40, cols, rnd::nextGaussian),
            matrix(DType.BF16, 9, cols, rnd::nextGaussian),
            matrix(DType.F32, 130, cols, rnd::nextGaussian),
            matrix(DType.F16, 3, cols, rnd::nextGaussian)};
        for (int batch = 1; batch <= 4; batch++) {
            float[] x = floats(batch * cols, rnd::nextGaussian);
            float[][] fused = new float[ms.length][];
            for (int i = 0; i < ms.length; i++) {
                fused[i] = new float[batch * ms[i].rows()];
            }
            Matrix.matmul(x, batch, ms, fused);
            for (int i = 0; i < ms.length; i++) {
                float[] single = new float[batch * ms[i].rows()];
                ms[i].matmul(x, single, batch);
                assertThat(fused[i]).as("matrix %d", i).containsExactly(single);
            }
        }
    }

    @Test
    void concurrentCallersGetTheirOwnResults() throws Exception {
        Random rnd = new Random(13);
        Matrix m = matrix(DType.F16, 300, 257, rnd::nextGaussian);
        List<float[]> inputs = new ArrayList<>();
        List<float[]> expected = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            float[] x = floats(2 * 257, rnd::nextGaussian);
            float[] y = new float[2 * 300];
            m.matmul(x, y, 2);
            inputs.add(x);
            expected.add(y);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[]>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                float[] x = inputs.get(i);
                results.add(pool.submit(() -> {
                    float[] y = new float[2 * 300];
                    for (int rep = 0; rep < 50; rep++) {
                        m.matmul(x, y, 2);
                    }
                    return y;
                }));
            }
            for (int i = 0; i < 4; i++) {
                assertThat(results.get(i).get()).containsExactly(expected.get(i));
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void rowAndGetDecodeTheStoredWeights() {
        Random rnd = new Random(14);
        for (DType dtype : new DType[] {DType.F32, DType.F16, DType.BF16}) {
            Matrix m = matrix(dtype, 5, 4133, rnd::nextGaussian);
            float[] out = new float[4133 + 3];
            m.row(3, out, 3);
            for (int c = 0; c < 4133; c++) {
                assertThat((double) out[3 + c]).isEqualTo(ScalarTwins.weight(dtype, m.data(), 4133, 3, c));
                assertThat(m.get(3, c)).isEqualTo(out[3 + c]);
            }
        }
    }

    @Test
    void heapWeightsAreRejectedAndMappedOnesReviewedAsPlainNative(@TempDir Path dir) throws IOException {
        MemorySegment heap = MemorySegment.ofArray(new float[8]);
        assertThatThrownBy(() -> Matrix.of(new Tensor("h", DType.F32, new long[] {2, 4}, heap)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("native memory");

        Path file = dir.resolve("w.bin");
        Files.write(file, new byte[32]);
        try (Arena arena = Arena.ofShared(); FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            MemorySegment mapped = ch.map(FileChannel.MapMode.READ_ONLY, 0, 32, arena);
            Matrix m = Matrix.of(new Tensor("m", DType.F32, new long[] {2, 4}, mapped));
            assertThat(m.data().isMapped()).isFalse();
            assertThat(m.data().getClass()).isEqualTo(ARENA.allocate(4).getClass());
            float[] y = new float[2];
            m.matmul(new float[] {1, 2, 3, 4}, y, 1);
            assertThat(y).containsExactly(0f, 0f);
        }
    }

    @Test
    void badShapesAreReportedWithTheMatrixName() {
        Matrix m = matrix(DType.F32, 3, 4, () -> 1);
        assertThatThrownBy(() -> m.matmul(new float[7], new float[3], 2)).hasMessageContaining("w: input has 7 floats");
        assertThatThrownBy(() -> m.matmul(new float[8], new float[5], 2)).hasMessageContaining("output has 5 floats");
        assertThatThrownBy(() -> m.matmul(new float[4], new float[3], 0)).hasMessageContaining("batch must be at least 1");
        assertThatThrownBy(() -> m.matmulRows(new float[4], new float[3], 1, 2, 4)).isInstanceOf(IndexOutOfBoundsException.class);
        Matrix other = matrix(DType.F32, 3, 5, () -> 1);
        assertThatThrownBy(() -> Matrix.matmul(new float[5], 1, new Matrix[] {m, other}, new float[][] {new float[3], new float[3]}))
                .hasMessageContaining("5 columns");
    }

    /**
     * Checks rows [r0, r1) of y against the f64 twin. Bound: any order of f32 multiply–adds of n terms
     * errs by at most n·u·Σ|w·x| (u = 2⁻²⁴, first-order; FMA only tightens it), plus the f16 path's
     * scaled-domain underflow, at most 2⁻⁹³ per product. A wrong or missing term breaks it by far.
     */
    static void assertClose(Matrix m, float[] x, float[] y, int batch, int r0, int r1) {
        double[] want = ScalarTwins.matmul(m.dtype(), m.data(), m.rows(), m.cols(), x, batch);
        double[] mag = ScalarTwins.absMatmul(m.dtype(), m.data(), m.rows(), m.cols(), x, batch);
        double u = Math.ulp(1.0f) / 2;
        for (int b = 0; b < batch; b++) {
            for (int r = r0; r < r1; r++) {
                int i = b * m.rows() + r;
                double tol = 1.01 * (m.cols() + 1) * u * mag[i] + m.cols() * 0x1p-93 + Double.MIN_NORMAL;
                assertThat((double) y[i]).as("%s %dx%d batch %d, y[%d][%d]", m.dtype(), m.rows(), m.cols(), batch, b, r)
                        .isCloseTo(want[i], org.assertj.core.data.Offset.offset(tol));
            }
        }
    }
}
