package org.vibevoice.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.vibevoice.tensor.Parallel;

/**
 * The memory read bandwidth bound of this run: a streaming vector sum over a native buffer larger
 * than any cache, split into dynamically claimed chunks over all threads (as the matmuls are).
 */
public final class Bandwidth {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int CHUNKS = 128;

    /** GB/s (1e9 bytes) of the passes: median and best. */
    public record Result(double medianGBs, double maxGBs, long bytes, int passes) {
    }

    private Bandwidth() {
    }

    /** Reads a {@code bytes}-sized buffer {@code passes} times (after one warm-up pass). */
    public static Result measure(long bytes, int passes) {
        long chunkBytes = bytes / CHUNKS / 256 * 256;
        float[] sink = new float[CHUNKS];
        double[] gbs = new double[passes];
        try (Arena arena = Arena.ofShared()) {
            MemorySegment seg = arena.allocate(chunkBytes * CHUNKS, 64);
            Parallel.forEach(CHUNKS, c -> seg.asSlice(c * chunkBytes, chunkBytes).fill((byte) 1));
            for (int p = -1; p < passes; p++) {
                long t0 = System.nanoTime();
                Parallel.forEach(CHUNKS, c -> sink[c] += sum(seg, c * chunkBytes, chunkBytes));
                double s = (System.nanoTime() - t0) / 1e9;
                if (p >= 0) {
                    gbs[p] = chunkBytes * CHUNKS / s / 1e9;
                }
            }
        }
        if (Float.isNaN(sink[0])) {
            throw new IllegalStateException("unreachable: keeps the reads alive");
        }
        Arrays.sort(gbs);
        return new Result(gbs[passes / 2], gbs[passes - 1], chunkBytes * CHUNKS, passes);
    }

    private static float sum(MemorySegment seg, long off, long len) {
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = FloatVector.zero(S);
        FloatVector a2 = FloatVector.zero(S);
        FloatVector a3 = FloatVector.zero(S);
        long step = S.vectorByteSize();
        for (long i = off, end = off + len; i < end; i += 4 * step) {
            a0 = a0.add(FloatVector.fromMemorySegment(S, seg, i, ByteOrder.LITTLE_ENDIAN));
            a1 = a1.add(FloatVector.fromMemorySegment(S, seg, i + step, ByteOrder.LITTLE_ENDIAN));
            a2 = a2.add(FloatVector.fromMemorySegment(S, seg, i + 2 * step, ByteOrder.LITTLE_ENDIAN));
            a3 = a3.add(FloatVector.fromMemorySegment(S, seg, i + 3 * step, ByteOrder.LITTLE_ENDIAN));
        }
        return a0.add(a1).add(a2).add(a3).reduceLanes(VectorOperators.ADD);
    }
}
