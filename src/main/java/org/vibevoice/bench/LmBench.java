package org.vibevoice.bench;

import java.io.PrintStream;
import java.nio.file.Path;
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
 * The machine is shared and its bandwidth drifts by 2× within seconds, so every timed repetition
 * reads the bandwidth probe, steps one sequence and steps the pair, in that order: each ratio (to the
 * bound, pair to single) is taken within one repetition and the median over repetitions reported.
 * The bound of a step is its bytes (layer weights once per step, the four lm_head rows, each
 * sequence's KV cache) over the bandwidth probed just before it. The warm-up runs the probe too:
 * once the decoder's kernels had run, the probe compiled before them ran its allocating fallback
 * for a while (8.6–16 GB/s probes next to 35 GB/s ones, JFR: Bandwidth.sum allocating).
 */
public final class LmBench {
    /** Bandwidth probe per repetition: 1 GiB, about as many bytes as a 16-bit step reads. */
    private static final long PROBE_BYTES = 1L << 30;
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
            try (Weights random = Weights.of(RandomWeights.checkpoint(layout, dtype, 1234), null);
                    Bandwidth probe = new Bandwidth(PROBE_BYTES)) {
                long t0 = System.nanoTime();
                Qwen2Weights w = Qwen2Weights.load(random, cfg, config.tieWordEmbeddings());
                Qwen2Model lm = Qwen2Model.of(w, cfg);
                double buildS = (System.nanoTime() - t0) / 1e9;
                out.printf("%-5s %4s %7s %5s %10s %10s %8s %9s %9s %s%n", "dtype", "kv", "context", "seqs", "ms/step",
                        "weight GB/s", "KV MB", "bound ms", "of bound", "(probe GB/s)");
                double weightBytes = w.layerBytes() + GENERATION_TOKENS.length * (double) w.lmHead().cols()
                        * dtype.bytes();
                for (DType kv : kvDtypes) {
                    timeContexts(lm, cfg, dtype, kv, weightBytes, probe, contexts, steps, warmup, out);
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

    /**
     * Two table rows per context (one sequence, the pair) with KV caches of {@code kv}; medians of
     * per-repetition values, the pair/single spread (min–max) after it.
     */
    private static void timeContexts(Qwen2Model lm, DecoderConfig cfg, DType dtype, DType kv, double weightBytes,
            Bandwidth probe, int[] contexts, int steps, int warmup, PrintStream out) {
        for (int ctx : contexts) {
            KvCache[] pair = {lm.newCache(kv), lm.newCache(kv)};
            SplittableRandom rnd = new SplittableRandom(ctx);
            for (KvCache c : pair) {
                c.fillRandom(ctx, rnd, 1f);
            }
            Stepper single = new Stepper(lm, new KvCache[] {pair[0]});
            Stepper both = new Stepper(lm, pair);
            for (int s = 0; s < warmup; s++) {
                probe.measure(PROBE_BYTES);
                single.step();
                both.step();
            }
            double kvBytes = 2.0 * cfg.numHiddenLayers() * ctx * cfg.numKeyValueHeads() * cfg.headDim() * kv.bytes();
            double[] gbs = new double[steps];
            double[][] ms = new double[2][steps];
            double[][] ofBound = new double[2][steps];
            double[] pairOverSingle = new double[steps];
            for (int s = 0; s < steps; s++) {
                gbs[s] = probe.measure(PROBE_BYTES) / 1e9;
                ms[0][s] = single.step();
                ms[1][s] = both.step();
                for (int seqs = 1; seqs <= 2; seqs++) {
                    ofBound[seqs - 1][s] = (weightBytes + seqs * kvBytes) / (gbs[s] * 1e6) / ms[seqs - 1][s];
                }
                pairOverSingle[s] = ms[1][s] / ms[0][s];
            }
            for (int seqs = 1; seqs <= 2; seqs++) {
                double median = Samples.median(ms[seqs - 1]);
                out.printf("%-5s %4s %7d %5d %10.2f %10.1f %8.0f %9.2f %8.0f%% (%.1f)%s%n", dtype.name().toLowerCase(),
                        kv.name().toLowerCase(), ctx, seqs, median, weightBytes / median / 1e6, seqs * kvBytes / 1e6,
                        (weightBytes + seqs * kvBytes) / (Samples.median(gbs) * 1e6),
                        100 * Samples.median(ofBound[seqs - 1]), Samples.median(gbs),
                        seqs == 2 ? String.format("   pair/single %.2f (%.2f-%.2f)", Samples.median(pairOverSingle),
                                Samples.percentile(pairOverSingle, 0), Samples.percentile(pairOverSingle, 1))
                                : "");
            }
        }
    }

    /** Steps its sequences plus their four generation logits, then takes the step back, so each runs at the context being measured. */
    private static final class Stepper {
        private final Qwen2Model lm;
        private final KvCache[] caches;
        private final float[] in;
        private final float[] hidden;
        private final float[] logits;

        Stepper(Qwen2Model lm, KvCache[] caches) {
            this.lm = lm;
            this.caches = caches;
            int h = lm.hiddenSize();
            in = new float[caches.length * h];
            hidden = new float[caches.length * h];
            logits = new float[caches.length * GENERATION_TOKENS.length];
            SplittableRandom rnd = new SplittableRandom(99);
            for (int i = 0; i < in.length; i++) {
                in[i] = (float) (rnd.nextGaussian() * 0.02);
            }
        }

        /** Wall milliseconds of one step. */
        double step() {
            long t0 = System.nanoTime();
            lm.step(caches, in, hidden);
            for (int b = 0; b < caches.length; b++) {
                lm.logits(hidden, b, GENERATION_TOKENS, logits, b * GENERATION_TOKENS.length);
            }
            double ms = (System.nanoTime() - t0) / 1e6;
            for (KvCache c : caches) {
                c.truncate(c.length() - 1);
            }
            return ms;
        }
    }
}
