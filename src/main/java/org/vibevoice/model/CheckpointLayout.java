package org.vibevoice.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vibevoice.model.VibeVoiceConfig.DecoderConfig;
import org.vibevoice.model.VibeVoiceConfig.DiffusionHeadConfig;
import org.vibevoice.model.VibeVoiceConfig.SpeechTokenizerConfig;
import org.vibevoice.tensor.DType;
import org.vibevoice.tensor.Tensor;

/**
 * The state dict of a VibeVoice checkpoint as the original builds it from a config (spec §1.3):
 * every tensor's name and shape, in PyTorch's {@code state_dict()} order (a module's own parameters
 * and persistent buffers before its children, children in registration order), which is also the
 * order Hugging Face shards it in. For 1.5B this is 1204 tensors, 5 408 043 974 bytes in bf16; the
 * untied Large adds {@code lm_head.weight} (1205).
 */
public final class CheckpointLayout {
    public static final String LANGUAGE_MODEL = "model.language_model.";
    public static final String ACOUSTIC_ENCODER = "model.acoustic_tokenizer.encoder";
    public static final String ACOUSTIC_DECODER = "model.acoustic_tokenizer.decoder";
    public static final String SEMANTIC_ENCODER = "model.semantic_tokenizer.encoder";
    public static final String ACOUSTIC_CONNECTOR = "model.acoustic_connector";
    public static final String SEMANTIC_CONNECTOR = "model.semantic_connector";
    public static final String PREDICTION_HEAD = "model.prediction_head.";
    public static final String SPEECH_SCALING = "model.speech_scaling_factor";
    public static final String SPEECH_BIAS = "model.speech_bias_factor";
    public static final String LM_HEAD = "lm_head.weight";
    /** The diffusion head's timestep frequency embedding width (fixed in the original). */
    public static final int FREQUENCY_DIM = 256;

    private static final int TOKENIZER_KERNEL = 7;
    private static final int TOKENIZER_FFN_RATIO = 4;

    /** What a tensor is: random weights are drawn per role, and only some roles are matrices. */
    public enum Role {
        /** Token embedding table (and the untied lm_head). */
        EMBEDDING,
        /** nn.Linear weight [out][in] of the LM, connectors or diffusion head. */
        LINEAR,
        /** A tokenizer's nn.Linear or convolution weight (its fan-in is the product of all but dim 0). */
        TOKENIZER_WEIGHT,
        /** A tokenizer's transposed convolution weight [in][out][k]. */
        TOKENIZER_TRANSPOSED,
        BIAS,
        NORM,
        /** Block1D's gamma / ffn_gamma. */
        LAYER_SCALE,
        /** The 0-dim latent scaling buffers. */
        SCALAR
    }

    /** One tensor of the state dict. */
    public record Entry(String name, long[] shape, Role role) {
        public long numel() {
            return Tensor.numel(shape);
        }

        public long bytes(DType dtype) {
            return numel() * dtype.bytes();
        }
    }

    private final List<Entry> entries;

    private CheckpointLayout(List<Entry> entries) {
        this.entries = Collections.unmodifiableList(entries);
    }

    /** The whole checkpoint of {@code cfg}. */
    public static CheckpointLayout of(VibeVoiceConfig cfg) {
        Builder b = new Builder();
        // VibeVoiceModel's own buffers come before its children
        b.add(SPEECH_SCALING, Role.SCALAR);
        b.add(SPEECH_BIAS, Role.SCALAR);
        languageModel(b, cfg.decoder());
        encoder(b, ACOUSTIC_ENCODER, cfg.acousticTokenizer());
        decoder(b, ACOUSTIC_DECODER, cfg.acousticTokenizer());
        encoder(b, SEMANTIC_ENCODER, cfg.semanticTokenizer());
        connector(b, ACOUSTIC_CONNECTOR, cfg.acousticVaeDim(), cfg.decoder().hiddenSize());
        connector(b, SEMANTIC_CONNECTOR, cfg.semanticVaeDim(), cfg.decoder().hiddenSize());
        head(b, cfg.diffusionHead(), cfg.decoder().hiddenSize());
        if (!cfg.tieWordEmbeddings()) {
            b.add(LM_HEAD, Role.EMBEDDING, cfg.decoder().vocabSize(), cfg.decoder().hiddenSize());
        }
        return new CheckpointLayout(b.entries);
    }

