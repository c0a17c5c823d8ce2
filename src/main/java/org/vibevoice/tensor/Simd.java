package org.vibevoice.tensor;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector width every kernel uses, fixed once per JVM. {@code -Dvibevoice.vectorBits=0|128|256|512}
 * forces a width (0 = plain scalar loops), so tests can run the narrower and the scalar paths on a
 * wide machine; the default is the hardware's preferred width. Requests wider than the hardware are
 * capped, because the Vector API would emulate them slowly. {@code -Dvibevoice.readAhead=BYTES}
 * tunes the kernels' read-ahead distance ({@link #READ_AHEAD}).
 */
public final class Simd {
    /** Vector width in bits, 0 when the scalar path is selected. */
    public static final int BITS = chooseBits();
    /** True when kernels use the Vector API. */
    public static final boolean ENABLED = BITS > 0;
    /** Float species (null on the scalar path). */
    static final VectorSpecies<Float> F = ENABLED ? FloatVector.SPECIES_PREFERRED.withShape(VectorShape.forBitSize(BITS)) : null;
    /** Int species of the same width: one int lane holds two 16-bit weights. */
    static final VectorSpecies<Integer> I = ENABLED ? IntVector.SPECIES_PREFERRED.withShape(VectorShape.forBitSize(BITS)) : null;
    /** Float lanes per vector (1 on the scalar path). */
    public static final int LANES = ENABLED ? F.length() : 1;
    /**
     * Bytes ahead of the last weight row that each kernel iteration also loads (into a throw-away
     * integer sum). The kernels' loads feed FMA chains that stall while a line comes from DRAM; one
     * extra load that nothing waits for lifted 4-row f32 kernels on adjacent rows from 78% to ~100%
     * of a pure read. Since the 4 rows are a chunk's quarters (MatmulTask), distance 0 measures best:
     * one thread, f32 22–27 GB/s against 16–20 without the load and 22–26 at 2048; bf16 alike.
     */
    static final long READ_AHEAD = Long.getLong("vibevoice.readAhead", 0);
    /** Doubles of the same width. */
    static final VectorSpecies<Double> D = ENABLED ? DoubleVector.SPECIES_PREFERRED.withShape(VectorShape.forBitSize(BITS)) : null;

    // lane i ↔ lane i ^ d: the steps of a fixed pairwise reduction tree
    private static final VectorShuffle<Float> SWAP8 = swap(F, 8);
    private static final VectorShuffle<Float> SWAP4 = swap(F, 4);
    private static final VectorShuffle<Float> SWAP2 = swap(F, 2);
    private static final VectorShuffle<Float> SWAP1 = swap(F, 1);
    private static final VectorShuffle<Double> DSWAP4 = swap(D, 4);
    private static final VectorShuffle<Double> DSWAP2 = swap(D, 2);
    private static final VectorShuffle<Double> DSWAP1 = swap(D, 1);

    private Simd() {
    }

    private static int chooseBits() {
        int preferred = FloatVector.SPECIES_PREFERRED.vectorBitSize();
        String prop = System.getProperty("vibevoice.vectorBits");
        if (prop == null || prop.isBlank()) {
            return preferred;
        }
        int bits;
        try {
            bits = Integer.parseInt(prop.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("vibevoice.vectorBits must be 0, 128, 256 or 512, not '" + prop + "'");
        }
        if (bits != 0 && bits != 128 && bits != 256 && bits != 512) {
            throw new IllegalArgumentException("vibevoice.vectorBits must be 0, 128, 256 or 512, not " + bits);
        }
        return Math.min(bits, preferred);
    }

    private static <E> VectorShuffle<E> swap(VectorSpecies<E> species, int d) {
        return species != null && d < species.length() ? VectorShuffle.fromOp(species, i -> i ^ d) : null;
    }

    /**
     * The sum of v's lanes by a fixed pairwise tree. {@code reduceLanes(ADD)} may sum in a different
     * order once C2 compiles it than in the interpreter, so the same product could differ in its
     * last bits between a cold and a warm call; this sum is the same in every tier.
     */
    static float sum(FloatVector v) {
        if (F.length() > 8) {
            v = v.add(v.rearrange(SWAP8));
        }
        if (F.length() > 4) {
            v = v.add(v.rearrange(SWAP4));
        }
        v = v.add(v.rearrange(SWAP2));
        v = v.add(v.rearrange(SWAP1));
        return v.lane(0);
    }

    /**
     * The lane sum of the vector stored at acc[off..off + L), with exactly {@link #sum}'s additions
     * (lane i + lane i ^ d for d = L/2 … 1), in scalar code: nothing here can fall back to the
     * Vector API's allocating Java implementation, which C2 sometimes left in the row kernels'
     * vector reduction (2.9 MB per frame in one of three identical runs). Overwrites acc.
     */
    static float sumLanes(float[] acc, int off) {
        for (int d = LANES / 2; d >= 1; d /= 2) {
            for (int i = 0; i < d; i++) {
                acc[off + i] += acc[off + i + d];
            }
        }
        return acc[off];
    }

    /**
     * The largest of v's lanes by the same tree: {@code reduceLanes(MAX)} ran its allocating
     * fallback in hot code (1.3 MB per frame of the attention softmax at full size).
     */
    static float max(FloatVector v) {
        if (F.length() > 8) {
            v = v.max(v.rearrange(SWAP8));
        }
        if (F.length() > 4) {
            v = v.max(v.rearrange(SWAP4));
        }
        v = v.max(v.rearrange(SWAP2));
        v = v.max(v.rearrange(SWAP1));
        return v.lane(0);
    }

    /**
     * acc[off + i] = lane sum of the vector stored at acc[off + i·L], i &lt; 4, each by
     * {@link #sumLanes} (scalar, {@link #sum}'s additions). A vector version lost its intrinsics in
     * some JVMs (inlined into a kernel past C2's node budget) and allocated 720 KB per f32 frame.
     */
    static void reduce4(float[] acc, int off) {
        int l = LANES;
        for (int i = 0; i < 4; i++) {
            acc[off + i] = sumLanes(acc, off + i * l);
        }
    }

    /** {@link #sum(FloatVector)} for doubles. */
    static double sum(DoubleVector v) {
        if (D.length() > 4) {
            v = v.add(v.rearrange(DSWAP4));
        }
        if (D.length() > 2) {
            v = v.add(v.rearrange(DSWAP2));
        }
        v = v.add(v.rearrange(DSWAP1));
        return v.lane(0);
    }

    /** A short description for logs and benchmark headers, e.g. "512-bit (16 float lanes)". */
    public static String describe() {
        return ENABLED ? BITS + "-bit (" + LANES + " float lanes)" : "scalar (vibevoice.vectorBits=0)";
    }
}
