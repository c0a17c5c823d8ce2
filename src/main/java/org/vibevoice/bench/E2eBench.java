package org.vibevoice.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.vibevoice.VibeVoiceException;
import org.vibevoice.acoustic.LayerCost;
import org.vibevoice.convert.TestSignals;
import org.vibevoice.diffusion.DiffusionHead;
import org.vibevoice.generate.GenerationParams;
import org.vibevoice.generate.GenerationStats;
import org.vibevoice.generate.GenerationStats.Phase;
import org.vibevoice.generate.Generator;
import org.vibevoice.generate.TokenPolicy;
import org.vibevoice.generate.VibeVoiceModel;
import org.vibevoice.lm.Qwen2Model;
import org.vibevoice.model.VibeVoiceConfig.DecoderConfig;
import org.vibevoice.processor.ProcessorOutput;
import org.vibevoice.processor.VibeVoiceProcessor;
import org.vibevoice.random.TorchGenerator;
import org.vibevoice.tensor.DType;
import org.vibevoice.tensor.MachinePeaks;
import org.vibevoice.tensor.Parallel;

/**
 * End-to-end generation speed of a model directory (typically a {@code random-model} with the real
 * shapes): B scripts with a synthetic voice prompt generate N frames each through the production
 * {@link Generator}, the token choice forced to {@code speech_diffusion} ({@link TokenPolicy}), and
 * each step's time is split by phase ({@link GenerationStats}). Every component is compared with its
 * bound measured in the same run: the weight bytes it streams per step (each weight once per step
 * whatever the batch) over the DRAM read bandwidth measured right before and after the timed steps;
 * for the convolutional decoder/encoder also the per-layer roofline with the measured FMA peak.
 */
public final class E2eBench {
    /** One timed configuration. */
    public record Settings(int frames, int warmup, int batch, double voiceSeconds, long seed) {
    }

    /** Untimed first steps of the timed run (the caches' first pages). */
    private static final int LEAD = 2;

    private static final String[] LINES = {
        "Welcome back to the show. Today we talk about how machines learn to speak, and why it matters.",
        "It started as a small experiment in the lab, and then it grew into something much larger.",
        "Some people worry about the cost of running these models, others only care about quality.",
        "Let me read you a short passage, and you tell me whether it sounds natural to your ears.",
    };

    private E2eBench() {
    }

    /**
     * Runs every precision (null = as stored) in turn on {@code modelDir} and prints the tables. With
     * more than one precision each runs in a fresh JVM: in one JVM the second precision's kernels
     * ran partly on code the JIT had shaped for the first (one run allocated 2.9 MB per step).
     */
    public static void run(Path modelDir, List<DType> dtypes, Settings s, PrintStream out) {
        out.printf(Locale.ROOT, "model %s, %d threads, load average %s%n", modelDir, Parallel.threads(), Samples.loadAverage());
        double peak = MachinePeaks.fmaGflops();
        out.printf(Locale.ROOT, "f32 FMA peak now: %.0f GFLOP/s; %d scripts x %d timed frames (after a warm-up generation of %d"
                + " frames), 10 diffusion steps, cfg 1.3, %.0f s voice prompt each%n", peak, s.batch(), s.frames(), s.warmup(),
                s.voiceSeconds());
        List<Summary> summaries = new ArrayList<>();
        for (DType dt : dtypes) {
            summaries.add(dtypes.size() == 1 ? runOne(modelDir, dt, s, peak, out) : inChild(modelDir, dt, s, out));
        }
        out.println();
        out.printf(Locale.ROOT, "%-5s %5s %9s %9s %8s %9s %10s %9s%n", "dtype", "batch", "ms/step", "ms/frame", "s/s audio",
                "bound ms", "x bounds", "vs f32");
        Summary f32 = summaries.stream().filter(x -> x.dtype == DType.F32).findFirst().orElse(null);
        for (Summary x : summaries) {
            out.printf(Locale.ROOT, "%-5s %5d %9.1f %9.1f %8.2f %9.1f %10.2f %9s%n", x.name(), s.batch(), x.stepMs,
                    x.stepMs / s.batch(), x.rtf, x.boundMs, x.stepMs / x.boundMs,
                    f32 == null ? "-" : String.format(Locale.ROOT, "%.2f", x.stepMs / f32.stepMs));
        }
    }

