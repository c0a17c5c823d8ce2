package org.vibevoice.acoustic;

import org.vibevoice.model.CheckpointLayout;
import org.vibevoice.model.Weights;

/**
 * The map between acoustic VAE latents z and the LM/diffusion feature space (spec §7.4):
 * feat = (z + bias) · scale and back z = feat / scale − bias, with the checkpoint's
 * {@code model.speech_scaling_factor} and {@code model.speech_bias_factor}.
 */
public record LatentScaling(float scale, float bias) {
    public static final String SCALE = CheckpointLayout.SPEECH_SCALING;
    public static final String BIAS = CheckpointLayout.SPEECH_BIAS;

    public static LatentScaling load(Weights w) {
        return new LatentScaling(w.scalar(SCALE), w.scalar(BIAS));
    }

    /** feat = (z + bias) · scale, element by element into {@code out}. */
    public void toFeatures(float[] z, int off, int n, float[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = (z[off + i] + bias) * scale;
        }
    }

    /** z = feat / scale − bias, element by element into {@code out}. */
    public void toLatents(float[] feat, int off, int n, float[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = feat[off + i] / scale - bias;
        }
    }
}
