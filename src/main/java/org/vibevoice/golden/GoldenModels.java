package org.vibevoice.golden;

import java.nio.file.Path;
import org.vibevoice.generate.VibeVoiceModel;

/** The models of a fixture directory, loaded once per verification run and load options. */
final class GoldenModels {
    private GoldenModels() {
    }

    /** Every module of the checkpoint serving {@code caseModelDir}, loaded on first use with the run's options. */
    static VibeVoiceModel model(GoldenContext ctx, Path caseModelDir) {
        Path dir = ctx.modelDir(caseModelDir).toAbsolutePath().normalize();
        return ctx.cached("model:" + dir + ":" + ctx.loadOptions(), () -> VibeVoiceModel.loadWith(dir, ctx.loadOptions()));
    }
}