    /**
     * One precision through {@code bench e2e} in a fresh JVM: its report is passed through from its
     * "==" section on, and its summary row (the last line) read back.
     */
    private static Summary inChild(Path dir, DType dtype, Settings s, PrintStream out) {
        String name = dtype == null ? "auto" : dtype.name().toLowerCase(Locale.ROOT);
        List<String> lines = new ArrayList<>();
        ChildJvm.run(List.of("bench", "e2e", "--model", dir.toString(), "--dtype", name, "--frames", String.valueOf(s.frames()),
                "--warmup", String.valueOf(s.warmup()), "--batch", String.valueOf(s.batch()),
                "--voice-seconds", String.valueOf(s.voiceSeconds()), "--seed", String.valueOf(s.seed())), l -> {
                    if (!lines.isEmpty() || l.startsWith("==")) {
                        lines.add(l);
                    }
                });
        // the child ends with: its section, a blank line, the summary header, the summary row
        if (lines.size() < 3) {
            throw new VibeVoiceException("bench e2e --dtype " + name + ": no report from its JVM");
        }
        lines.subList(0, lines.size() - 3).forEach(out::println);
        String[] row = lines.getLast().trim().split("\\s+");
        return new Summary(dtype, Double.parseDouble(row[2]), Double.parseDouble(row[4]), Double.parseDouble(row[5]));
    }

    private record Summary(DType dtype, double stepMs, double rtf, double boundMs) {
        String name() {
            return dtype == null ? "auto" : dtype.name().toLowerCase(Locale.ROOT);
        }
    }

    private static Summary runOne(Path dir, DType dtype, Settings s, double peak, PrintStream out) {
        String name = dtype == null ? "auto" : dtype.name().toLowerCase(Locale.ROOT);
        long t0 = System.nanoTime();
        try (VibeVoiceModel model = VibeVoiceModel.load(dir, dtype)) {
            Qwen2Model lm = model.lm();
            DiffusionHead head = model.diffusionHead();
            List<LayerCost> decoder = model.acousticDecoder().tokenizer().layerCosts();
            List<LayerCost> semantic = model.semanticEncoder().tokenizer().layerCosts();
            model.acousticEncoder();
            model.acousticConnector();
            model.semanticConnector();
            model.sampler(GenerationParams.DEFAULTS.solver());
            double loadS = (System.nanoTime() - t0) / 1e9;
            // compile every path first: steps of the first generation in a JVM run partly in C1 code
            if (s.warmup() > 0) {
                new Generator(model).withTokenPolicy(TokenPolicy.diffuseFrames(s.warmup())).generate(
                        inputs(model, s), GenerationParams.DEFAULTS.withMaxNewTokens(s.warmup() + 1),
                        new TorchGenerator(s.seed() + 1), null, null, Generator.Keep.FRAMES);
            }
            ProcessorOutput in = inputs(model, s);
            int prompt = in.inputIds()[0].length;
            int total = LEAD + s.frames();
            GenerationStats stats = new GenerationStats(total);
            Generator g = new Generator(model).withTokenPolicy(TokenPolicy.diffuseFrames(total)).withStats(stats);
            GenerationParams params = GenerationParams.DEFAULTS.withMaxNewTokens(total + 1);

            double bwBefore = bandwidth();
            long rssBefore = ResidentMemory.current();
            HeapAllocation heap = new HeapAllocation(LEAD);
            g.generate(in, params, new TorchGenerator(s.seed()), heap, null, Generator.Keep.FRAMES);
            long allocated = heap.sinceWarmup();
            long rss = ResidentMemory.current();
            double bwAfter = bandwidth();
            // the faster of the two: the bound is what the machine demonstrably delivers
            double bw = Math.max(bwBefore, bwAfter);
            if (stats.frames() != (long) total * s.batch()) {
                throw new IllegalStateException("made " + stats.frames() + " frames, expected " + total * s.batch());
            }

            DecoderConfig dc = model.config().decoder();
            int steps = params.diffusionSteps();
            double lmBytes = lm.weights().layerBytes() + 4.0 * s.batch() * lm.weights().lmHead().rowBytes()
                    + 2.0 * s.batch() * kvBytesPerPosition(dc) * (prompt + LEAD + s.frames() / 2.0);
            double diffBytes = steps * (double) head.predictBytes() + head.conditionBytes();
            double decBytes = weightBytes(decoder);
            double semBytes = weightBytes(semantic);

            int from = LEAD;
            int to = total;
            out.println();
            out.printf(Locale.ROOT, "== %s weights, batch %d: loaded in %.1f s; read bandwidth %.1f GB/s (best of %.1f before and %.1f after);"
                    + " load average %s%n", name, s.batch(), loadS, bw, bwBefore, bwAfter, Samples.loadAverage());
            out.printf(Locale.ROOT, "prefill of %d x (%.0f s voice + script, %d tokens): voice prompt %.2f s, LM prefill %.2f s%n",
                    s.batch(), s.voiceSeconds(), prompt, stats.nanos(Phase.VOICE_PROMPT) / 1e9, stats.nanos(Phase.PREFILL) / 1e9);
            out.printf(Locale.ROOT, "%-22s %8s %7s %7s %8s %8s %8s %9s%n", "per step", "median", "p10", "p90", "GB/step",
                    "bound", "x bound", "x roofln");
            double[] lmMs = series(stats, from, to, Phase.LM);
            double[] diffMs = series(stats, from, to, Phase.DIFFUSION);
            double[] decMs = series(stats, from, to, Phase.DECODE);
            double[] semMs = series(stats, from, to, Phase.SEMANTIC);
            double[] wallMs = new double[to - from];
            double[] otherMs = new double[to - from];
            for (int i = 0; i < wallMs.length; i++) {
                wallMs[i] = stats.stepWallNanos(from + i) / 1e6;
                otherMs[i] = wallMs[i] - lmMs[i] - diffMs[i] - decMs[i] - semMs[i];
            }
            double lmBound = ms(lmBytes, bw);
            double diffBound = ms(diffBytes, bw);
            double decBound = ms(decBytes, bw);
            double semBound = ms(semBytes, bw);
            double sumBounds = lmBound + diffBound + decBound + semBound;
            row(out, "LM (pos+neg)", lmMs, lmBytes, lmBound, Double.NaN);
            row(out, "diffusion (" + steps + " steps)", diffMs, diffBytes, diffBound, Double.NaN);
            row(out, "acoustic decode", decMs, decBytes, decBound, roofline(decoder, s.batch(), peak, bw));
            row(out, "semantic encode", semMs, semBytes, semBound, roofline(semantic, s.batch(), peak, bw));
            row(out, "other", otherMs, 0, Double.NaN, Double.NaN);
            row(out, "whole step", wallMs, lmBytes + diffBytes + decBytes + semBytes, sumBounds, Double.NaN);
            double step = Samples.median(wallMs);
            double audioMs = 1000.0 * model.hopLength() / model.sampleRate();
            double rtf = step / (s.batch() * audioMs);
            out.printf(Locale.ROOT, "%.3f s per second of audio (%d x %.1f ms of audio per step); resident %.2f GB"
                    + " (%.2f GB before the run, peak %.2f GB); heap allocated %.1f KB per timed step%n", rtf, s.batch(),
                    audioMs, rss / 1e9, rssBefore / 1e9, ResidentMemory.peak() / 1e9, allocated / 1024.0 / s.frames());
            return new Summary(dtype, step, rtf, sumBounds);
        }
    }

