package org.vibevoice.golden;

import org.vibevoice.VibeVoiceException;
import org.vibevoice.diffusion.DiffusionHead;
import org.vibevoice.tensor.Tensor;

/** Kind {@code diffusion_head}: the head on N rows of (noisy, timestep, condition). */
public final class DiffusionHeadRunner implements KindRunner {
    @Override
    public String kind() {
        return "diffusion_head";
    }

    @Override
    public CaseOutputs run(GoldenCase c, GoldenContext ctx) {
        DiffusionHead head = GoldenModels.model(ctx, c.modelDir()).diffusionHead();
        Tensor noisy = c.in("noisy");
        int n = noisy.dim(0);
        Tensor timesteps = c.in("timesteps");
        Tensor condition = c.in("condition");
        if (noisy.numel() != (long) n * head.latentSize() || timesteps.numel() != n
                || condition.numel() != (long) n * head.conditionSize()) {
            throw new VibeVoiceException(c.file() + ": inputs " + noisy.shapeString() + ", " + timesteps.shapeString()
                    + ", " + condition.shapeString() + " do not fit a head of latent " + head.latentSize()
                    + " and hidden size " + head.conditionSize());
        }
        float[] out = new float[n * head.latentSize()];
        head.forward(noisy.toFloats(), timesteps.toFloats(), condition.toFloats(), n, out, head.newWorkspace());
        return new CaseOutputs().put("prediction", out);
    }
}
