package org.vibevoice.golden;

import java.nio.file.Path;
import org.vibevoice.generate.VibeVoiceModel;
import org.vibevoice.tensor.DType;

/** The models of a fixture directory, loaded once per verification run and precision. */
final class GoldenModels {
    private GoldenModels() {
    }

    /** Every module of the checkpoint, loaded on first use; F32 or none means weights as stored. */
    static VibeVoiceModel model(GoldenContext ctx, Path modelDir) {
        DType target = ctx.dtype() == null || ctx.dtype() == DType.F32 ? null : ctx.dtype();
        return ctx.cached("model:" + modelDir.toAbsolutePath().normalize() + ":" + target,
                () -> VibeVoiceModel.load(modelDir, target));
    }
}
