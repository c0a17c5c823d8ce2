package org.vibevoice.acoustic;

import org.vibevoice.model.CheckpointLayout;
import org.vibevoice.model.VibeVoiceConfig;
import org.vibevoice.model.Weights;

/**
 * The acoustic tokenizer's decoder: latents (VAE space, not the LM's scaled space) to 24 kHz audio,
 * either frame by frame with a per-sample streaming state (what generation does), or whole
 * sequences. Both give the same samples as the original's non-streaming decode.
 */
public final class AcousticDecoder implements AutoCloseable {
    public static final String PREFIX = CheckpointLayout.ACOUSTIC_DECODER;
    /** Frames per chunk when decoding whole sequences. */
    private static final int SEQUENCE_CHUNK_FRAMES = 8;

    private final TokenizerDecoder decoder;

    private AcousticDecoder(TokenizerDecoder decoder) {
        this.decoder = decoder;
    }

    public static AcousticDecoder load(Weights weights, VibeVoiceConfig config) {
        return new AcousticDecoder(TokenizerDecoder.load(weights, PREFIX, config.acousticTokenizer()));
    }

    public int hopLength() {
        return decoder.hopLength();
    }

    public int latentDim() {
        return decoder.latentDim();
    }

    public TokenizerDecoder tokenizer() {
        return decoder;
    }

    /** A fresh streaming state for {@code batch} independent samples, one frame per call. */
    public TokenizerStream newStreamState(int batch) {
        return decoder.newStream(batch, 1);
    }

    /**
     * Decodes one latent frame per sample ({@code latents} [batch][latentDim]) into hop samples per
     * sample ({@code audioOut} [batch][hop]), continuing each sample's stream. Allocation-free.
     */
    public void decodeFrame(TokenizerStream state, float[] latents, float[] audioOut) {
        decoder.forward(state, latents, 1, audioOut);
    }

    /**
     * One latent frame for each of the samples {@code slots[0..n)} only ({@code latents} [n][latentDim],
     * {@code audioOut} [n][hop], row j for sample slots[j]), all in one sweep of the weights; the other
     * samples' streams wait. Allocation-free.
     */
    public void decodeFrames(TokenizerStream state, int[] slots, int n, float[] latents, float[] audioOut) {
        decoder.forward(state, slots, n, latents, 1, audioOut);
    }

    /** Whole sequences: latents[b] [frames][latentDim] → audio [frames · hop]. */
    public float[][] decode(float[][][] latents) {
        int dim = decoder.latentDim();
        int hop = decoder.hopLength();
        float[][] out = new float[latents.length][];
        TokenizerStream st = null;
        float[] in = new float[SEQUENCE_CHUNK_FRAMES * dim];
        for (int b = 0; b < latents.length; b++) {
            int frames = latents[b].length;
            out[b] = new float[frames * hop];
            if (frames == 0) {
                continue;
            }
            if (st == null) {
                st = decoder.newStream(1, SEQUENCE_CHUNK_FRAMES);
            } else {
                st.reset(0);
            }
            float[] audio = new float[SEQUENCE_CHUNK_FRAMES * hop];
            for (int f0 = 0; f0 < frames; f0 += SEQUENCE_CHUNK_FRAMES) {
                int n = Math.min(SEQUENCE_CHUNK_FRAMES, frames - f0);
                for (int i = 0; i < n; i++) {
                    System.arraycopy(latents[b][f0 + i], 0, in, i * dim, dim);
                }
                decoder.forward(st, in, n, audio);
                System.arraycopy(audio, 0, out[b], f0 * hop, n * hop);
            }
        }
        return out;
    }

    @Override
    public void close() {
        decoder.close();
    }
}
