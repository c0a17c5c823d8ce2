package org.vibevoice.model;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.vibevoice.model.CheckpointLayout.Entry;
import org.vibevoice.safetensors.Checkpoint;
import org.vibevoice.safetensors.TensorSource;
import org.vibevoice.tensor.Convert;
import org.vibevoice.tensor.DType;
import org.vibevoice.tensor.Parallel;
import org.vibevoice.tensor.Tensor;

/**
 * Seeded random values for every tensor of a {@link CheckpointLayout}, at a realistic scale so that
 * a random model generates like a trained one does, numerically (no overflow, no subnormals, O(1)
 * activations): LM, connector and diffusion-head weights and embeddings with the Qwen2 initializer
 * std 0.02; tokenizer convolutions and linears variance-preserving (std 1/√fan-in, so audio and
 * latents stay O(1) through the σ-VAE); norm weights near 1; biases small; layer scales 0.01;
 * {@code speech_scaling_factor}/{@code speech_bias_factor} as published (0.196 / −0.049). Values are
 * uniform with those standard deviations. A tensor's values depend only on the seed and its index
 * in the layout, never on the precision or on thread timing, so every precision holds the same
 * model (rounded).
 *
 * <p>In memory ({@link #checkpoint}) for tests and benchmarks, or as {@link TensorSource}s that a
 * writer streams into files ({@link #sources}).
 */
public final class RandomWeights {
    /** The Qwen2 initializer range. */
    public static final double REALISTIC_STD = 0.02;
    /** The published 1.5B latent scaling buffers. */
    public static final float SPEECH_SCALING = 0.196f;
    public static final float SPEECH_BIAS = -0.049f;
    private static final int CHUNK = 1 << 16;

    private RandomWeights() {
    }

    /** Every tensor of {@code layout} in {@code dtype}, in native memory (closed with the checkpoint). */
    public static Checkpoint checkpoint(CheckpointLayout layout, DType dtype, long seed) {
        return checkpoint(layout, dtype, REALISTIC_STD, seed);
    }

    /** As {@link #checkpoint(CheckpointLayout, DType, long)} with LM/head linear weights of std {@code linearStd}. */
    public static Checkpoint checkpoint(CheckpointLayout layout, DType dtype, double linearStd, long seed) {
        Arena arena = Arena.ofShared();
        try {
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (TensorSource s : sources(layout, dtype, linearStd, seed)) {
                MemorySegment seg = arena.allocate(Math.max(1, s.byteSize()), 64).asSlice(0, s.byteSize());
                s.fill(seg);
                tensors.put(s.name(), new Tensor(s.name(), s.dtype(), s.shape(), seg));
            }
            return Checkpoint.ofTensors(Path.of("random-weights"), tensors, arena);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /** The tensors of {@code layout} in {@code dtype} as sources that fill their bytes on demand. */
    public static List<TensorSource> sources(CheckpointLayout layout, DType dtype, long seed) {
        return sources(layout, dtype, REALISTIC_STD, seed);
    }

    private static List<TensorSource> sources(CheckpointLayout layout, DType dtype, double linearStd, long seed) {
        if (!dtype.isFloat()) {
            throw new IllegalArgumentException("random weights must be f32, f16 or bf16, not " + dtype);
        }
        List<TensorSource> out = new ArrayList<>();
        SplittableRandom seeds = new SplittableRandom(seed);
        for (Entry e : layout.entries()) {
            out.add(new Source(e, dtype, linearStd, seeds.nextLong()));
        }
        return out;
    }

    /** Mean and half-width of the uniform distribution of an entry's values. */
    private static float[] distribution(Entry e, double linearStd) {
        long[] s = e.shape();
        return switch (e.role()) {
            case EMBEDDING, LINEAR -> uniform(0, linearStd);
            case TOKENIZER_WEIGHT -> uniform(0, 1 / Math.sqrt((double) e.numel() / s[0]));
            // [in][out][k] with k = 2·stride: each output sums in × 2 taps
            case TOKENIZER_TRANSPOSED -> uniform(0, 1 / Math.sqrt(2.0 * s[0]));
            case BIAS -> uniform(0, 0.02);
            case NORM -> uniform(1, 0.05);
            case LAYER_SCALE -> uniform(0.01, 0.002);
            case SCALAR -> new float[] {e.name().equals(CheckpointLayout.SPEECH_BIAS) ? SPEECH_BIAS : SPEECH_SCALING, 0};
        };
    }

    private static float[] uniform(double mean, double std) {
        return new float[] {(float) mean, (float) (std * Math.sqrt(3))};
    }

    private record Source(Entry entry, DType dtype, double linearStd, long seed) implements TensorSource {
        public String name() {
            return entry.name();
        }

        public long[] shape() {
            return entry.shape();
        }

        /** Chunks of the tensor filled in parallel, each from its own stream, so the result is deterministic. */
        public void fill(MemorySegment dst) {
            float[] d = distribution(entry, linearStd);
            long n = entry.numel();
            int chunks = (int) ((n + CHUNK - 1) / CHUNK);
            Parallel.forEach(chunks, c -> {
                SplittableRandom rnd = new SplittableRandom(seed + 0x9E3779B97F4A7C15L * c);
                long start = (long) c * CHUNK;
                int len = (int) Math.min(CHUNK, n - start);
                float[] buf = new float[len];
                for (int i = 0; i < len; i++) {
                    buf[i] = d[0] + (float) ((rnd.nextInt() >> 8) * 0x1p-23) * d[1];
                }
                Convert.write(dtype, buf, len, dst, start);
            });
        }
    }
}
