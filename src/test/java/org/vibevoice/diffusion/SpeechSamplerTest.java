package org.vibevoice.diffusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.vibevoice.VibeVoiceException;
import org.vibevoice.diffusion.DpmSolver.Algorithm;
import org.vibevoice.model.VibeVoiceConfig.DiffusionHeadConfig;
import org.vibevoice.random.RecordedNoise;
import org.vibevoice.random.TorchGenerator;
import org.vibevoice.tensor.DType;

class SpeechSamplerTest {
    private static final DiffusionHeadConfig CFG = DiffusionHeadTest.config(24, 2, 3.0, 10);
    private static final SplittableRandom RW = new SplittableRandom(17);
    private static final DiffusionHead HEAD = RandomHeads.head(CFG, DType.F32, 17);

    /** The sampling loop written out with separate head calls per branch and per step. */
    private static float[] reference(float[] pos, float[] neg, int b, float cfg, int steps, float[] x, float[] z) {
        DpmSolver s = DpmSolver.create(1000, steps, Algorithm.DPMSOLVER_PP);
        int lat = CFG.latentSize();
        int n = b * lat;
        x = x.clone();
        float[] x0 = new float[n];
        float[] x0Prev = new float[n];
        DiffusionHead.Workspace ws = HEAD.newWorkspace();
        float[] vc = new float[n];
        float[] vu = new float[n];
        float[] v = new float[n];
        for (int i = 0; i < steps; i++) {
            float[] t = new float[b];
            java.util.Arrays.fill(t, s.timestep(i));
            HEAD.forward(x, t, pos, b, vc, ws);
            HEAD.forward(x, t, neg, b, vu, ws);
            for (int k = 0; k < n; k++) {
                v[k] = vu[k] + cfg * (vc[k] - vu[k]);
            }
            s.step(i, v, x, x0, x0Prev, z, n);
            float[] f = x0;
            x0 = x0Prev;
            x0Prev = f;
        }
        return x;
    }

    @Test
    void batchedGuidanceEqualsSeparateBranchEvaluation() {
        SpeechSampler sampler = SpeechSampler.create(HEAD, CFG, Algorithm.DPMSOLVER_PP);
        for (int b : new int[] {1, 3}) {
            float[] pos = RandomHeads.normal(RW, b * 24);
            float[] neg = RandomHeads.normal(RW, b * 24);
            float[] noise = RandomHeads.normal(RW, b * 10);
            for (float cfg : new float[] {1f, 1.3f, 3f}) {
                float[] got = new float[b * 10];
                float[] stepLatents = new float[7 * b * 10];
                sampler.sample(pos, neg, b, cfg, 7, noise, null, got, stepLatents);
                float[] want = reference(pos, neg, b, cfg, 7, noise, null);
                Close.assertClose(got, want, 1e-5, "B=" + b + " cfg=" + cfg);
                assertThat(java.util.Arrays.copyOfRange(stepLatents, 6 * b * 10, 7 * b * 10)).containsExactly(got);
            }
        }
    }

    @Test
    void cfgOneFollowsTheConditionalBranch() {
        SpeechSampler sampler = SpeechSampler.create(HEAD, CFG, Algorithm.DPMSOLVER_PP);
        float[] pos = RandomHeads.normal(RW, 24);
        float[] noise = RandomHeads.normal(RW, 10);
        float[] withNeg = new float[10];
        float[] self = new float[10];
        sampler.sample(pos, RandomHeads.normal(RW, 24), 1, 1f, 5, noise, withNeg);
        sampler.sample(pos, pos, 1, 1f, 5, noise, self);
        float[] posOnly = reference(pos, pos, 1, 1f, 5, noise, null);
        Close.assertClose(self, posOnly, 1e-6, "neg = pos");
        Close.assertClose(withNeg, posOnly, 1e-4, "another neg");
    }

    @Test
    void noiseIsDrawnLikeTheOriginal() {
        SpeechSampler ode = SpeechSampler.create(HEAD, CFG, Algorithm.DPMSOLVER_PP);
        int b = 2;
        float[] draw = RandomHeads.normal(RW, 2 * b * 10);
        RecordedNoise noise = new RecordedNoise(draw, new float[3]);
        float[] pos = RandomHeads.normal(RW, b * 24);
        float[] neg = RandomHeads.normal(RW, b * 24);
        float[] out = new float[b * 10];
        ode.sample(pos, neg, b, 1.5f, 4, noise, out);
        assertThat(noise.remaining()).as("one [2B, latent] draw").isEqualTo(3);
        float[] direct = new float[b * 10];
        ode.sample(pos, neg, b, 1.5f, 4, java.util.Arrays.copyOf(draw, b * 10), direct);
        assertThat(out).containsExactly(direct);

        SpeechSampler sde = SpeechSampler.create(HEAD, CFG, Algorithm.SDE_DPMSOLVER_PP);
        RecordedNoise sdeNoise = new RecordedNoise(new float[5 * 2 * b * 10 + 1]);
        sde.sample(pos, neg, b, 1.5f, 4, sdeNoise, out);
        assertThat(sdeNoise.remaining()).as("the initial draw and one per step, even the last").isEqualTo(1);
    }

    @Test
    void sdeSamplingIsReproducibleFromASeed() {
        SpeechSampler sde = SpeechSampler.create(HEAD, CFG, Algorithm.SDE_DPMSOLVER_PP);
        float[] pos = RandomHeads.normal(RW, 24);
        float[] neg = RandomHeads.normal(RW, 24);
        float[] a = new float[10];
        float[] b = new float[10];
        float[] c = new float[10];
        sde.sample(pos, neg, 1, 1.3f, 10, new TorchGenerator(42), a);
        sde.sample(pos, neg, 1, 1.3f, 10, new TorchGenerator(42), b);
        sde.sample(pos, neg, 1, 1.3f, 10, new TorchGenerator(43), c);
        assertThat(b).containsExactly(a);
        assertThat(c).isNotEqualTo(a);
        for (float f : a) {
            assertThat(f).isFinite();
        }
    }

    @Test
    void badArgumentsAreRejected() {
        SpeechSampler ode = SpeechSampler.create(HEAD, CFG, Algorithm.DPMSOLVER_PP);
        SpeechSampler sde = SpeechSampler.create(HEAD, CFG, Algorithm.SDE_DPMSOLVER_PP);
        float[] c = new float[24];
        float[] x = new float[10];
        assertThatThrownBy(() -> ode.sample(c, new float[23], 1, 1.3f, 10, x, new float[10]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ode.sample(c, c, 1, Float.NaN, 10, x, new float[10]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sde.sample(c, c, 1, 1.3f, 10, x, new float[10]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("noise source");
        assertThatThrownBy(() -> ode.sample(c, c, 1, 1.3f, 0, x, new float[10])).isInstanceOf(VibeVoiceException.class);
        DiffusionHeadConfig ddpm = new DiffusionHeadConfig(24, 2, 3.0, 10, 1e-5, "epsilon", 1000, "cosine", 20);
        assertThatThrownBy(() -> SpeechSampler.create(HEAD, ddpm, Algorithm.DPMSOLVER_PP))
                .isInstanceOf(VibeVoiceException.class).hasMessageContaining("prediction_type");
    }
}
