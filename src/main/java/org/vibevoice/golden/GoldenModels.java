package org.vibevoice.golden;

import java.nio.file.Path;
import org.vibevoice.lm.Qwen2Model;
import org.vibevoice.model.VibeVoiceConfig;
import org.vibevoice.model.Weights;
import org.vibevoice.tensor.DType;

/** Models of a fixture directory, loaded once per verification run and precision. */
final class GoldenModels {
    private GoldenModels() {
    }

    /** The checkpoint's weights in the run's precision (F32 or none: as stored). */
    static Weights weights(GoldenContext ctx, Path modelDir) {
        DType target = ctx.dtype() == null || ctx.dtype() == DType.F32 ? null : ctx.dtype();
        return ctx.cached("weights:" + modelDir + ":" + target, () -> Weights.open(modelDir, target));
    }

    static VibeVoiceConfig config(GoldenContext ctx, Path modelDir) {
        return ctx.cached("config:" + modelDir, () -> VibeVoiceConfig.read(modelDir.resolve("config.json")));
    }

    /** Every module of the checkpoint, loaded on first use, in the run's precision. */
    static org.vibevoice.generate.VibeVoiceModel model(GoldenContext ctx, Path modelDir) {
        DType target = ctx.dtype() == null || ctx.dtype() == DType.F32 ? null : ctx.dtype();
        return ctx.cached("model:" + modelDir + ":" + target,
                () -> org.vibevoice.generate.VibeVoiceModel.load(modelDir, target));
    }

    static Qwen2Model languageModel(GoldenContext ctx, Path modelDir) {
        return ctx.cached("lm:" + modelDir + ":" + ctx.dtype(),
                () -> Qwen2Model.load(weights(ctx, modelDir), config(ctx, modelDir)));
    }
}
