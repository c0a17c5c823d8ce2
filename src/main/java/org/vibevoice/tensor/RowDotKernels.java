package org.vibevoice.tensor;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Dot-product form of {@link PackedLinear} for maps with few outputs: W [n][k] in f32, each output
 * one dot product along the contiguous window, two independent accumulators per dot.
 */
final class RowDotKernels {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final int L = F.length();
    /** Rotations by L/2, L/4, …, 1 lanes. */
    private static final List<VectorShuffle<Float>> HALVINGS = halvings();

    private static List<VectorShuffle<Float>> halvings() {
        List<VectorShuffle<Float>> out = new ArrayList<>();
        for (int shift = L / 2; shift >= 1; shift /= 2) {
            out.add(VectorShuffle.iota(F, shift, 1, true));
        }
        return List.copyOf(out);
    }

    private RowDotKernels() {
    }

    static void multiply(float[] x, int[] xOff, MemorySegment w, int n, int k, float[] bias, float[] y, int[] yOff,
            int r0, int r1) {
        for (int r = r0; r < r1; r++) {
            int xo = xOff[r];
            int yo = yOff[r];
            for (int j = 0; j < n; j++) {
                y[yo + j] = bias[j] + dot(x, xo, w, (long) j * k * 4, k);
            }
        }
    }

    /**
     * Sum of the lanes in a fixed pairwise order. reduceLanes(ADD) may order the additions
     * differently before and after JIT compilation, which would make a frame decoded early in a
     * stream differ in the last bit from the same frame decoded later.
     */
    private static float sumLanes(FloatVector v) {
        for (VectorShuffle<Float> rotation : HALVINGS) {
            v = v.add(v.rearrange(rotation));
        }
        return v.lane(0);
    }

    private static float dot(float[] x, int xo, MemorySegment w, long wo, int k) {
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = FloatVector.zero(F);
        int q = 0;
        for (; q + 2 * L <= k; q += 2 * L) {
            a0 = FloatVector.fromMemorySegment(F, w, wo + q * 4L, LE).fma(FloatVector.fromArray(F, x, xo + q), a0);
            a1 = FloatVector.fromMemorySegment(F, w, wo + (q + L) * 4L, LE).fma(FloatVector.fromArray(F, x, xo + q + L), a1);
        }
        float s = sumLanes(a0.add(a1));
        for (; q < k; q++) {
            s += w.get(Tensor.F32, wo + q * 4L) * x[xo + q];
        }
        return s;
    }
}
