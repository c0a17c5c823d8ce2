package org.vibevoice.golden;

import org.vibevoice.VibeVoiceException;
import org.vibevoice.diffusion.DiffusionHead;
import org.vibevoice.diffusion.DpmSolver;
import org.vibevoice.diffusion.SpeechSampler;
import org.vibevoice.tensor.Tensor;

/** Kind {@code sample_speech}: CFG sampling from recorded initial noise, with every step's latent. */
public final class SampleSpeechRunner implements KindRunner {
    @Override
    public String kind() {
        return "sample_speech";
    }

    @Override
    public CaseOutputs run(GoldenCase c, GoldenContext ctx) {
        SpeechSampler sampler = GoldenModels.model(ctx, c.modelDir()).sampler(DpmSolver.Algorithm.DPMSOLVER_PP);
        DiffusionHead head = sampler.head();
        Tensor pos = c.in("pos_condition");
        Tensor neg = c.in("neg_condition");
        Tensor noise = c.in("noise");
        int b = pos.dim(0);
        int lat = head.latentSize();
        if (pos.numel() != (long) b * head.conditionSize() || neg.numel() != pos.numel()
                || noise.numel() < (long) b * lat) {
            throw new VibeVoiceException(c.file() + ": conditions " + pos.shapeString() + "/" + neg.shapeString()
                    + " and noise " + noise.shapeString() + " do not fit a head of hidden size "
                    + head.conditionSize() + " and latent " + lat);
        }
        int steps = c.metaInt("steps");
        float[] latent = new float[b * lat];
        float[] stepLatents = new float[steps * b * lat];
        sampler.sample(pos.toFloats(), neg.toFloats(), b, (float) c.metaDouble("cfg_scale"), steps, noise.toFloats(),
                null, latent, stepLatents);
        return new CaseOutputs().put("latent", latent).put("step_latents", stepLatents)
                .put("timesteps", sampler.solver(steps).timesteps());
    }
}
