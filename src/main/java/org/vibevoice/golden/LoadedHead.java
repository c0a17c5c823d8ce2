package org.vibevoice.golden;

import java.nio.file.Path;
import org.vibevoice.diffusion.DiffusionHead;
import org.vibevoice.model.VibeVoiceConfig;
import org.vibevoice.model.Weights;

/** A case model's diffusion head in the run's weight precision, loaded once per (model, precision). */
record LoadedHead(Weights weights, VibeVoiceConfig config, DiffusionHead head) implements AutoCloseable {
    static LoadedHead of(GoldenCase c, GoldenContext ctx) {
        Path dir = c.modelDir();
        return ctx.cached("diffusion-head|" + dir + "|" + ctx.dtype(), () -> {
            VibeVoiceConfig cfg = VibeVoiceConfig.read(dir.resolve("config.json"));
            Weights w = Weights.open(dir, ctx.dtype());
            return new LoadedHead(w, cfg, DiffusionHead.load(w, cfg.diffusionHead()));
        });
    }

    @Override
    public void close() {
        weights.close();
    }
}
