package org.vibevoice.lm;

import org.vibevoice.tensor.Matrix;

/**
 * One Qwen2 decoder layer's parameters: projections as matrices in the model's weight precision,
 * biases and norm weights as f32.
 */
public record LayerWeights(Matrix q, Matrix k, Matrix v, Matrix o, Matrix gate, Matrix up, Matrix down,
        float[] qBias, float[] kBias, float[] vBias, float[] inputNorm, float[] postAttentionNorm) {
}
