package org.vibevoice.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.vibevoice.lm.LayerWeights;
import org.vibevoice.lm.Qwen2Weights;
import org.vibevoice.model.VibeVoiceConfig.DecoderConfig;
import org.vibevoice.tensor.Convert;
import org.vibevoice.tensor.DType;
import org.vibevoice.tensor.Matrix;
import org.vibevoice.tensor.Parallel;
import org.vibevoice.tensor.Tensor;

/**
 * A Qwen2 decoder with seeded random weights (linear weights uniform with the given std — 0.02, the
 * Qwen2 initializer range, is realistic — norm weights near 1, small biases), built in native
 * memory of the given arena: real shapes for benchmarks without writing gigabytes to disk, small
 * shapes for tests.
 */
public final class RandomDecoder {
    private static final int CHUNK = 1 << 20;
    /** The Qwen2 initializer range. */
    public static final double REALISTIC_STD = 0.02;

    private RandomDecoder() {
    }

    public static Qwen2Weights build(DecoderConfig cfg, DType dtype, double weightStd, long seed, Arena arena) {
        float range = (float) (weightStd * Math.sqrt(3)); // uniform in ±a has std a/√3
        SplittableRandom seeds = new SplittableRandom(seed);
        int h = cfg.hiddenSize();
        int q = cfg.numAttentionHeads() * cfg.headDim();
        int kv = cfg.numKeyValueHeads() * cfg.headDim();
        int f = cfg.intermediateSize();
        Matrix embed = matrix("embed_tokens", cfg.vocabSize(), h, dtype, range, seeds.nextLong(), arena);
        List<LayerWeights> layers = new ArrayList<>();
        for (int i = 0; i < cfg.numHiddenLayers(); i++) {
            String p = "layers." + i + ".";
            layers.add(new LayerWeights(
                    matrix(p + "q_proj", q, h, dtype, range, seeds.nextLong(), arena),
                    matrix(p + "k_proj", kv, h, dtype, range, seeds.nextLong(), arena),
                    matrix(p + "v_proj", kv, h, dtype, range, seeds.nextLong(), arena),
                    matrix(p + "o_proj", h, q, dtype, range, seeds.nextLong(), arena),
                    matrix(p + "gate_proj", f, h, dtype, range, seeds.nextLong(), arena),
                    matrix(p + "up_proj", f, h, dtype, range, seeds.nextLong(), arena),
                    matrix(p + "down_proj", h, f, dtype, range, seeds.nextLong(), arena),
                    vector(q, 0f, 0.1f, seeds), vector(kv, 0f, 0.1f, seeds), vector(kv, 0f, 0.1f, seeds),
                    vector(h, 1f, 0.1f, seeds), vector(h, 1f, 0.1f, seeds)));
        }
        return new Qwen2Weights(embed, List.copyOf(layers), vector(h, 1f, 0.1f, seeds), embed);
    }

    private static float[] vector(int n, float center, float range, SplittableRandom rnd) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = center + (float) ((rnd.nextDouble() * 2 - 1) * range);
        }
        return v;
    }

    /** A rows × cols matrix of values uniform in ±range, filled in parallel chunks with their own seeds. */
    private static Matrix matrix(String name, int rows, int cols, DType dtype, float range, long seed, Arena arena) {
        long n = (long) rows * cols;
        MemorySegment seg = arena.allocate(n * dtype.bytes(), 64);
        int chunks = (int) ((n + CHUNK - 1) / CHUNK);
        Parallel.forEach(chunks, c -> {
            SplittableRandom rnd = new SplittableRandom(seed + 0x9E3779B97F4A7C15L * c);
            long start = (long) c * CHUNK;
            int len = (int) Math.min(CHUNK, n - start);
            float[] buf = new float[len];
            for (int i = 0; i < len; i++) {
                buf[i] = (float) ((rnd.nextDouble() * 2 - 1) * range);
            }
            Convert.write(dtype, buf, len, seg, start);
        });
        return Matrix.of(new Tensor(name, dtype, new long[] {rows, cols}, seg));
    }
}
