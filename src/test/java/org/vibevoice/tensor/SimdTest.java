package org.vibevoice.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/** The width switch, the fixed-order lane sums and the even/odd input layout the kernels rely on. */
class SimdTest {
    @Test
    void widthFollowsTheSystemProperty() {
        String prop = System.getProperty("vibevoice.vectorBits");
        int hardware = FloatVector.SPECIES_PREFERRED.vectorBitSize();
        int expected = prop == null ? hardware : Math.min(Integer.parseInt(prop), hardware);
        assertThat(Simd.BITS).isEqualTo(expected);
        assertThat(Simd.ENABLED).isEqualTo(expected > 0);
        assertThat(Simd.LANES).isEqualTo(expected == 0 ? 1 : expected / 32);
    }

    @Test
    void laneSumsUseTheSamePairwiseTreeEverywhere() {
        if (!Simd.ENABLED) {
            return;
        }
        Random rnd = new Random(1);
        int l = Simd.LANES;
        float[] acc = new float[4 * l];
        for (int t = 0; t < 200; t++) {
            for (int i = 0; i < acc.length; i++) {
                acc[i] = (float) (rnd.nextGaussian() * Math.scalb(1.0, rnd.nextInt(30)));
            }
            float[] want = new float[4];
            for (int v = 0; v < 4; v++) {
                float[] lanes = java.util.Arrays.copyOfRange(acc, v * l, (v + 1) * l);
                for (int w = l / 2; w >= 1; w /= 2) {
                    for (int i = 0; i < w; i++) {
                        lanes[i] += lanes[i + w];
                    }
                }
                want[v] = lanes[0];
                assertThat(Simd.sum(FloatVector.fromArray(Simd.F, acc, v * l))).isEqualTo(want[v]);
                float[] copy = java.util.Arrays.copyOfRange(acc, v * l, (v + 1) * l);
                assertThat(Simd.sumLanes(copy, 0)).isEqualTo(want[v]);
            }
            Simd.reduce4(acc, 0);
            assertThat(java.util.Arrays.copyOf(acc, 4)).containsExactly(want);
        }
    }

    @Test
    void pairSplitPutsEvenThenOddColumnsPerBlock() {
        int cols = 4 * Simd.LANES + 3;
        float[] x = new float[2 * cols];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        float[] out = new float[2 * cols];
        PairSplit.split(x, 2, cols, 2f, out);
        int block = Simd.ENABLED ? 2 * Simd.LANES : 1;
        int full = Simd.ENABLED ? cols - cols % block : 0;
        for (int b = 0; b < 2; b++) {
            for (int k = 0; k < cols; k++) {
                int src;
                if (k < full) {
                    int j = k % block;
                    int start = k - j;
                    src = j < Simd.LANES ? start + 2 * j : start + 2 * (j - Simd.LANES) + 1;
                } else {
                    src = k;
                }
                assertThat(out[b * cols + k]).as("b=%d k=%d", b, k).isEqualTo(2f * x[b * cols + src]);
            }
        }
    }

    @Test
    void chunkPlansCoverRowsInFourRowMultiples() {
        ChunkPlan plan = new ChunkPlan();
        for (int[] c : new int[][] {{0, 1536, 3072}, {5, 8960, 3072}, {0, 3, 100}, {0, 151936, 3072}, {7, 263, 17920}}) {
            plan.clear();
            plan.add(2, c[0], c[1], c[2], (long) (c[1] - c[0]) * c[2]);
            int next = c[0];
            for (int i = 0; i < plan.count(); i++) {
                assertThat(plan.matrix(i)).isEqualTo(2);
                assertThat(plan.row0(i)).isEqualTo(next);
                assertThat(plan.row1(i)).isGreaterThan(plan.row0(i));
                if (i < plan.count() - 1) {
                    assertThat((plan.row1(i) - plan.row0(i)) % 4).isZero();
                }
                next = plan.row1(i);
            }
            assertThat(next).isEqualTo(c[1]);
            long chunkBytes = (long) (plan.row1(0) - plan.row0(0)) * c[2];
            assertThat(chunkBytes).isLessThanOrEqualTo(ChunkPlan.MAX_CHUNK_BYTES + 4L * c[2]);
        }
    }

    @Test
    void runSeriallyKeepsEveryChunkOnTheCallingThread() {
        Thread caller = Thread.currentThread();
        boolean[] elsewhere = {false};
        Parallel.runSerially(() -> Parallel.forEach(64, c -> {
            if (Thread.currentThread() != caller) {
                elsewhere[0] = true;
            }
        }));
        assertThat(elsewhere[0]).isFalse();
    }

    @Test
    void memoryReadsSumEveryFloat() {
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofShared()) {
            int rows = 37;
            int cols = 1000;
            java.lang.foreign.MemorySegment seg = arena.allocate(4L * rows * cols, 64);
            double want = 0;
            for (int i = 0; i < rows * cols; i++) {
                seg.setAtIndex(Tensor.F32, i, i % 7);
                want += i % 7;
            }
            Matrix m = Matrix.of(new Tensor("m", DType.F32, new long[] {rows, cols}, seg));
            assertThat(MemoryRead.likeMatmul(m)).isEqualTo(want);
            assertThat(MemoryRead.stream(seg)).isEqualTo(want);
        }
    }
}
