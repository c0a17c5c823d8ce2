package org.vibevoice.semantic;

import org.vibevoice.acoustic.TokenizerEncoder;
import org.vibevoice.acoustic.TokenizerStream;
import org.vibevoice.model.CheckpointLayout;
import org.vibevoice.model.VibeVoiceConfig;
import org.vibevoice.model.Weights;

/**
 * The semantic tokenizer (spec §8): the same encoder as the acoustic one with 128-d output and no
 * sampling. Generation feeds it each decoded 3200-sample chunk through a per-sample stream, so its
 * causal context covers all audio of the current speech segment.
 */
public final class SemanticEncoder implements AutoCloseable {
    public static final String PREFIX = CheckpointLayout.SEMANTIC_ENCODER;

    private final TokenizerEncoder encoder;

    private SemanticEncoder(TokenizerEncoder encoder) {
        this.encoder = encoder;
    }

    public static SemanticEncoder load(Weights weights, VibeVoiceConfig config) {
        return new SemanticEncoder(TokenizerEncoder.load(weights, PREFIX, config.semanticTokenizer()));
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

    /** A fresh streaming state for {@code batch} independent samples, one hop of audio per call. */
    public TokenizerStream newStreamState(int batch) {
        return encoder.newStream(batch, 1);
    }

    /**
     * Encodes the next hop samples of every sample ({@code audio} [batch][hop]) into one frame each
     * ({@code out} [batch][latentDim]), continuing each sample's stream. Allocation-free.
     */
    public void encodeChunk(TokenizerStream state, float[] audio, float[] out) {
        encoder.forward(state, audio, encoder.hopLength(), out);
    }

    /**
     * The next hop samples of each of the samples {@code slots[0..n)} only ({@code audio} [n][hop],
     * {@code out} [n][latentDim], row j for sample slots[j]), all in one sweep of the weights; the
     * other samples' streams wait. Allocation-free.
     */
    public void encodeChunks(TokenizerStream state, int[] slots, int n, float[] audio, float[] out) {
        encoder.forward(state, slots, n, audio, encoder.hopLength(), out);
    }

    /** Whole signals: [b][ceil(len_b / hop)][latentDim]. */
    public float[][][] encode(float[][] audio) {
        return encoder.encodeSignals(audio);
    }

    @Override
    public void close() {
        encoder.close();
    }
}
