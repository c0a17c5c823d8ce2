package org.vibevoice.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.vibevoice.tensor.DType;
import org.vibevoice.tensor.Matrix;
import org.vibevoice.tensor.Parallel;
import org.vibevoice.tensor.Tensor;

/**
 * One large native buffer of random weights that every benchmarked matrix is a slice of, handed out
 * at a cursor that moves on after each use: much larger than the caches, so each call reads
 * DRAM-cold bytes, without one multi-GiB copy per shape and dtype. Every 16-bit half has the form
 * {@code sign | 0x3800..0x43FF}, a normal number read as f16 (0.5..4), as bf16 (2⁻¹⁵..2⁹) and, in
 * pairs, as f32: no Inf, NaN or subnormal changes any kernel's speed.
 */
final class WeightPool implements AutoCloseable {
    private static final long ALIGN = 4096;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment pool;
    private long cursor;

    WeightPool(long bytes) {
        pool = arena.allocate(bytes, ALIGN);
        long chunk = 1 << 20;
        int chunks = (int) ((bytes + chunk - 1) / chunk);
        Parallel.forEach(chunks, c -> {
            long seed = 0x9E3779B97F4A7C15L * (c + 1);
            long end = Math.min(bytes, (c + 1) * chunk);
            for (long o = c * chunk; o + 4 <= end; o += 4) {
                seed ^= seed << 13;
                seed ^= seed >>> 7;
                seed ^= seed << 17;
                pool.set(ValueLayout.JAVA_INT_UNALIGNED, o, half(seed) | half(seed >>> 32) << 16);
            }
        });
    }

    private static int half(long r) {
        return (int) ((r & 0x8000) | (0x3800 + ((r >>> 16) & 0xFFFF) % 0x0C00));
    }

    long byteSize() {
        return pool.byteSize();
    }

    /** A [rows][cols] matrix of the given dtype over the next unused stretch of the pool. */
    Matrix next(DType dtype, int rows, int cols) {
        long bytes = (long) rows * cols * dtype.bytes();
        if (bytes > pool.byteSize()) {
            throw new IllegalArgumentException(rows + "×" + cols + " " + dtype + " does not fit a pool of " + pool.byteSize() + " bytes");
        }
        if (cursor + bytes > pool.byteSize()) {
            cursor = 0;
        }
        MemorySegment slice = pool.asSlice(cursor, bytes);
        cursor = (cursor + bytes + ALIGN - 1) / ALIGN * ALIGN;
        return Matrix.of(new Tensor("bench", dtype, new long[] {rows, cols}, slice));
    }

    /** The whole pool, for the plain streaming read. */
    MemorySegment segment() {
        return pool;
    }

    @Override
    public void close() {
        arena.close();
    }
}
