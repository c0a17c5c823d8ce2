package org.vibevoice.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import org.vibevoice.tensor.Convert;
import org.vibevoice.tensor.DType;
import org.vibevoice.tensor.Matrix;
import org.vibevoice.tensor.Tensor;

/**
 * Seeded random weights in native memory at a realistic scale, so benchmarks and tests can run real
 * model shapes without weight files. Matrices are uniform in ±1/sqrt(cols) (PyTorch's default Linear
 * init), stored in the requested precision.
 */
public final class RandomWeights {
    private static final int CHUNK = 1 << 16;

    private final Arena arena;
    private final DType dtype;
    private final SplittableRandom random;
    private final float[] buffer = new float[CHUNK];

    public RandomWeights(Arena arena, DType dtype, long seed) {
        this.arena = arena;
        this.dtype = dtype;
        this.random = new SplittableRandom(seed);
    }

    public DType dtype() {
        return dtype;
    }

    public Matrix matrix(String name, int rows, int cols) {
        long n = (long) rows * cols;
        MemorySegment seg = arena.allocate(n * dtype.bytes(), 64);
        float bound = (float) (1.0 / Math.sqrt(cols));
        for (long start = 0; start < n; start += CHUNK) {
            int len = (int) Math.min(CHUNK, n - start);
            for (int i = 0; i < len; i++) {
                buffer[i] = (float) random.nextDouble(-bound, bound);
            }
            Convert.write(dtype, buffer, len, seg, start);
        }
        return Matrix.of(new Tensor(name, dtype, new long[] {rows, cols}, seg));
    }

    /** n values uniform in center ± spread (norm weights and the like, always f32). */
    public float[] vector(int n, float center, float spread) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = center + (float) random.nextDouble(-spread, spread);
        }
        return v;
    }

    /** n standard normal values (activations). */
    public float[] normal(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) nextGaussian();
        }
        return v;
    }

    private double nextGaussian() {
        double u1 = random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log1p(-u1)) * Math.cos(2 * Math.PI * u2);
    }
}
