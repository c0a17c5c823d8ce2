package org.vibevoice.acoustic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vibevoice.model.BundledModel;
import org.vibevoice.model.VibeVoiceConfig;
import org.vibevoice.model.Weights;
import org.vibevoice.semantic.SemanticEncoder;

/**
 * Streaming semantics on the bundled tiny model: each sample of a batch is its own stream, a reset
 * sample restarts exactly like a new stream, and frame-by-frame results equal whole-signal results
 * bit for bit (every output is computed by the same arithmetic whatever the chunking).
 */
class TokenizerStreamingTest {
    private static Weights weights;
    private static AcousticDecoder decoder;
    private static AcousticEncoder acoustic;
    private static SemanticEncoder semantic;

    @BeforeAll
    static void load() {
        var dir = BundledModel.tinyDir();
        VibeVoiceConfig cfg = VibeVoiceConfig.read(dir.resolve("config.json"));
        weights = Weights.open(dir, null);
        decoder = AcousticDecoder.load(weights, cfg);
        acoustic = AcousticEncoder.load(weights, cfg);
        semantic = SemanticEncoder.load(weights, cfg);
    }

    @AfterAll
    static void close() {
        decoder.close();
        acoustic.close();
        semantic.close();
        weights.close();
    }

    @Test
    void batchedStreamingDecodeWithOneSampleResetEqualsSeparateWholeDecodes() {
        Random rnd = new Random(7);
        int frames = 6;
        int resetAt = 3;
        int dim = decoder.latentDim();
        int hop = decoder.hopLength();
        float[][][] lat = new float[2][frames][dim];
        for (float[][] a : lat) {
            for (float[] f : a) {
                for (int c = 0; c < dim; c++) {
                    f[c] = (float) rnd.nextGaussian();
                }
            }
        }
        var st = decoder.newStreamState(2);
        float[] in = new float[2 * dim];
        float[] out = new float[2 * hop];
        float[][] streamed = new float[2][frames * hop];
        for (int f = 0; f < frames; f++) {
            if (f == resetAt) {
                st.reset(1);
            }
            for (int b = 0; b < 2; b++) {
                System.arraycopy(lat[b][f], 0, in, b * dim, dim);
            }
            decoder.decodeFrame(st, in, out);
            for (int b = 0; b < 2; b++) {
                System.arraycopy(out, b * hop, streamed[b], f * hop, hop);
            }
        }
        float[][] whole = decoder.decode(new float[][][] {lat[0], Arrays.copyOf(lat[1], resetAt),
                Arrays.copyOfRange(lat[1], resetAt, frames)});
        assertThat(streamed[0]).containsExactly(whole[0]);
        assertThat(Arrays.copyOf(streamed[1], resetAt * hop)).containsExactly(whole[1]);
        assertThat(Arrays.copyOfRange(streamed[1], resetAt * hop, frames * hop)).containsExactly(whole[2]);
        assertThat(max(whole[0])).isGreaterThan(1e-3f);
    }

    @Test
    void batchedStreamingSemanticEncodeWithResetEqualsWholeEncodes() {
        Random rnd = new Random(8);
        int hop = semantic.hopLength();
        int dim = semantic.latentDim();
        int chunks = 3;
        float[][] audio = new float[2][chunks * hop];
        for (float[] a : audio) {
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) rnd.nextGaussian() * 0.1f;
            }
        }
        var st = semantic.newStreamState(2);
        float[] in = new float[2 * hop];
        float[] out = new float[2 * dim];
        float[][][] streamed = new float[2][chunks][dim];
        for (int k = 0; k < chunks; k++) {
            if (k == 1) {
                st.reset(1);
            }
            for (int b = 0; b < 2; b++) {
                System.arraycopy(audio[b], k * hop, in, b * hop, hop);
            }
            semantic.encodeChunk(st, in, out);
            for (int b = 0; b < 2; b++) {
                System.arraycopy(out, b * dim, streamed[b][k], 0, dim);
            }
        }
        float[][][] whole = semantic.encode(new float[][] {audio[0], Arrays.copyOf(audio[1], hop),
                Arrays.copyOfRange(audio[1], hop, chunks * hop)});
        for (int k = 0; k < chunks; k++) {
            assertThat(streamed[0][k]).containsExactly(whole[0][k]);
        }
        assertThat(streamed[1][0]).containsExactly(whole[1][0]);
        assertThat(streamed[1][1]).containsExactly(whole[2][0]);
        assertThat(streamed[1][2]).containsExactly(whole[2][1]);
    }

    @Test
    void rightPaddingChangesOnlyTheLastFrameOfAShorterSignal() {
        Random rnd = new Random(9);
        int hop = acoustic.hopLength();
        float[] x = new float[3 * hop + 1234];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian() * 0.1f;
        }
        float[] padded = Arrays.copyOf(x, 6 * hop);
        float[][][] m = acoustic.encode(new float[][] {x, padded});
        assertThat(m[0]).hasNumberOfRows(4);
        assertThat(m[1]).hasNumberOfRows(6);
        for (int t = 0; t < 3; t++) {
            assertThat(m[1][t]).containsExactly(m[0][t]);
        }
        // the original pads each layer's input with zeros; inside a longer padded signal the same
        // positions hold layer outputs, so the last real frame differs slightly (spec §10.5 says "equal")
        assertThat(Arrays.equals(m[1][3], m[0][3])).isFalse();
    }

    private static float max(float[] v) {
        float m = 0;
        for (float f : v) {
            m = Math.max(m, Math.abs(f));
        }
        return m;
    }

    /**
     * Samples of a 3-slot stream advancing on different steps (any subset, in any order, per call)
     * get exactly what each gets from its own single-sample stream: decoder and semantic encoder.
     */
    @Test
    void subsetsOfSlotsAdvanceOnlyTheirOwnStreams() {
        Random rnd = new Random(11);
        int dim = decoder.latentDim();
        int hop = decoder.hopLength();
        int sem = semantic.latentDim();
        int[][] schedule = {{0, 1, 2}, {2}, {1, 0}, {0, 2}, {2, 1, 0}, {1}};
        var dec = decoder.newStreamState(3);
        var enc = semantic.newStreamState(3);
        TokenizerStream[] decAlone = new TokenizerStream[3];
        TokenizerStream[] encAlone = new TokenizerStream[3];
        for (int b = 0; b < 3; b++) {
            decAlone[b] = decoder.newStreamState(1);
            encAlone[b] = semantic.newStreamState(1);
        }
        float[] one = new float[dim];
        float[] audioOne = new float[hop];
        float[] semOne = new float[sem];
        for (int[] slots : schedule) {
            int n = slots.length;
            float[] lat = new float[n * dim];
            for (int i = 0; i < lat.length; i++) {
                lat[i] = (float) rnd.nextGaussian();
            }
            float[] audio = new float[n * hop];
            float[] semOut = new float[n * sem];
            decoder.decodeFrames(dec, slots, n, lat, audio);
            semantic.encodeChunks(enc, slots, n, audio, semOut);
            for (int j = 0; j < n; j++) {
                System.arraycopy(lat, j * dim, one, 0, dim);
                decoder.decodeFrame(decAlone[slots[j]], one, audioOne);
                assertThat(Arrays.copyOfRange(audio, j * hop, (j + 1) * hop)).containsExactly(audioOne);
                semantic.encodeChunk(encAlone[slots[j]], audioOne, semOne);
                assertThat(Arrays.copyOfRange(semOut, j * sem, (j + 1) * sem)).containsExactly(semOne);
            }
        }
    }
}
