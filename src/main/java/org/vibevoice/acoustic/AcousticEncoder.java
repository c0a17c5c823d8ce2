package org.vibevoice.acoustic;

import org.vibevoice.model.CheckpointLayout;
import org.vibevoice.model.VibeVoiceConfig;
import org.vibevoice.model.Weights;

/**
 * The acoustic tokenizer's encoder (64-d σ-VAE latents) for voice prompts: whole-signal encoding
 * to the latent means, and the voice-prompt sampling of spec §7.5 with noise supplied by the caller.
 */
public final class AcousticEncoder implements AutoCloseable {
    public static final String PREFIX = CheckpointLayout.ACOUSTIC_ENCODER;

    private final TokenizerEncoder encoder;
    private final float noiseScale;

    private AcousticEncoder(TokenizerEncoder encoder, double fixStd) {
        this.encoder = encoder;
        // the original draws std = randn · (fix_std / 0.8), the division in Python doubles
        this.noiseScale = (float) (fixStd / 0.8);
    }

    /** Packs the encoder weights of a checkpoint (in the weights' requested precision). */
    public static AcousticEncoder load(Weights weights, VibeVoiceConfig config) {
        return new AcousticEncoder(TokenizerEncoder.load(weights, PREFIX, config.acousticTokenizer()),
                config.acousticTokenizer().fixStd());
    }

    public int hopLength() {
        return encoder.hopLength();
    }

    public int latentDim() {
        return encoder.latentDim();
    }

    public TokenizerEncoder tokenizer() {
        return encoder;
    }

    /**
     * Latent means of each signal (24 kHz, one channel): [b][ceil(len_b / hop)][latentDim], each
     * encoded at the length given. The original encodes a batch zero-padded to the longest voice;
     * pass the padded rows (as the processor builds them) to get its values exactly: a shorter
     * voice's last frame differs slightly when encoded unpadded, its earlier frames are identical.
     */
    public float[][][] encode(float[][] audio) {
        return encoder.encodeSignals(audio);
    }

    /**
     * Voice-prompt latents: mean + (noiseStd[b] · fix_std / 0.8) · noiseLatent[b][t][c], one
     * standard-normal draw per signal and one per element (torch.randn / randn_like in the original).
     * With {@code noiseStd} null the means are returned unchanged (the deterministic option).
     */
    public float[][][] sample(float[][][] means, float[] noiseStd, float[][][] noiseLatent) {
        if (noiseStd != null && (noiseLatent == null || noiseStd.length < means.length || noiseLatent.length < means.length)) {
            throw new IllegalArgumentException("noise for " + means.length + " signals: one std draw and one latent draw each");
        }
        float[][][] out = new float[means.length][][];
        for (int b = 0; b < means.length; b++) {
            out[b] = new float[means[b].length][];
            float std = noiseStd == null ? 0f : noiseStd[b] * noiseScale;
            for (int t = 0; t < means[b].length; t++) {
                float[] m = means[b][t];
                float[] z = new float[m.length];
                for (int c = 0; c < m.length; c++) {
                    // two roundings, as the original's x + std * noise
                    z[c] = noiseStd == null ? m[c] : m[c] + std * noiseLatent[b][t][c];
                }
                out[b][t] = z;
            }
        }
        return out;
    }

    @Override
    public void close() {
        encoder.close();
    }
}