    private static ProcessorOutput inputs(VibeVoiceModel model, Settings s) {
        float[] voice = TestSignals.voice(model.sampleRate(), (int) Math.round(s.voiceSeconds() * model.sampleRate()), s.seed());
        List<VibeVoiceProcessor.Request> requests = new ArrayList<>();
        for (int b = 0; b < s.batch(); b++) {
            StringBuilder script = new StringBuilder();
            for (int i = 0; i < LINES.length; i++) {
                script.append("Speaker 1: ").append(LINES[(b + i) % LINES.length]).append('\n');
            }
            requests.add(new VibeVoiceProcessor.Request(script.toString(), List.of(voice)));
        }
        return model.processor().process(requests);
    }

    private static double bandwidth() {
        try (Bandwidth probe = new Bandwidth(1L << 30)) {
            return probe.stats(2L << 30, 3).medianGBs();
        }
    }

    /** K and V of every layer for one position, f32. */
    private static double kvBytesPerPosition(DecoderConfig c) {
        return 2.0 * c.numHiddenLayers() * c.numKeyValueHeads() * c.headDim() * Float.BYTES;
    }

    private static double weightBytes(List<LayerCost> costs) {
        double b = 0;
        for (LayerCost c : costs) {
            b += c.weightBytes();
        }
        return b;
    }

    /** Σ over layers of max(compute at the FMA peak, weight streaming), for {@code batch} frames, ms. */
    private static double roofline(List<LayerCost> costs, int batch, double peakGflops, double gbs) {
        double ms = 0;
        for (LayerCost c : costs) {
            ms += Math.max(batch * c.flops() / (peakGflops * 1e6), c.weightBytes() / (gbs * 1e6));
        }
        return ms;
    }

    private static double ms(double bytes, double gbs) {
        return bytes / (gbs * 1e6);
    }

    private static double[] series(GenerationStats st, int from, int to, Phase p) {
        double[] v = new double[to - from];
        for (int i = from; i < to; i++) {
            v[i - from] = st.stepNanos(i, p) / 1e6;
        }
        return v;
    }

    private static void row(PrintStream out, String name, double[] ms, double bytes, double bound, double roofline) {
        double med = Samples.median(ms);
        out.printf(Locale.ROOT, "%-22s %8.1f %7.1f %7.1f %8s %8s %8s %9s%n", name, med, Samples.percentile(ms, 0.1),
                Samples.percentile(ms, 0.9), bytes > 0 ? String.format(Locale.ROOT, "%.3f", bytes / 1e9) : "",
                Double.isNaN(bound) ? "" : String.format(Locale.ROOT, "%.1f", bound),
                Double.isNaN(bound) ? "" : String.format(Locale.ROOT, "%.2f", med / bound),
                Double.isNaN(roofline) ? "" : String.format(Locale.ROOT, "%.2f", med / roofline));
    }
}
