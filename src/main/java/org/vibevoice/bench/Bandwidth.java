package org.vibevoice.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.vibevoice.tensor.Parallel;

/**
 * DRAM read bandwidth measured now, on this machine: all threads stream a native buffer far larger
 * than the caches, claiming chunks dynamically, each chunk read as four concurrent streams (the access
 * pattern of a 4-row matvec, which the prefetchers serve faster than one stream). The bound every memory-bound benchmark compares with.
 */
public final class Bandwidth implements AutoCloseable {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final long CHUNK = 8L << 20;
    private static final int WARMUP_PASSES = 3;

    private final Arena arena = Arena.ofShared();
    private final MemorySegment buffer;
    private final int chunks;
    private final float[] sums;
    /** Keeps the sums observable so the reads cannot be optimised away. */
    private volatile float sink;

    /** A probe over {@code bytes} of freshly written memory (rounded up to whole 8 MiB chunks). */
    public Bandwidth(long bytes) {
        chunks = (int) Math.max(1, (bytes + CHUNK - 1) / CHUNK);
        buffer = arena.allocate(chunks * CHUNK, 4096);
        sums = new float[chunks];
        // touch every page with distinct values, so reads hit real DRAM pages and not a shared zero page
        Parallel.forEach(chunks, c -> {
            long base = c * CHUNK;
            for (long o = 0; o < CHUNK; o += 4) {
                buffer.set(ValueLayout.JAVA_FLOAT_UNALIGNED, base + o, (float) ((o >> 2) & 1023));
            }
        });
        // compile the read loop before anything is timed
        for (int i = 0; i < WARMUP_PASSES; i++) {
            measure(bufferBytes());
        }
    }

    public long bufferBytes() {
        return chunks * CHUNK;
    }

    /** Streams at least {@code minBytes} (whole passes over the buffer); returns bytes per second. */
    public double measure(long minBytes) {
        long passes = Math.max(1, (minBytes + bufferBytes() - 1) / bufferBytes());
        long t0 = System.nanoTime();
        for (long p = 0; p < passes; p++) {
            Parallel.forEach(chunks, c -> sums[c] += sum(buffer, c * CHUNK, CHUNK));
        }
        long t1 = System.nanoTime();
        float s = 0;
        for (float v : sums) {
            s += v;
        }
        sink = s;
        return passes * bufferBytes() / ((t1 - t0) * 1e-9);
    }

    /** Median and best of several measurements, in GB/s (1e9 bytes). */
    public record Stats(double medianGBs, double maxGBs, int runs) {
    }

    /** {@code runs} measurements of at least {@code minBytes} each. */
    public Stats stats(long minBytes, int runs) {
        double[] gbs = new double[runs];
        for (int i = 0; i < runs; i++) {
            gbs[i] = measure(minBytes) / 1e9;
        }
        java.util.Arrays.sort(gbs);
        return new Stats(gbs[runs / 2], gbs[runs - 1], runs);
    }

    /**
     * Sum of the floats in seg[off, off+bytes) (bytes a multiple of 4), read as four streams in lockstep
     * (the four quarters of the range, like a 4-row matvec), one vector accumulator each; scalar tails.
     */
    static float sum(MemorySegment seg, long off, long bytes) {
        long step = SPECIES.vectorByteSize();
        long quarter = bytes / 4 / step * step;
        FloatVector a0 = FloatVector.zero(SPECIES);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        ByteOrder bo = ByteOrder.nativeOrder();
        for (long o = off, end = off + quarter; o < end; o += step) {
            a0 = a0.add(FloatVector.fromMemorySegment(SPECIES, seg, o, bo));
            a1 = a1.add(FloatVector.fromMemorySegment(SPECIES, seg, o + quarter, bo));
            a2 = a2.add(FloatVector.fromMemorySegment(SPECIES, seg, o + 2 * quarter, bo));
            a3 = a3.add(FloatVector.fromMemorySegment(SPECIES, seg, o + 3 * quarter, bo));
        }
        float s = a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
        for (long o = off + 4 * quarter, end = off + bytes; o < end; o += 4) {
            s += seg.get(ValueLayout.JAVA_FLOAT_UNALIGNED, o);
        }
        return s;
    }

    @Override
    public void close() {
        arena.close();
    }
}