    /** Only the Qwen2 decoder ({@code lm_head.weight} too when untied). */
    public static CheckpointLayout languageModel(DecoderConfig cfg, boolean tieWordEmbeddings) {
        Builder b = new Builder();
        languageModel(b, cfg);
        if (!tieWordEmbeddings) {
            b.add(LM_HEAD, Role.EMBEDDING, cfg.vocabSize(), cfg.hiddenSize());
        }
        return new CheckpointLayout(b.entries);
    }

    /** Only the diffusion head, conditioned on {@code conditionSize}-wide LM states. */
    public static CheckpointLayout predictionHead(DiffusionHeadConfig cfg, int conditionSize) {
        Builder b = new Builder();
        head(b, cfg, conditionSize);
        return new CheckpointLayout(b.entries);
    }

    /** Only the tokenizer encoder under {@code prefix} (e.g. {@link #SEMANTIC_ENCODER}). */
    public static CheckpointLayout encoder(String prefix, SpeechTokenizerConfig cfg) {
        Builder b = new Builder();
        encoder(b, prefix, cfg);
        return new CheckpointLayout(b.entries);
    }

    /** Only the tokenizer decoder under {@code prefix}. */
    public static CheckpointLayout decoder(String prefix, SpeechTokenizerConfig cfg) {
        Builder b = new Builder();
        decoder(b, prefix, cfg);
        return new CheckpointLayout(b.entries);
    }

    /** Tensors in state-dict order. */
    public List<Entry> entries() {
        return entries;
    }

    public int size() {
        return entries.size();
    }

    /** This layout followed by {@code other}'s tensors. */
    public CheckpointLayout plus(CheckpointLayout other) {
        List<Entry> all = new ArrayList<>(entries);
        all.addAll(other.entries);
        return new CheckpointLayout(all);
    }

    public long parameters() {
        long n = 0;
        for (Entry e : entries) {
            n += e.numel();
        }
        return n;
    }

    /** Bytes with every tensor stored as {@code dtype} (the published checkpoints are all bf16). */
    public long bytes(DType dtype) {
        return parameters() * dtype.bytes();
    }

    /** Name → shape, in order. */
    public Map<String, long[]> shapes() {
        Map<String, long[]> m = new LinkedHashMap<>();
        for (Entry e : entries) {
            m.put(e.name(), e.shape());
        }
        return m;
    }

    private static void languageModel(Builder b, DecoderConfig d) {
        String p = LANGUAGE_MODEL;
        int h = d.hiddenSize();
        int q = d.numAttentionHeads() * d.headDim();
        int kv = d.numKeyValueHeads() * d.headDim();
        int f = d.intermediateSize();
        b.add(p + "embed_tokens.weight", Role.EMBEDDING, d.vocabSize(), h);
        for (int l = 0; l < d.numHiddenLayers(); l++) {
            String a = p + "layers." + l + ".self_attn.";
            b.linear(a + "q_proj", q, h, true);
            b.linear(a + "k_proj", kv, h, true);
            b.linear(a + "v_proj", kv, h, true);
            b.linear(a + "o_proj", h, q, false);
            String m = p + "layers." + l + ".mlp.";
            b.linear(m + "gate_proj", f, h, false);
            b.linear(m + "up_proj", f, h, false);
            b.linear(m + "down_proj", h, f, false);
            b.add(p + "layers." + l + ".input_layernorm.weight", Role.NORM, h);
            b.add(p + "layers." + l + ".post_attention_layernorm.weight", Role.NORM, h);
        }
        b.add(p + "norm.weight", Role.NORM, h);
    }

    /** TokenizerEncoder: all downsampling convs, then all stages, then the head (spec §7.2). */
    private static void encoder(Builder b, String prefix, SpeechTokenizerConfig cfg) {
        int[] depths = cfg.encoderDepths();
        int[] ratios = cfg.encoderRatios();
        int nf = cfg.encoderNFilters();
        int in = cfg.channels();
        for (int s = 0; s < depths.length; s++) {
            int c = nf << s;
            long k = s == 0 ? TOKENIZER_KERNEL : 2L * ratios[ratios.length - s];
            b.conv(prefix + ".downsample_layers." + s + ".0.conv.conv", c, in, k);
            in = c;
        }
        for (int s = 0; s < depths.length; s++) {
            b.stage(prefix + ".stages." + s, depths[s], nf << s);
        }
        b.conv(prefix + ".head.conv.conv", cfg.vaeDim(), in, TOKENIZER_KERNEL);
    }

