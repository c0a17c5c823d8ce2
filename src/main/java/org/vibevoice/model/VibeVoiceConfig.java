package org.vibevoice.model;

import java.nio.file.Path;

/**
 * A VibeVoice {@code config.json} (spec §2): the Qwen2 decoder, both speech tokenizers and the
 * diffusion head. Keys that do nothing at inference are not read.
 */
public record VibeVoiceConfig(
        DecoderConfig decoder,
        SpeechTokenizerConfig acousticTokenizer,
        SpeechTokenizerConfig semanticTokenizer,
        DiffusionHeadConfig diffusionHead,
        int acousticVaeDim,
        int semanticVaeDim,
        boolean tieWordEmbeddings,
        String torchDtype) {

    public static VibeVoiceConfig read(Path configJson) {
        JsonFields root = JsonFields.read(configJson);
        DecoderConfig decoder = DecoderConfig.from(root.object("decoder_config"));
        SpeechTokenizerConfig acoustic = SpeechTokenizerConfig.from(root.object("acoustic_tokenizer_config"));
        SpeechTokenizerConfig semantic = SpeechTokenizerConfig.from(root.object("semantic_tokenizer_config"));
        DiffusionHeadConfig head = DiffusionHeadConfig.from(root.object("diffusion_head_config"));
        // The Large config spells the key "acostic_vae_dim"; the original recomputes it from the tokenizer anyway.
        int acousticVaeDim = acoustic.vaeDim();
        int semanticVaeDim = root.getPositiveInt("semantic_vae_dim", semantic.vaeDim());
        // The original ties lm_head through the top-level key, whose default is true (spec §3.1).
        boolean tie = root.getBoolean("tie_word_embeddings", true);
        return new VibeVoiceConfig(decoder, acoustic, semantic, head, acousticVaeDim, semanticVaeDim, tie,
                root.getString("torch_dtype", "float32"));
    }

    /** Qwen2 decoder settings. */
    public record DecoderConfig(int hiddenSize, int intermediateSize, int numHiddenLayers, int numAttentionHeads,
            int numKeyValueHeads, int headDim, int vocabSize, int maxPositionEmbeddings, double rmsNormEps,
            double ropeTheta) {
        static DecoderConfig from(JsonFields j) {
            int hidden = j.getPositiveInt("hidden_size");
            int heads = j.getPositiveInt("num_attention_heads");
            return new DecoderConfig(hidden, j.getPositiveInt("intermediate_size"), j.getPositiveInt("num_hidden_layers"), heads,
                    j.getPositiveInt("num_key_value_heads", heads), j.getPositiveInt("head_dim", hidden / heads),
                    j.getPositiveInt("vocab_size"), j.getPositiveInt("max_position_embeddings"), j.getDouble("rms_norm_eps"),
                    j.getDouble("rope_theta", 10000.0));
        }
    }

    /**
     * Acoustic or semantic σ-VAE tokenizer settings. {@code encoderRatios}/{@code decoderRatios} as
     * stored (the encoder uses its list reversed); {@code decoderDepths} resolved to the reversed
     * encoder depths when null.
     */
    public record SpeechTokenizerConfig(int channels, int vaeDim, int encoderNFilters, int decoderNFilters,
            int[] encoderRatios, int[] decoderRatios, int[] encoderDepths, int[] decoderDepths, double layernormEps,
            double fixStd, String stdDistType, boolean causal) {
        static SpeechTokenizerConfig from(JsonFields j) {
            int[] encDepths = j.getPositiveIntsOrDashed("encoder_depths");
            if (encDepths == null) {
                throw new org.vibevoice.VibeVoiceException(j.file() + ": key 'encoder_depths' is missing");
            }
            int[] decDepths = j.getPositiveIntsOrDashed("decoder_depths");
            if (decDepths == null) {
                decDepths = new int[encDepths.length];
                for (int i = 0; i < encDepths.length; i++) {
                    decDepths[i] = encDepths[encDepths.length - 1 - i];
                }
            }
            int[] encRatios = j.getPositiveInts("encoder_ratios");
            int[] decRatios = j.has("decoder_ratios") ? j.getPositiveInts("decoder_ratios") : encRatios;
            int nf = j.getPositiveInt("encoder_n_filters");
            long hop = 1;
            for (int r : encRatios) {
                hop *= r;
                if (hop > Integer.MAX_VALUE) {
                    throw j.error("encoder_ratios", "multiply past 2^31 samples a frame");
                }
            }
            return new SpeechTokenizerConfig(j.getPositiveInt("channels", 1), j.getPositiveInt("vae_dim"), nf,
                    j.getPositiveInt("decoder_n_filters", nf), encRatios, decRatios, encDepths, decDepths,
                    j.getDouble("layernorm_eps", 1e-5), j.getDouble("fix_std", 0.0),
                    j.getString("std_dist_type", "none"), j.getBoolean("causal", true));
        }

        /** Samples per latent frame: the product of the ratios (3200 for the published models). */
        public int hopLength() {
            int h = 1;
            for (int r : encoderRatios) {
                h *= r;
            }
            return h;
        }
    }

    /** Diffusion head settings. */
    public record DiffusionHeadConfig(int hiddenSize, int headLayers, double headFfnRatio, int latentSize,
            double rmsNormEps, String predictionType, int ddpmNumSteps, String betaSchedule,
            int ddpmNumInferenceSteps) {
        static DiffusionHeadConfig from(JsonFields j) {
            int hidden = j.getPositiveInt("hidden_size");
            double ffnRatio = j.getDouble("head_ffn_ratio");
            if (!(hidden * ffnRatio >= 1 && hidden * ffnRatio <= Integer.MAX_VALUE)) {
                throw j.error("head_ffn_ratio", "is " + ffnRatio + "; hidden_size × head_ffn_ratio must be a positive size");
            }
            return new DiffusionHeadConfig(hidden, j.getPositiveInt("head_layers"),
                    ffnRatio, j.getPositiveInt("latent_size"), j.getDouble("rms_norm_eps", 1e-5),
                    j.getString("prediction_type", "v_prediction"), j.getPositiveInt("ddpm_num_steps", 1000),
                    j.getString("ddpm_beta_schedule", "cosine"), j.getPositiveInt("ddpm_num_inference_steps", 20));
        }

        /** FFN width: int(H × ratio), as the original computes it. */
        public int ffnDim() {
            return (int) (hiddenSize * headFfnRatio);
        }
    }
}
