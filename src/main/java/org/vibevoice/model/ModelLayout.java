package org.vibevoice.model;

import java.util.LinkedHashMap;
import java.util.Map;
import org.vibevoice.acoustic.TokenizerLayout;
import org.vibevoice.model.VibeVoiceConfig.DecoderConfig;
import org.vibevoice.model.VibeVoiceConfig.DiffusionHeadConfig;

/**
 * Every tensor name and shape of a VibeVoice checkpoint as its config implies (spec §1.3): what
 * random-weight checkpoints at the real sizes are written with.
 */
public final class ModelLayout {
    /** The diffusion head's timestep frequency embedding width. */
    private static final int FREQUENCY_DIM = 256;

    private ModelLayout() {
    }

    public static Map<String, long[]> of(VibeVoiceConfig cfg) {
        Map<String, long[]> m = new LinkedHashMap<>();
        decoder(m, cfg.decoder());
        if (!cfg.tieWordEmbeddings()) {
            m.put("lm_head.weight", new long[] {cfg.decoder().vocabSize(), cfg.decoder().hiddenSize()});
        }
        m.putAll(TokenizerLayout.encoder("model.acoustic_tokenizer.encoder", cfg.acousticTokenizer()));
        m.putAll(TokenizerLayout.decoder("model.acoustic_tokenizer.decoder", cfg.acousticTokenizer()));
        m.putAll(TokenizerLayout.encoder("model.semantic_tokenizer.encoder", cfg.semanticTokenizer()));
        int h = cfg.decoder().hiddenSize();
        connector(m, "model.acoustic_connector", cfg.acousticVaeDim(), h);
        connector(m, "model.semantic_connector", cfg.semanticVaeDim(), h);
        head(m, cfg.diffusionHead(), h);
        m.put("model.speech_scaling_factor", new long[0]);
        m.put("model.speech_bias_factor", new long[0]);
        return m;
    }

    private static void decoder(Map<String, long[]> m, DecoderConfig d) {
        String p = "model.language_model.";
        long h = d.hiddenSize();
        long q = (long) d.numAttentionHeads() * d.headDim();
        long kv = (long) d.numKeyValueHeads() * d.headDim();
        long f = d.intermediateSize();
        m.put(p + "embed_tokens.weight", new long[] {d.vocabSize(), h});
        for (int l = 0; l < d.numHiddenLayers(); l++) {
            String b = p + "layers." + l + ".";
            m.put(b + "self_attn.q_proj.weight", new long[] {q, h});
            m.put(b + "self_attn.q_proj.bias", new long[] {q});
            m.put(b + "self_attn.k_proj.weight", new long[] {kv, h});
            m.put(b + "self_attn.k_proj.bias", new long[] {kv});
            m.put(b + "self_attn.v_proj.weight", new long[] {kv, h});
            m.put(b + "self_attn.v_proj.bias", new long[] {kv});
            m.put(b + "self_attn.o_proj.weight", new long[] {h, q});
            m.put(b + "mlp.gate_proj.weight", new long[] {f, h});
            m.put(b + "mlp.up_proj.weight", new long[] {f, h});
            m.put(b + "mlp.down_proj.weight", new long[] {h, f});
            m.put(b + "input_layernorm.weight", new long[] {h});
            m.put(b + "post_attention_layernorm.weight", new long[] {h});
        }
        m.put(p + "norm.weight", new long[] {h});
    }

    private static void connector(Map<String, long[]> m, String p, long in, long h) {
        m.put(p + ".fc1.weight", new long[] {h, in});
        m.put(p + ".fc1.bias", new long[] {h});
        m.put(p + ".norm.weight", new long[] {h});
        m.put(p + ".fc2.weight", new long[] {h, h});
        m.put(p + ".fc2.bias", new long[] {h});
    }

    private static void head(Map<String, long[]> m, DiffusionHeadConfig c, long lmHidden) {
        String p = "model.prediction_head.";
        long h = c.hiddenSize();
        long f = c.ffnDim();
        m.put(p + "noisy_images_proj.weight", new long[] {h, c.latentSize()});
        m.put(p + "cond_proj.weight", new long[] {h, lmHidden});
        m.put(p + "t_embedder.mlp.0.weight", new long[] {h, FREQUENCY_DIM});
        m.put(p + "t_embedder.mlp.2.weight", new long[] {h, h});
        for (int i = 0; i < c.headLayers(); i++) {
            String b = p + "layers." + i + ".";
            m.put(b + "ffn.gate_proj.weight", new long[] {f, h});
            m.put(b + "ffn.up_proj.weight", new long[] {f, h});
            m.put(b + "ffn.down_proj.weight", new long[] {h, f});
            m.put(b + "norm.weight", new long[] {h});
            m.put(b + "adaLN_modulation.1.weight", new long[] {3 * h, h});
        }
        m.put(p + "final_layer.linear.weight", new long[] {c.latentSize(), h});
        m.put(p + "final_layer.adaLN_modulation.1.weight", new long[] {2 * h, h});
    }
}
