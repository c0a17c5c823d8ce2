package org.vibevoice.bench;

import java.util.HashMap;
import java.util.Map;
import org.vibevoice.VibeVoiceException;
import org.vibevoice.diffusion.DiffusionHead;
import org.vibevoice.model.VibeVoiceConfig.DiffusionHeadConfig;
import org.vibevoice.tensor.Matrix;

/** Every tensor of a diffusion head of the given config, random (see {@link RandomWeights}). */
public final class RandomHead implements DiffusionHead.Source {
    /** The original's timestep frequency embedding width. */
    public static final int FREQUENCY_DIM = 256;

    private final Map<String, Matrix> matrices = new HashMap<>();
    private final Map<String, float[]> vectors = new HashMap<>();

    public RandomHead(DiffusionHeadConfig cfg, RandomWeights w) {
        int h = cfg.hiddenSize();
        int f = cfg.ffnDim();
        put(w, "noisy_images_proj.weight", h, cfg.latentSize());
        put(w, "t_embedder.mlp.0.weight", h, FREQUENCY_DIM);
        put(w, "t_embedder.mlp.2.weight", h, h);
        put(w, "cond_proj.weight", h, h);
        for (int i = 0; i < cfg.headLayers(); i++) {
            String p = "layers." + i + ".";
            put(w, p + "adaLN_modulation.1.weight", 3 * h, h);
            vectors.put(p + "norm.weight", w.vector(h, 1f, 0.1f));
            put(w, p + "ffn.gate_proj.weight", f, h);
            put(w, p + "ffn.up_proj.weight", f, h);
            put(w, p + "ffn.down_proj.weight", h, f);
        }
        put(w, "final_layer.adaLN_modulation.1.weight", 2 * h, h);
        put(w, "final_layer.linear.weight", cfg.latentSize(), h);
    }

    private void put(RandomWeights w, String name, int rows, int cols) {
        matrices.put(name, w.matrix(DiffusionHead.PREFIX + name, rows, cols));
    }

    @Override
    public Matrix matrix(String name) {
        Matrix m = matrices.get(name);
        if (m == null) {
            throw new VibeVoiceException("random head has no tensor " + name);
        }
        return m;
    }

    @Override
    public float[] vector(String name) {
        float[] v = vectors.get(name);
        if (v == null) {
            throw new VibeVoiceException("random head has no tensor " + name);
        }
        return v;
    }
}
