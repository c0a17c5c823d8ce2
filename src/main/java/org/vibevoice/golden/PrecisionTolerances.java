package org.vibevoice.golden;

import java.util.Map;
import org.vibevoice.tensor.DType;

/**
 * Tolerances when weights are f16 or bf16 instead of the fixtures' f32: the fixture's absolute
 * tolerance or a measured relative bound × max|expected|, whichever is larger. Integer outputs stay
 * exact. The relative bounds are measured on the shared fixtures and stated in the README.
 */
public final class PrecisionTolerances {
    private PrecisionTolerances() {
    }

    /** kind → relative bound (× max|expected|) for 16-bit weights. */
    private static final Map<String, Double> RELATIVE_16BIT = Map.ofEntries(
            // Qwen2 decoder on tiny-a, measured max err / max(1, max|ref|) over hidden and logits:
            // bf16 7.0e-3 (prefill), 5.4e-3 (embeds), 4.7e-3 (decode); f16 8.8e-4 / 8.3e-4 / 6.8e-4
            // (inside 0.25 × bound). About 2x the worst measured bf16 error.
            Map.entry("lm_prefill", 1.5e-2),
            Map.entry("lm_embeds", 1.5e-2),
            Map.entry("lm_decode", 1.5e-2),
            // tiny-a measured: bf16 2.8e-3, f16 3.4e-4 (× max|prediction| 3.85)
            Map.entry("diffusion_head", 6e-3),
            // tiny-a measured: bf16 2.1e-3..4.7e-3, f16 2.0e-4..7.3e-4 (the worst at cfg 3.0, which triples v_c − v_u)
            Map.entry("sample_speech", 1e-2),
            // Speech tokenizers, connectors, voice-prompt embedding: ~3x the worst error measured on
            // tiny-a with bf16 weights (f16 measured 8-10x below bf16), relative to max(1, max|ref|).
            // bf16 measured: encode 2.6e-3, semantic encode 3.4e-3 (also streaming), decode 2.6e-2
            // (streaming 2.2e-2: seven stages of rounded weights), connectors 2.3e-3, speech_embed 4.4e-3.
            Map.entry("acoustic_encode", 8e-3),
            Map.entry("semantic_encode", 1e-2),
            Map.entry("semantic_encode_streaming", 1e-2),
            Map.entry("acoustic_decode", 8e-2),
            Map.entry("acoustic_decode_streaming", 8e-2),
            Map.entry("acoustic_connector", 8e-3),
            Map.entry("semantic_connector", 8e-3),
            Map.entry("speech_embed", 1.5e-2),
            // Whole generation loop (every module, audio fed back through the semantic encoder):
            // error grows with the frames made. Worst measured on the four tiny-a cases (10-20
            // steps) relative to max(1, max|ref|): bf16 2.1e-2 (seeded cfg 2.0 latents), 1.2e-2
            // (injected noise, pos_conditions); f16 1.8e-3 / 1.6e-3. About 2x the worst bf16.
            // Tokens (sequences) stay exact; see the README on the one bf16 near-tie.
            Map.entry("generate", 4e-2),
            Map.entry("generate_seeded", 4e-2));
    // processor, tokenize and torch_* use no weights: their fixture tolerances apply at any precision.

    public static double of(String kind, DType dtype, double fixtureTolerance, double expectedMaxAbs) {
        double rel = relative(kind, dtype);
        if (Double.isNaN(rel)) {
            return fixtureTolerance;
        }
        return Math.max(fixtureTolerance, rel * Math.max(1.0, expectedMaxAbs));
    }

    /**
     * The bound on max|error| / max(1, max|expected|) for a kind's outputs with {@code dtype}
     * weights (f16: a quarter of bf16's, f16 keeping 3 more mantissa bits), or NaN when 16-bit
     * weights do not change the kind's tolerance (no weights, f32, or no measured entry).
     */
    public static double relative(String kind, DType dtype) {
        Double rel = RELATIVE_16BIT.get(kind);
        if (dtype == null || dtype == DType.F32 || rel == null) {
            return Double.NaN;
        }
        return rel * (dtype == DType.F16 ? 0.25 : 1.0);
    }
}
