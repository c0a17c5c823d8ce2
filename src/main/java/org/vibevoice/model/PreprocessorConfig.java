package org.vibevoice.model;

import java.nio.file.Files;
import java.nio.file.Path;

/** {@code preprocessor_config.json} (spec §2.3). Absent file → the published defaults. */
public record PreprocessorConfig(int speechTokCompressRatio, boolean dbNormalize, int samplingRate,
        double targetDbFs, double eps, String languageModelPretrainedName) {

    public static final PreprocessorConfig DEFAULT =
            new PreprocessorConfig(3200, true, 24000, -25.0, 1e-6, "Qwen/Qwen2.5-1.5B");

    public static PreprocessorConfig read(Path file) {
        if (!Files.exists(file)) {
            return DEFAULT;
        }
        JsonFields j = JsonFields.read(file);
        int ratio = j.getPositiveInt("speech_tok_compress_ratio", DEFAULT.speechTokCompressRatio);
        boolean dbNorm = j.getBoolean("db_normalize", DEFAULT.dbNormalize);
        String lm = j.getString("language_model_pretrained_name", DEFAULT.languageModelPretrainedName);
        if (!j.has("audio_processor")) {
            return new PreprocessorConfig(ratio, dbNorm, DEFAULT.samplingRate, DEFAULT.targetDbFs, DEFAULT.eps, lm);
        }
        JsonFields a = j.object("audio_processor");
        return new PreprocessorConfig(ratio, dbNorm, a.getPositiveInt("sampling_rate", DEFAULT.samplingRate),
                a.getDouble("target_dB_FS", DEFAULT.targetDbFs), a.getDouble("eps", DEFAULT.eps), lm);
    }
}
