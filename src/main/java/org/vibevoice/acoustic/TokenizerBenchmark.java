package org.vibevoice.acoustic;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.vibevoice.bench.Samples;
import org.vibevoice.model.CheckpointLayout;
import org.vibevoice.model.RandomWeights;
import org.vibevoice.model.VibeVoiceConfig;
import org.vibevoice.model.Weights;
import org.vibevoice.tensor.DType;
import org.vibevoice.tensor.MachinePeaks;
import org.vibevoice.tensor.Parallel;

/**
 * One streaming frame of the acoustic decoder (latent → 3200 samples) and of the semantic encoder
 * (3200 samples → one frame), batch 1, at a config's real sizes with random weights in memory, in
 * f32, f16 and bf16. Reported against bounds measured in the same run: compute (FLOPs / f32 FMA
 * peak), weight streaming (packed weight bytes / read bandwidth) and the per-layer roofline
 * Σ max(compute, streaming), since the 2048-channel stages are matrix-vector products over 1–8 time
 * steps that cannot go faster than their weights arrive.
 */
public final class TokenizerBenchmark {
    private static final String DECODER = CheckpointLayout.ACOUSTIC_DECODER;
    private static final String SEMANTIC = CheckpointLayout.SEMANTIC_ENCODER;
    /** Untimed frames first: the kernels must be C2-compiled before timing (the first f32 frames ran 5x slower). */
    private static final int WARMUP = 12;

    private TokenizerBenchmark() {
    }

    /** Bounds of one part in milliseconds. */
    private record Bounds(double gflop, double weightGB, double computeMs, double streamMs, double rooflineMs) {
        static Bounds of(List<LayerCost> costs, double peakGflops, double gbPerSec) {
            double flops = 0;
            double bytes = 0;
            double roof = 0;
            for (LayerCost c : costs) {
                flops += c.flops();
                bytes += c.weightBytes();
                roof += Math.max(c.flops() / (peakGflops * 1e9), c.weightBytes() / (gbPerSec * 1e9));
            }
            return new Bounds(flops / 1e9, bytes / 1e9, flops / peakGflops / 1e6, bytes / gbPerSec / 1e6, roof * 1e3);
        }
    }

    /** The report's first two lines. */
    public static void printHeader(Path configJson, PrintStream out) {
        out.printf("config %s, %d threads, load average %s; bounds re-measured before each precision%n", configJson,
                Parallel.threads(), Samples.loadAverage());
        out.printf("%-5s %-8s %5s %5s %6s %6s %7s %6s | %7s %7s %8s | %6s %9s %8s%n", "dtype", "part", "GFLOP", "wGB",
                "peak", "GB/s", "ms/frm", "min", "compute", "stream", "roofline", "x comp", "x max(c,s)", "x roofln");
    }

    /** Two table rows (decoder, semantic encoder) per precision, after {@link #printHeader}. */
    public static void run(Path configJson, int frames, List<DType> precisions, PrintStream out) {
        VibeVoiceConfig cfg = VibeVoiceConfig.read(configJson);
        CheckpointLayout layout = CheckpointLayout.decoder(DECODER, cfg.acousticTokenizer())
                .plus(CheckpointLayout.encoder(SEMANTIC, cfg.semanticTokenizer()));
        for (DType dt : precisions) {
            // the same seed gives the same random weights in every precision
            try (Weights w = Weights.of(RandomWeights.checkpoint(layout, dt, 42), dt);
                    TokenizerDecoder dec = TokenizerDecoder.load(w, DECODER, cfg.acousticTokenizer());
                    TokenizerEncoder enc = TokenizerEncoder.load(w, SEMANTIC, cfg.semanticTokenizer())) {
                double peak = MachinePeaks.fmaGflops();
                double bw = MachinePeaks.readGBs(1L << 30);
                double[] decMs = timeDecoder(dec, frames);
                double[] encMs = timeEncoder(enc, frames);
                print(out, dt, "decoder", decMs, peak, bw, Bounds.of(dec.layerCosts(), peak, bw));
                print(out, dt, "semantic", encMs, peak, bw, Bounds.of(enc.layerCosts(), peak, bw));
            }
        }
    }


    private static void print(PrintStream out, DType dt, String part, double[] ms, double peak, double bw, Bounds b) {
        double med = Samples.median(ms);
        double min = Arrays.stream(ms).min().orElse(Double.NaN);
        out.printf("%-5s %-8s %5.2f %5.2f %6.0f %6.1f %7.1f %6.1f | %7.1f %7.1f %8.1f | %6.2f %9.2f %8.2f%n",
                dt.name().toLowerCase(), part, b.gflop, b.weightGB, peak, bw, med, min, b.computeMs, b.streamMs,
                b.rooflineMs, med / b.computeMs,
                med / Math.max(b.computeMs, b.streamMs), med / b.rooflineMs);
    }

    private static double[] timeDecoder(TokenizerDecoder dec, int frames) {
        Random rnd = new Random(1);
        TokenizerStream st = dec.newStream(1, 1);
        float[] latent = new float[dec.latentDim()];
        float[] audio = new float[dec.hopLength()];
        double[] ms = new double[frames];
        for (int i = -WARMUP; i < frames; i++) {
            for (int c = 0; c < latent.length; c++) {
                latent[c] = (float) rnd.nextGaussian();
            }
            long t0 = System.nanoTime();
            dec.forward(st, latent, 1, audio);
            if (i >= 0) {
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
        }
        return ms;
    }

    private static double[] timeEncoder(TokenizerEncoder enc, int frames) {
        Random rnd = new Random(2);
        TokenizerStream st = enc.newStream(1, 1);
        float[] audio = new float[enc.hopLength()];
        float[] latent = new float[enc.latentDim()];
        double[] ms = new double[frames];
        for (int i = -WARMUP; i < frames; i++) {
            for (int c = 0; c < audio.length; c++) {
                audio[c] = (float) rnd.nextGaussian() * 0.1f;
            }
            long t0 = System.nanoTime();
            enc.forward(st, audio, audio.length, latent);
            if (i >= 0) {
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
        }
        return ms;
    }

}
