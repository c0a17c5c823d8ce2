package org.vibevoice.diffusion;

import java.util.SplittableRandom;
import org.vibevoice.model.CheckpointLayout;
import org.vibevoice.model.RandomWeights;
import org.vibevoice.model.VibeVoiceConfig.DiffusionHeadConfig;
import org.vibevoice.model.Weights;
import org.vibevoice.tensor.DType;

/** Small random diffusion heads for tests (closed when the JVM exits) and random activation rows. */
final class RandomHeads {
    private RandomHeads() {
    }

    /**
     * The tensors of a head of {@code cfg} conditioned on H-wide rows, with weights of std 1/√H so
     * that every layer, not only the first, moves the output.
     */
    static Weights weights(DiffusionHeadConfig cfg, DType dtype, long seed) {
        CheckpointLayout layout = CheckpointLayout.predictionHead(cfg, cfg.hiddenSize());
        return Weights.of(RandomWeights.checkpoint(layout, dtype, 1 / Math.sqrt(cfg.hiddenSize()), seed), null);
    }

    static DiffusionHead head(DiffusionHeadConfig cfg, DType dtype, long seed) {
        return DiffusionHead.load(weights(cfg, dtype, seed), cfg);
    }

    /** n standard normal values. */
    static float[] normal(SplittableRandom rnd, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        return v;
    }
}
