package org.vibevoice.tensor;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
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
    // reduce4's first two levels: lane i ↔ i ^ lanes/2 and i ^ lanes/4, and the lanes with that bit set
    private static final VectorShuffle<Float> SWAP_HALF = swap(F, LANES / 2);
    private static final VectorShuffle<Float> SWAP_QUARTER = swap(F, LANES / 4);
    private static final VectorMask<Float> HIGH_HALF = lanesWithBit(LANES / 2);
    private static final VectorMask<Float> ODD_QUARTER = lanesWithBit(LANES / 4);
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

    private static VectorMask<Float> lanesWithBit(int d) {
        if (F == null || d < 1) {
            return null;
        }
        boolean[] set = new boolean[LANES];
        for (int i = 0; i < LANES; i++) {
            set[i] = (i & d) != 0;
        }
        return VectorMask.fromArray(F, set, 0);
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
     * Replaces the 4 vectors at acc[off + i·lanes] (i &lt; 4) by their lane sums at acc[off + i], with
     * exactly {@link #sumLanes}'s additions, as a transposed tree: the first level folds vectors 0
     * and 1 into one (lanes of 0 in the low half, of 1 in the high half), and 2 and 3 likewise; the
     * second folds those two into one; the remaining levels fold within it. Reads and writes only
     * the array, so it never hands a vector across a call, and kernels do not call it (inlined into a
     * kernel past C2's node budget, an earlier vector version lost its intrinsics and allocated).
     * Vector path only: every species has at least 4 lanes.
     */
    static void reduce4(float[] acc, int off) {
        FloatVector a = FloatVector.fromArray(F, acc, off);
        FloatVector b = FloatVector.fromArray(F, acc, off + LANES);
        FloatVector c = FloatVector.fromArray(F, acc, off + 2 * LANES);
        FloatVector e = FloatVector.fromArray(F, acc, off + 3 * LANES);
        FloatVector ab = a.blend(b, HIGH_HALF).add(b.blend(a, HIGH_HALF).rearrange(SWAP_HALF));
        FloatVector ce = c.blend(e, HIGH_HALF).add(e.blend(c, HIGH_HALF).rearrange(SWAP_HALF));
        FloatVector v = ab.blend(ce, ODD_QUARTER).add(ce.blend(ab, ODD_QUARTER).rearrange(SWAP_QUARTER));
        if (LANES > 8) {
            v = v.add(v.rearrange(SWAP2));
        }
        if (LANES > 4) {
            v = v.add(v.rearrange(SWAP1));
        }
        v.intoArray(acc, off);
        float sb = acc[off + LANES / 2];
        float sc = acc[off + LANES / 4];
        float se = acc[off + LANES / 2 + LANES / 4];
        acc[off + 1] = sb;
        acc[off + 2] = sc;
        acc[off + 3] = se;
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
