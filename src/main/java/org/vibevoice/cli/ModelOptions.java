package org.vibevoice.cli;

import org.vibevoice.VibeVoiceException;
import org.vibevoice.api.VibeVoice;
import org.vibevoice.model.LoadOptions;
import org.vibevoice.model.PrecisionPolicy;
import org.vibevoice.tensor.DType;
import picocli.CommandLine.Option;

/** The options every command that loads a model shares: where it is and in which precision. */
final class ModelOptions {
    @Option(names = "--model_path", required = true, description = "model directory or Hugging Face id")
    String modelPath;

    @Option(names = "--revision", description = "Hugging Face revision (branch, tag or commit)")
    String revision;

    @Option(names = "--use_f16", description = "f16 weights (same as --dtype f16)")
    boolean useF16;

    @Option(names = "--dtype", description = "weights: auto (as stored, default), f32, f16 or bf16")
    String dtype = "auto";

    @Option(names = "--keep_embeddings_f32", description = "keep the token embeddings in f32 when converting weights")
    boolean keepEmbeddingsF32;

    @Option(names = "--keep_lm_head_f32", description = "keep the output projection (lm_head) in f32 when converting weights")
    boolean keepLmHeadF32;

    @Option(names = "--kv_dtype", description = "KV cache: f32 (default) or f16 (half the memory, for long scripts)")
    String kvDtype = "f32";

    /** The weight precision asked for; null keeps every tensor as stored. */
    DType weights() {
        return useF16 ? DType.F16 : dtype.equalsIgnoreCase("auto") ? null : DType.parsePrecision(dtype);
    }

    LoadOptions loadOptions() {
        return new LoadOptions(PrecisionPolicy.of(weights()).withKeepEmbeddingsF32(keepEmbeddingsF32)
                .withKeepLmHeadF32(keepLmHeadF32), kvCacheType(kvDtype));
    }

    VibeVoice load() {
        return VibeVoice.loadWith(modelPath, revision, loadOptions());
    }

    /** f32 or f16, else a one-line error. */
    static DType kvCacheType(String s) {
        DType d;
        try {
            d = DType.parsePrecision(s);
        } catch (IllegalArgumentException e) {
            d = null;
        }
        if (d != DType.F32 && d != DType.F16) {
            throw new VibeVoiceException("--kv_dtype " + s + ": the KV cache holds f32 or f16");
        }
        return d;
    }
}
