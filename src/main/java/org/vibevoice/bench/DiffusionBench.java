package org.vibevoice.bench;

import org.vibevoice.convert.TestSignals;
import org.vibevoice.diffusion.DiffusionHead;
import org.vibevoice.diffusion.DpmSolver;
import org.vibevoice.diffusion.SpeechSampler;
import org.vibevoice.model.CheckpointLayout;
import org.vibevoice.model.RandomWeights;
import org.vibevoice.model.VibeVoiceConfig.DiffusionHeadConfig;
import org.vibevoice.model.Weights;
import org.vibevoice.tensor.DType;

/**
 * Times one frame's full diffusion sampling (CFG pair = 2 rows, {@code steps} solver steps) on a
 * random-weight head of the given shapes, against the bandwidth bound: the head's weight bytes
 * streamed per frame divided by DRAM bandwidth measured right before each timed frame. Warm-up
 * frames are probed too, so the probe's code is recompiled after the head's kernels, not during
 * the timed frames (see {@link LmBench}).
 */
public final class DiffusionBench {
    /** Median over the timed frames. */
    public record Result(DType dtype, long bytesPerFrame, double msPerFrame, double bandwidthGBs, double boundMs,
            double ratio) {
    }

    private static final float CFG_SCALE = 1.3f;

    private DiffusionBench() {
    }

    public static Result run(DiffusionHeadConfig cfg, DType dtype, int steps, int warmup, int frames, Bandwidth bw,
            long probeBytes) {
        CheckpointLayout layout = CheckpointLayout.predictionHead(cfg, cfg.hiddenSize());
        try (Weights w = Weights.of(RandomWeights.checkpoint(layout, dtype, 2025), null)) {
            DiffusionHead head = DiffusionHead.load(w, cfg);
            SpeechSampler sampler = SpeechSampler.create(head, cfg, DpmSolver.Algorithm.DPMSOLVER_PP);
            float[] pos = TestSignals.gaussian(head.conditionSize(), 1);
            float[] neg = TestSignals.gaussian(head.conditionSize(), 2);
            float[] noise = TestSignals.gaussian(head.latentSize(), 3);
            float[] latent = new float[head.latentSize()];
            long bytes = steps * head.predictBytes() + head.conditionBytes();
            for (int i = 0; i < warmup; i++) {
                bw.measure(probeBytes);
                sampler.sample(pos, neg, 1, CFG_SCALE, steps, noise, latent);
            }
            double[] ms = new double[frames];
            double[] gbs = new double[frames];
            double[] ratio = new double[frames];
            for (int i = 0; i < frames; i++) {
                double bandwidth = bw.measure(probeBytes);
                long t0 = System.nanoTime();
                sampler.sample(pos, neg, 1, CFG_SCALE, steps, noise, latent);
                ms[i] = (System.nanoTime() - t0) * 1e-6;
                gbs[i] = bandwidth * 1e-9;
                ratio[i] = ms[i] / (bytes / bandwidth * 1e3);
            }
            for (float v : latent) {
                if (!Float.isFinite(v)) {
                    throw new IllegalStateException("the random head produced a non-finite latent");
                }
            }
            double bw50 = Samples.median(gbs);
            return new Result(dtype, bytes, Samples.median(ms), bw50, bytes / (bw50 * 1e9) * 1e3, Samples.median(ratio));
        }
    }


}
