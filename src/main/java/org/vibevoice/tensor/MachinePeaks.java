package org.vibevoice.tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.DoubleAdder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * This machine's limits, measured in the running JVM so that benchmarks can report ratios to them:
 * the f32 FMA peak (12 independent vector FMA chains per thread, all threads) and the DRAM read
 * bandwidth (vector sums of 4 streams per thread over a buffer far larger than the caches, all
 * threads). Best of a few runs.
 */
public final class MachinePeaks {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    private MachinePeaks() {
    }

    /** f32 GFLOP/s (an FMA counts 2) on all threads. */
    public static double fmaGflops() {
        int chunks = 16 * Parallel.threads();
        long iters = 4_000_000;
        DoubleAdder sink = new DoubleAdder();
        // short calls first, so that the timed loop runs C2 code rather than the interpreter's fallback
        for (int i = 0; i < 200; i++) {
            sink.add(fmaChains(2_000));
        }
        double best = 0;
        for (int rep = 0; rep < 4; rep++) {
            long t0 = System.nanoTime();
            Parallel.forEach(chunks, c -> sink.add(fmaChains(iters)));
            double secs = (System.nanoTime() - t0) * 1e-9;
            best = Math.max(best, chunks * iters * 12.0 * F.length() * 2 / secs / 1e9);
        }
        if (Double.isNaN(sink.sum())) {
            throw new IllegalStateException("FMA loop diverged");
        }
        return best;
    }

    private static float fmaChains(long iters) {
        FloatVector m = FloatVector.broadcast(F, 0.9999999f);
        FloatVector a = FloatVector.broadcast(F, 1e-7f);
        FloatVector c0 = FloatVector.broadcast(F, 1f), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0;
        FloatVector c6 = c0, c7 = c0, c8 = c0, c9 = c0, c10 = c0, c11 = c0;
        for (long i = 0; i < iters; i++) {
            c0 = c0.fma(m, a);
            c1 = c1.fma(m, a);
            c2 = c2.fma(m, a);
            c3 = c3.fma(m, a);
            c4 = c4.fma(m, a);
            c5 = c5.fma(m, a);
            c6 = c6.fma(m, a);
            c7 = c7.fma(m, a);
            c8 = c8.fma(m, a);
            c9 = c9.fma(m, a);
            c10 = c10.fma(m, a);
            c11 = c11.fma(m, a);
        }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11).lane(0);
    }

    /** Read bandwidth in GB/s on all threads over a buffer of {@code bytes}. */
    public static double readGBs(long bytes) {
        int chunks = 64;
        long per = bytes / chunks / 256 * 256;
        try (Arena arena = Arena.ofShared()) {
            MemorySegment seg = arena.allocate(per * chunks, 64);
            seg.fill((byte) 1);
            DoubleAdder sink = new DoubleAdder();
            double best = 0;
            for (int rep = 0; rep < 5; rep++) {
                long t0 = System.nanoTime();
                Parallel.forEach(chunks, c -> sink.add(sum(seg, c * per, per)));
                double secs = (System.nanoTime() - t0) * 1e-9;
                best = Math.max(best, per * chunks / secs / 1e9);
            }
            if (sink.sum() == 0) {
                throw new IllegalStateException("read loop saw no data");
            }
            return best;
        }
    }

    /** Sums a range as 4 concurrent streams (its quarters): one stream per core cannot saturate DRAM. */
    private static float sum(MemorySegment seg, long off, long len) {
        FloatVector s0 = FloatVector.zero(F), s1 = s0, s2 = s0, s3 = s0;
        long quarter = len / 4;
        long step = F.vectorByteSize();
        for (long o = off; o < off + quarter; o += step) {
            s0 = s0.add(FloatVector.fromMemorySegment(F, seg, o, ByteOrder.LITTLE_ENDIAN));
            s1 = s1.add(FloatVector.fromMemorySegment(F, seg, o + quarter, ByteOrder.LITTLE_ENDIAN));
            s2 = s2.add(FloatVector.fromMemorySegment(F, seg, o + 2 * quarter, ByteOrder.LITTLE_ENDIAN));
            s3 = s3.add(FloatVector.fromMemorySegment(F, seg, o + 3 * quarter, ByteOrder.LITTLE_ENDIAN));
        }
        return s0.add(s1).add(s2).add(s3).lane(0);
    }
}
