package org.vibevoice.random;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TorchGeneratorTest {
    private static long word(TorchGenerator g) {
        return g.nextWord() & 0xFFFFFFFFL;
    }

    @Test
    void mersenneTwisterWordsMatchTheReference() {
        TorchGenerator g = new TorchGenerator(5489);
        for (int i = 0; i < 9999; i++) {
            g.nextWord();
        }
        assertThat(word(g)).isEqualTo(4123659995L);
        TorchGenerator g42 = new TorchGenerator(42);
        assertThat(new long[] {word(g42), word(g42), word(g42), word(g42)})
                .containsExactly(0x5FE1DC66L, 0xCBEA3DB3L, 0xF362035CL, 0x2EF5950EL);
        TorchGenerator g0 = new TorchGenerator(0);
        assertThat(new long[] {word(g0), word(g0), word(g0), word(g0)})
                .containsExactly(0x8C7F0AACL, 0x97C4AA2FL, 0xB716A675L, 0xD821CCC0L);
    }

    @Test
    void onlyTheLow32BitsOfTheSeedCount() {
        float[] a = new TorchGenerator(42).randn(40);
        assertThat(new TorchGenerator(42 + (1L << 32)).randn(40)).containsExactly(a);
        assertThat(new TorchGenerator(-1).randn(7)).containsExactly(new TorchGenerator(0xFFFFFFFFL).randn(7));
        assertThat(new TorchGenerator(-1).initialSeed()).isEqualTo(-1);
    }

    @Test
    void randUsesTheLow24BitsOfOneWord() {
        assertThat(new TorchGenerator(42).rand(3)).containsExactly(0.88226926f, 0.91500396f, 0.38286376f);
        TorchGenerator g = new TorchGenerator(7);
        TorchGenerator words = new TorchGenerator(7);
        for (float u : g.rand(2, 5)) {
            assertThat(u).isEqualTo((word(words) & 0xFFFFFF) / 16777216f);
        }
    }

    @Test
    void scalarNormalsCacheTheSineHalfAcrossCalls() {
        TorchGenerator g = new TorchGenerator(42);
        assertThat(g.randn(1)).containsExactly(0.33669037f);
        assertThat(g.randn(1)).containsExactly(0.12880941f);
        TorchGenerator skip = new TorchGenerator(42);
        for (int i = 0; i < 4; i++) {
            skip.nextWord();
        }
        assertThat(g.nextWord()).as("the cached value consumed no words").isEqualTo(skip.nextWord());
    }

    @Test
    void manualSeedDropsTheCachedNormal() {
        TorchGenerator g = new TorchGenerator(42);
        g.randn(1);
        g.manualSeed(42);
        assertThat(g.randn(1)).containsExactly(0.33669037f);
    }

    @Test
    void batchedCallsNeitherUseNorClearTheCache() {
        TorchGenerator a = new TorchGenerator(3);
        a.randn(1);
        a.randn(32);
        float cachedAfterBatch = a.randn(1)[0];
        TorchGenerator b = new TorchGenerator(3);
        b.randn(1);
        assertThat(cachedAfterBatch).isEqualTo(b.randn(1)[0]);
    }

    @Test
    void raggedBatchesRedrawSixteenUniformsForTheTail() {
        for (int n : new int[] {16, 17, 31, 32, 33, 100}) {
            TorchGenerator g = new TorchGenerator(11);
            g.randn(n);
            TorchGenerator skip = new TorchGenerator(11);
            int words = n + (n % 16 == 0 ? 0 : 16);
            for (int i = 0; i < words; i++) {
                skip.nextWord();
            }
            assertThat(g.nextWord()).as("words consumed by randn(%d)", n).isEqualTo(skip.nextWord());
        }
        // n = 17: d[0] comes from block 0, d[1..16] from the 16 fresh uniforms
        float[] whole = new TorchGenerator(5).randn(17);
        assertThat(whole[0]).isEqualTo(new TorchGenerator(5).randn(16)[0]);
    }

    @Test
    void batchedValuesAreBoxMullerPairsOfEachBlockHalf() {
        TorchGenerator g = new TorchGenerator(99);
        float[] u = new TorchGenerator(99).rand(48);
        float[] n = g.randn(48);
        for (int o = 0; o < 48; o += 16) {
            for (int j = 0; j < 8; j++) {
                double r = Math.sqrt(-2 * Math.log(1 - (double) u[o + j]));
                double theta = (float) (2 * Math.PI) * u[o + j + 8];
                assertThat((double) n[o + j]).isCloseTo(r * Math.cos(theta), org.assertj.core.data.Offset.offset(1e-6));
                assertThat((double) n[o + j + 8]).isCloseTo(r * Math.sin(theta), org.assertj.core.data.Offset.offset(1e-6));
            }
        }
    }

    @Test
    void randnLikeOfAContiguousViewIsRandn() {
        assertThat(new TorchGenerator(1).randnLike(new int[] {2, 7, 64}, new int[] {0, 1, 2}))
                .containsExactly(new TorchGenerator(1).randn(2, 7, 64));
        // size-1 dims do not break contiguity: a permuted [2, 1, 64] view is still filled in blocks
        assertThat(new TorchGenerator(1).randnLike(new int[] {2, 1, 64}, new int[] {0, 2, 1}))
                .containsExactly(new TorchGenerator(1).randn(2, 1, 64));
        assertThat(TorchGenerator.usesBatchedPath(new int[] {2, 1, 64}, new int[] {0, 2, 1})).isTrue();
        assertThat(TorchGenerator.usesBatchedPath(new int[] {1, 13, 64}, new int[] {0, 2, 1})).isFalse();
        assertThat(TorchGenerator.usesBatchedPath(new int[] {15}, null)).isFalse();
    }

    @Test
    void randnLikeOfAPermutedViewFillsScalarValuesInMemoryOrder() {
        int b = 2;
        int t = 5;
        int c = 64;
        float[] got = new TorchGenerator(8).randnLike(new int[] {b, t, c}, new int[] {0, 2, 1});
        TorchGenerator scalar = new TorchGenerator(8);
        for (int bi = 0; bi < b; bi++) {
            for (int ci = 0; ci < c; ci++) {
                for (int ti = 0; ti < t; ti++) {
                    float expected = scalar.randn(1)[0]; // one-element calls take the scalar path, cache carried
                    assertThat(got[(bi * t + ti) * c + ci]).isEqualTo(expected);
                }
            }
        }
    }
}
