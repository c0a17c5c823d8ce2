package org.vibevoice.tensor;


import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Pure memory reads, the bounds matmul speed is judged against. {@link #likeMatmul} reads a
 * matrix's bytes exactly as a batch-1 matmul walks them (the same chunks on the same pool, each
 * read as 4 row streams, one per quarter of the chunk) but without arithmetic; {@link #stream} is
 * a plain sequential sum. Both return a checksum so the reads cannot be optimised away.
 */
public final class MemoryRead {
    private static final VectorSpecies<Float> F = Simd.F;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final long STREAM_CHUNK = 1 << 20;

    private MemoryRead() {
    }

    /** Reads every byte of m (as floats) in the matmul's access pattern, over all threads. */
    public static double likeMatmul(Matrix m) {
        ChunkPlan plan = new ChunkPlan();
        plan.add(0, 0, m.rows(), m.rowBytes(), m.byteSize());
        double[] partial = new double[plan.count()];
        MemorySegment w = m.data();
        long rb = m.rowBytes();
        int floats = (int) (rb / 4);
        Parallel.forEach(plan.count(), c -> {
            double s = 0;
            int r0 = plan.row0(c);
            int q = (plan.row1(c) - r0) / 4;
            for (int r = r0; r < r0 + q; r++) {
                s += rows4(w, r * rb, q * rb, floats);
            }
            for (int r = r0 + 4 * q; r < plan.row1(c); r++) {
                s += scalar(w, r * rb, 0, floats);
            }
            partial[c] = s;
        });
        return sum(partial);
    }

    /** Sums all floats of a segment (its size a multiple of 4 bytes) in 1 MiB chunks over all threads. */
    public static double stream(MemorySegment seg) {
        int chunks = (int) ((seg.byteSize() + STREAM_CHUNK - 1) / STREAM_CHUNK);
        double[] partial = new double[chunks];
        Parallel.forEach(chunks, c -> {
            long o = c * STREAM_CHUNK;
            int floats = (int) (Math.min(STREAM_CHUNK, seg.byteSize() - o) / 4);
            partial[c] = Simd.ENABLED ? row(seg, o, floats) : scalar(seg, o, 0, floats);
        });
        return sum(partial);
    }

    private static double sum(double[] partial) {
        double s = 0;
        for (double p : partial) {
            s += p;
        }
        return s;
    }

    private static float rows4(MemorySegment w, long o, long rb, int floats) {
        if (!Simd.ENABLED) {
            return scalar(w, o, 0, floats) + scalar(w, o + rb, 0, floats) + scalar(w, o + 2 * rb, 0, floats)
                    + scalar(w, o + 3 * rb, 0, floats);
        }
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        int n = floats - floats % F.length();
        for (int k = 0; k < n; k += F.length()) {
            long p = o + 4L * k;
            a0 = a0.add(FloatVector.fromMemorySegment(F, w, p, LE));
            a1 = a1.add(FloatVector.fromMemorySegment(F, w, p + rb, LE));
            a2 = a2.add(FloatVector.fromMemorySegment(F, w, p + 2 * rb, LE));
            a3 = a3.add(FloatVector.fromMemorySegment(F, w, p + 3 * rb, LE));
        }
        return Simd.sum(a0.add(a1).add(a2).add(a3)) + scalar(w, o, n, floats) + scalar(w, o + rb, n, floats)
                + scalar(w, o + 2 * rb, n, floats) + scalar(w, o + 3 * rb, n, floats);
    }

    /** One stream with 4 independent accumulators (one add chain would be latency-bound). */
    private static float row(MemorySegment w, long o, int floats) {
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        int step = 4 * F.length();
        int n = floats - floats % step;
        for (int k = 0; k < n; k += step) {
            long p = o + 4L * k;
            a0 = a0.add(FloatVector.fromMemorySegment(F, w, p, LE));
            a1 = a1.add(FloatVector.fromMemorySegment(F, w, p + 4L * F.length(), LE));
            a2 = a2.add(FloatVector.fromMemorySegment(F, w, p + 8L * F.length(), LE));
            a3 = a3.add(FloatVector.fromMemorySegment(F, w, p + 12L * F.length(), LE));
        }
        return Simd.sum(a0.add(a1).add(a2).add(a3)) + scalar(w, o, n, floats);
    }

    private static float scalar(MemorySegment w, long o, int from, int floats) {
        float s = 0;
        for (int k = from; k < floats; k++) {
            s += w.get(Tensor.F32, o + 4L * k);
        }
        return s;
    }
}
