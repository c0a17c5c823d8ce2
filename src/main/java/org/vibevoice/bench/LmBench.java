package org.vibevoice.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.vibevoice.lm.KvCache;
import org.vibevoice.lm.Qwen2Model;
import org.vibevoice.lm.Qwen2Weights;
import org.vibevoice.model.CheckpointLayout;
import org.vibevoice.model.RandomWeights;
import org.vibevoice.model.VibeVoiceConfig;
import org.vibevoice.model.VibeVoiceConfig.DecoderConfig;
import org.vibevoice.model.Weights;
import org.vibevoice.tensor.DType;

/**
 * Decode-step speed of the Qwen2 decoder at a real config's shapes with random weights built in
 * memory: one sequence and the CFG pair stepped together, at given contexts (KV caches filled with
 * random keys/values instead of a long prefill), each step followed by the four generation logits.
 * Reported against the read bandwidth measured in the same run, right before each precision's
 * timings (the machine is shared, so the bound drifts): the bound of a step is its bytes (layer
 * weights once per step, the four lm_head rows, each sequence's KV cache) over that bandwidth.
 */
public final class LmBench {
    /** The four tokens generation scores (eos, speech start/end/diffusion in the Qwen2.5 vocabulary). */
    private static final int[] GENERATION_TOKENS = {151643, 151652, 151653, 151654};

    private LmBench() {
    }

    /**
     * For each weight precision and each KV-cache type in {@code kvDtypes} (F32, F16): a table of
     * decode steps at the given contexts, each measurement after {@code warmup} untimed steps.
     */
    public static void run(Path configJson, List<DType> dtypes, List<DType> kvDtypes, int[] contexts, int steps,
            int warmup, boolean shapes, PrintStream out) {
        VibeVoiceConfig config = VibeVoiceConfig.read(configJson);
        DecoderConfig cfg = config.decoder();
        CheckpointLayout layout = CheckpointLayout.languageModel(cfg, config.tieWordEmbeddings());
        if (shapes) {
            printShapes(configJson, out);
        }
        for (DType dtype : dtypes) {
            try (Weights random = Weights.of(RandomWeights.checkpoint(layout, dtype, 1234), null)) {
                long t0 = System.nanoTime();
                Qwen2Weights w = Qwen2Weights.load(random, cfg, config.tieWordEmbeddings());
                Qwen2Model lm = Qwen2Model.of(w, cfg);
                double buildS = (System.nanoTime() - t0) / 1e9;
                Bandwidth.Stats bw;
                try (Bandwidth probe = new Bandwidth(1L << 30)) {
                    bw = probe.stats(2L << 30, 5);
                }
                out.printf("read bandwidth now: %.1f GB/s median, %.1f best (%d runs of >= 2 GiB, %d threads)%n",
                        bw.medianGBs(), bw.maxGBs(), bw.runs(), org.vibevoice.tensor.Parallel.threads());
                out.printf("%-5s %4s %7s %5s %10s %10s %8s %9s %9s%n", "dtype", "kv", "context", "seqs", "ms/step",
                        "weight GB/s", "KV MB", "bound ms", "of bound");
                double weightBytes = w.layerBytes() + GENERATION_TOKENS.length * (double) w.lmHead().cols()
                        * dtype.bytes();
                for (DType kv : kvDtypes) {
                    timeContexts(lm, cfg, dtype, kv, weightBytes, bw, contexts, steps, warmup, out);
                }
                out.printf("      (%s weights: %.2f GB of layers, built in %.1f s)%n", dtype.name().toLowerCase(),
                        w.layerBytes() / 1e9, buildS);
            }
        }
    }

    /** The decoder's shapes, the first line of the report. */
    public static void printShapes(Path configJson, PrintStream out) {
        DecoderConfig cfg = VibeVoiceConfig.read(configJson).decoder();
        out.printf("decoder: %d layers, hidden %d, %d heads / %d kv heads of %d, ffn %d, vocab %d (%s)%n",
                cfg.numHiddenLayers(), cfg.hiddenSize(), cfg.numAttentionHeads(), cfg.numKeyValueHeads(),
                cfg.headDim(), cfg.intermediateSize(), cfg.vocabSize(), configJson);
    }

    /** One table row per (context, 1 or 2 sequences) with KV caches of {@code kv}. */
    private static void timeContexts(Qwen2Model lm, DecoderConfig cfg, DType dtype, DType kv, double weightBytes,
            Bandwidth.Stats bw, int[] contexts, int steps, int warmup, PrintStream out) {
        double[] single = new double[contexts.length];
        for (int ci = 0; ci < contexts.length; ci++) {
            int ctx = contexts[ci];
            KvCache[] pair = {lm.newCache(kv), lm.newCache(kv)};
            SplittableRandom rnd = new SplittableRandom(ctx);
            for (KvCache c : pair) {
                c.fillRandom(ctx, rnd, 1f);
            }
            for (int seqs = 1; seqs <= 2; seqs++) {
                KvCache[] caches = Arrays.copyOf(pair, seqs);
                double ms = medianStepMs(lm, caches, steps, warmup);
                double kvBytes = 0;
                for (KvCache c : caches) {
                    kvBytes += 2.0 * cfg.numHiddenLayers() * c.length() * cfg.numKeyValueHeads() * cfg.headDim()
                            * kv.bytes();
                }
                double boundMs = (weightBytes + kvBytes) / (bw.medianGBs() * 1e9) * 1e3;
                out.printf("%-5s %4s %7d %5d %10.2f %10.1f %8.0f %9.2f %8.0f%%%s%n", dtype.name().toLowerCase(),
                        kv.name().toLowerCase(), ctx, seqs, ms, weightBytes / ms / 1e6, kvBytes / 1e6, boundMs,
                        100 * boundMs / ms, seqs == 2 ? String.format("   pair/single %.2f", ms / single[ci]) : "");
                if (seqs == 1) {
                    single[ci] = ms;
                }
            }
        }
    }

    /**
     * Median wall time of one step of every sequence plus its four generation logits, after warm-up
     * steps; every step is taken back afterwards, so each one runs at the context being measured.
     */
    private static double medianStepMs(Qwen2Model lm, KvCache[] caches, int steps, int warmup) {
        int h = lm.hiddenSize();
        float[] in = new float[caches.length * h];
        float[] hidden = new float[caches.length * h];
        float[] logits = new float[caches.length * GENERATION_TOKENS.length];
        SplittableRandom rnd = new SplittableRandom(99);
        for (int i = 0; i < in.length; i++) {
            in[i] = (float) (rnd.nextGaussian() * 0.02);
        }
        double[] ms = new double[steps];
        for (int s = -warmup; s < steps; s++) {
            long t0 = System.nanoTime();
            lm.step(caches, in, hidden);
            for (int b = 0; b < caches.length; b++) {
                lm.logits(hidden, b, GENERATION_TOKENS, logits, b * GENERATION_TOKENS.length);
            }
            if (s >= 0) {
                ms[s] = (System.nanoTime() - t0) / 1e6;
            }
            for (KvCache c : caches) {
                c.truncate(c.length() - 1);
            }
        }
        Arrays.sort(ms);
        return ms[steps / 2];
    }
}
