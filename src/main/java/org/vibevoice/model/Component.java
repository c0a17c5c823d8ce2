package org.vibevoice.model;

/** The module a checkpoint tensor belongs to, by its name prefix (spec §1.3). */
public enum Component {
    EMBEDDINGS("embeddings", "model.language_model.embed_tokens."),
    LM_LAYERS("lm layers", "model.language_model."),
    LM_HEAD("lm_head", "lm_head."),
    ACOUSTIC_ENCODER("acoustic encoder", "model.acoustic_tokenizer.encoder."),
    ACOUSTIC_DECODER("acoustic decoder", "model.acoustic_tokenizer.decoder."),
    SEMANTIC_ENCODER("semantic encoder", "model.semantic_tokenizer."),
    CONNECTORS("connectors", "model.acoustic_connector.", "model.semantic_connector."),
    DIFFUSION_HEAD("diffusion head", "model.prediction_head."),
    OTHER("scalars/other");

    private final String label;
    private final String[] prefixes;

    Component(String label, String... prefixes) {
        this.label = label;
        this.prefixes = prefixes;
    }

    public String label() {
        return label;
    }

    public static Component of(String tensorName) {
        for (Component c : values()) {
            for (String p : c.prefixes) {
                if (tensorName.startsWith(p)) {
                    return c;
                }
            }
        }
        return OTHER;
    }
}
