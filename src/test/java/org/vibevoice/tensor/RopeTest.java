package org.vibevoice.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class RopeTest {
    /** inv_freq as torch builds it: 1.0 / (θ ** (arange(0, d, 2).float() / d)), each step in f32. */
    private static float[] invFreq(int d, double theta) {
        float[] f = new float[d / 2];
        for (int i = 0; i < d / 2; i++) {
            f[i] = 1f / (float) Math.pow((float) theta, (float) (2 * i) / (float) d);
        }
        return f;
    }

    @Test
    void tablesFollowTheF32AngleRecipe() {
        Rope rope = new Rope(128, 1e6);
        float[] inv = invFreq(128, 1e6);
        assertThat(rope.invFreq()).containsExactly(inv);
        assertThat(inv[0]).isEqualTo(1f);
        assertThat((double) inv[1]).isCloseTo(Math.pow(1e6, -2.0 / 128), org.assertj.core.data.Offset.offset(1e-7));
        float[] cos = new float[64];
        float[] sin = new float[64];
        for (int pos : new int[] {0, 1, 17, 1023, 1024, 5000, 65535}) {
            rope.cosSin(pos, cos, sin);
            for (int i = 0; i < 64; i++) {
                float angle = (float) pos * inv[i];
                assertThat(cos[i]).isEqualTo((float) Math.cos(angle));
                assertThat(sin[i]).isEqualTo((float) Math.sin(angle));
            }
        }
    }

    @Test
    void applyRotatesHalvesLikeTheTwin() {
        Random rnd = new Random(7);
        for (int d : new int[] {2, 6, 16, 34, 64, 128, 130}) {
            Rope rope = new Rope(d, 10000);
            for (int pos : new int[] {0, 3, 1500, 4097}) {
                int heads = 3;
                float[] x = new float[5 + heads * d];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) rnd.nextGaussian();
                }
                float[] want = x.clone();
                float[] cos = new float[d / 2];
                float[] sin = new float[d / 2];
                rope.cosSin(pos, cos, sin);
                for (int h = 0; h < heads; h++) {
                    ScalarTwins.rope(want, 5 + h * d, d, cos, sin);
                }
                rope.apply(x, 5, heads, pos);
                assertThat(x).as("d=%d pos=%d", d, pos).containsExactly(want);
            }
        }
    }

    @Test
    void positionZeroIsTheIdentity() {
        Rope rope = new Rope(8, 1e6);
        float[] x = {1, 2, 3, 4, 5, 6, 7, 8};
        rope.apply(x, 0, 1, 0);
        assertThat(x).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
    }

    @Test
    void concurrentGrowthIsSafe() throws Exception {
        Rope rope = new Rope(64, 1e6);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<float[]>> results = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                results.add(pool.submit(() -> {
                    float[] x = new float[64];
                    java.util.Arrays.fill(x, 1f);
                    for (int pos = 0; pos < 9000; pos += 7) {
                        rope.apply(x, 0, 1, pos);
                    }
                    return x;
                }));
            }
            float[] first = results.get(0).get();
            for (Future<float[]> f : results) {
                assertThat(f.get()).containsExactly(first);
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void rejectsOddDimensionsAndNegativePositions() {
        assertThatThrownBy(() -> new Rope(7, 1e6)).hasMessageContaining("even");
        assertThatThrownBy(() -> new Rope(8, 1e6).apply(new float[8], 0, 1, -1)).hasMessageContaining("negative");
    }
}