    /** TokenizerDecoder: the stem and all transposed convs, then all stages, then the head (spec §7.3). */
    private static void decoder(Builder b, String prefix, SpeechTokenizerConfig cfg) {
        int[] depths = cfg.decoderDepths();
        int[] ratios = cfg.decoderRatios();
        int n = depths.length;
        int nf = cfg.decoderNFilters();
        int c = nf << (n - 1);
        b.conv(prefix + ".upsample_layers.0.0.conv.conv", c, cfg.vaeDim(), TOKENIZER_KERNEL);
        for (int s = 1; s < n; s++) {
            int out = nf << (n - 1 - s);
            String name = prefix + ".upsample_layers." + s + ".0.convtr.convtr";
            b.add(name + ".weight", Role.TOKENIZER_TRANSPOSED, c, out, 2L * ratios[s - 1]);
            b.add(name + ".bias", Role.BIAS, out);
            c = out;
        }
        for (int s = 0; s < n; s++) {
            b.stage(prefix + ".stages." + s, depths[s], nf << (n - 1 - s));
        }
        b.conv(prefix + ".head.conv.conv", cfg.channels(), c, TOKENIZER_KERNEL);
    }

    private static void connector(Builder b, String prefix, int in, int hidden) {
        b.linear(prefix + ".fc1", hidden, in, true);
        b.add(prefix + ".norm.weight", Role.NORM, hidden);
        b.linear(prefix + ".fc2", hidden, hidden, true);
    }

    /** VibeVoiceDiffusionHead (spec §5), no biases. */
    private static void head(Builder b, DiffusionHeadConfig cfg, int condition) {
        String p = PREDICTION_HEAD;
        int h = cfg.hiddenSize();
        int f = cfg.ffnDim();
        b.linear(p + "noisy_images_proj", h, cfg.latentSize(), false);
        b.linear(p + "cond_proj", h, condition, false);
        b.linear(p + "t_embedder.mlp.0", h, FREQUENCY_DIM, false);
        b.linear(p + "t_embedder.mlp.2", h, h, false);
        for (int i = 0; i < cfg.headLayers(); i++) {
            String l = p + "layers." + i + ".";
            b.linear(l + "ffn.gate_proj", f, h, false);
            b.linear(l + "ffn.up_proj", f, h, false);
            b.linear(l + "ffn.down_proj", h, f, false);
            b.add(l + "norm.weight", Role.NORM, h);
            b.linear(l + "adaLN_modulation.1", 3 * h, condition, false);
        }
        b.linear(p + "final_layer.linear", cfg.latentSize(), h, false);
        b.linear(p + "final_layer.adaLN_modulation.1", 2 * h, condition, false);
    }

    private static final class Builder {
        final List<Entry> entries = new ArrayList<>();

        void add(String name, Role role, long... shape) {
            entries.add(new Entry(name, shape, role));
        }

        void linear(String prefix, long out, long in, boolean bias) {
            add(prefix + ".weight", Role.LINEAR, out, in);
            if (bias) {
                add(prefix + ".bias", Role.BIAS, out);
            }
        }

        void conv(String prefix, long out, long in, long k) {
            add(prefix + ".weight", Role.TOKENIZER_WEIGHT, out, in, k);
            add(prefix + ".bias", Role.BIAS, out);
        }

        /** Block1D: its own gamma parameters first, then norm, ffn_norm, mixer, ffn (registration order). */
        void stage(String prefix, int depth, long c) {
            for (int j = 0; j < depth; j++) {
                String p = prefix + "." + j;
                add(p + ".gamma", Role.LAYER_SCALE, c);
                add(p + ".ffn_gamma", Role.LAYER_SCALE, c);
                add(p + ".norm.weight", Role.NORM, c);
                add(p + ".ffn_norm.weight", Role.NORM, c);
                add(p + ".mixer.conv.conv.conv.weight", Role.TOKENIZER_WEIGHT, c, 1, TOKENIZER_KERNEL);
                add(p + ".mixer.conv.conv.conv.bias", Role.BIAS, c);
                add(p + ".ffn.linear1.weight", Role.TOKENIZER_WEIGHT, TOKENIZER_FFN_RATIO * c, c);
                add(p + ".ffn.linear1.bias", Role.BIAS, TOKENIZER_FFN_RATIO * c);
                add(p + ".ffn.linear2.weight", Role.TOKENIZER_WEIGHT, c, TOKENIZER_FFN_RATIO * c);
                add(p + ".ffn.linear2.bias", Role.BIAS, c);
            }
        }
    }
}
