package org.vibevoice.lm;

import org.vibevoice.model.CheckpointLayout;
import java.util.List;
import org.vibevoice.VibeVoiceException;
import org.vibevoice.model.VibeVoiceConfig.DecoderConfig;
import org.vibevoice.model.Weights;
import org.vibevoice.tensor.Matrix;

/**
 * The Qwen2 decoder's parameters, checked against the config's sizes. {@code lmHead} is the
 * embedding table itself when the embeddings are tied.
 */
public record Qwen2Weights(Matrix embed, List<LayerWeights> layers, float[] finalNorm, Matrix lmHead) {
    /** State-dict prefix of the language model inside a VibeVoice checkpoint. */
    public static final String PREFIX = CheckpointLayout.LANGUAGE_MODEL;
    /** The untied output projection's name. */
    public static final String LM_HEAD = CheckpointLayout.LM_HEAD;

    /**
     * Reads the decoder from a VibeVoice checkpoint. The output projection is tied to
     * {@code embed_tokens} when {@code tieWordEmbeddings} (the config's top-level key, as the original
     * decides); otherwise the checkpoint must hold {@code lm_head.weight}.
     */
    public static Qwen2Weights load(Weights w, DecoderConfig cfg, boolean tieWordEmbeddings) {
        String p = PREFIX;
        Matrix embed = w.matrix(p + "embed_tokens.weight");
        Matrix lmHead;
        if (tieWordEmbeddings) {
            lmHead = embed;
        } else if (w.has(LM_HEAD)) {
            lmHead = w.matrix(LM_HEAD);
        } else {
            throw new VibeVoiceException(w.checkpoint().location() + ": config.json says tie_word_embeddings=false"
                    + " but the checkpoint has no " + LM_HEAD);
        }
        LayerWeights[] layers = new LayerWeights[cfg.numHiddenLayers()];
        for (int i = 0; i < layers.length; i++) {
            String l = p + "layers." + i + ".";
            layers[i] = new LayerWeights(
                    w.matrix(l + "self_attn.q_proj.weight"), w.matrix(l + "self_attn.k_proj.weight"),
                    w.matrix(l + "self_attn.v_proj.weight"), w.matrix(l + "self_attn.o_proj.weight"),
                    w.matrix(l + "mlp.gate_proj.weight"), w.matrix(l + "mlp.up_proj.weight"),
                    w.matrix(l + "mlp.down_proj.weight"),
                    w.floats(l + "self_attn.q_proj.bias"), w.floats(l + "self_attn.k_proj.bias"),
                    w.floats(l + "self_attn.v_proj.bias"),
                    w.floats(l + "input_layernorm.weight"), w.floats(l + "post_attention_layernorm.weight"));
        }
        Qwen2Weights out = new Qwen2Weights(embed, List.of(layers), w.floats(p + "norm.weight"), lmHead);
        out.check(cfg, w.checkpoint().location().toString());
        return out;
    }

    /** Throws a one-line error naming the first tensor whose shape disagrees with {@code cfg}. */
    public void check(DecoderConfig cfg, String source) {
        int h = cfg.hiddenSize();
        int q = cfg.numAttentionHeads() * cfg.headDim();
        int kv = cfg.numKeyValueHeads() * cfg.headDim();
        int f = cfg.intermediateSize();
        if (cfg.numAttentionHeads() % cfg.numKeyValueHeads() != 0 || cfg.headDim() % 2 != 0) {
            throw new VibeVoiceException(source + ": decoder_config has " + cfg.numAttentionHeads() + " heads, "
                    + cfg.numKeyValueHeads() + " key/value heads and head_dim " + cfg.headDim()
                    + " (need a whole group size and an even head_dim)");
        }
        shape(embed, cfg.vocabSize(), h, source);
        shape(lmHead, cfg.vocabSize(), h, source);
        if (layers.size() != cfg.numHiddenLayers()) {
            throw new VibeVoiceException(source + ": " + layers.size() + " layers, config says " + cfg.numHiddenLayers());
        }
        for (LayerWeights l : layers) {
            shape(l.q(), q, h, source);
            shape(l.k(), kv, h, source);
            shape(l.v(), kv, h, source);
            shape(l.o(), h, q, source);
            shape(l.gate(), f, h, source);
            shape(l.up(), f, h, source);
            shape(l.down(), h, f, source);
            length(l.qBias(), q, "q_proj.bias", source);
            length(l.kBias(), kv, "k_proj.bias", source);
            length(l.vBias(), kv, "v_proj.bias", source);
            length(l.inputNorm(), h, "input_layernorm.weight", source);
            length(l.postAttentionNorm(), h, "post_attention_layernorm.weight", source);
        }
        length(finalNorm, h, "norm.weight", source);
    }

    private static void shape(Matrix m, int rows, int cols, String source) {
        if (m.rows() != rows || m.cols() != cols) {
            throw new VibeVoiceException(source + ": tensor " + m.name() + " is [" + m.rows() + ", " + m.cols()
                    + "], config.json implies [" + rows + ", " + cols + "]");
        }
    }

    private static void length(float[] v, int n, String what, String source) {
        if (v.length != n) {
            throw new VibeVoiceException(source + ": " + what + " has " + v.length + " values, config.json implies " + n);
        }
    }

    /** Bytes of weights one decode step streams: every layer matrix (not the embedding or lm_head). */
    public long layerBytes() {
        long n = 0;
        for (LayerWeights l : layers) {
            for (Matrix m : new Matrix[] {l.q(), l.k(), l.v(), l.o(), l.gate(), l.up(), l.down()}) {
                n += m.byteSize();
            }
        }
        return n;
    }
}
