package org.vibevoice.model;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.vibevoice.safetensors.Checkpoint;
import org.vibevoice.tensor.DType;
import org.vibevoice.tensor.Tensor;

/**
 * Random f32 weights at given shapes, in memory, at a realistic scale: matrices and conv kernels
 * uniform with standard deviation 1/sqrt(fan-in), biases ±0.01, norm weights 1, layer scales 1e-6
 * (the configs' layer_scale_init_value), scalars 1. For benchmarks at the real model sizes without
 * writing gigabytes to disk.
 */
public final class RandomWeights {
    private RandomWeights() {
    }

    public static Checkpoint checkpoint(Map<String, long[]> shapes, long seed) {
        Arena arena = Arena.ofShared();
        SplittableRandom rnd = new SplittableRandom(seed);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : shapes.entrySet()) {
            long[] shape = e.getValue();
            long n = Tensor.numel(shape);
            MemorySegment seg = arena.allocate(n * 4, 64);
            String name = e.getKey();
            if (name.endsWith("gamma")) {
                fill(seg, n, 1e-6f, 0f, rnd);
            } else if (name.endsWith("norm.weight") || shape.length == 0) {
                fill(seg, n, 1f, 0f, rnd);
            } else if (shape.length == 1) {
                fill(seg, n, 0f, 0.01f, rnd);
            } else {
                long fanIn = n / shape[0];
                fill(seg, n, 0f, (float) Math.sqrt(3.0 / fanIn), rnd);
            }
            tensors.put(name, new Tensor(name, DType.F32, shape, seg));
        }
        return Checkpoint.ofTensors(Path.of("random-weights"), tensors, arena);
    }

    /** value + uniform(−half, half). */
    private static void fill(MemorySegment seg, long n, float value, float half, SplittableRandom rnd) {
        for (long i = 0; i < n; i++) {
            float u = half == 0 ? 0 : (float) ((rnd.nextInt() >> 8) * 0x1p-23) * half;
            seg.setAtIndex(Tensor.F32, i, value + u);
        }
    }
}
