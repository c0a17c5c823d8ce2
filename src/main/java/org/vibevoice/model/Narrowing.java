package org.vibevoice.model;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.vibevoice.tensor.Convert;
import org.vibevoice.tensor.DType;
import org.vibevoice.tensor.Parallel;
import org.vibevoice.tensor.Tensor;

/**
 * Converting a weight tensor to a narrower float type, and the rule that decides whether it may be.
 *
 * <p>A tensor does not fit a target type when either
 * <ul>
 * <li><b>overflow</b>: any finite value rounds to ±∞ in the target (f16: |x| ≥ 65520), or</li>
 * <li><b>underflow</b>: more than {@link #MAX_UNDERFLOW_FRACTION} (0.1 %) of its non-zero finite
 * values are <i>lost</i>, a value being lost when rounding changes it by more than
 * {@link #LOSS} (1 %) of its magnitude. In the normal range rounding costs at most 2⁻¹¹ (f16) or
 * 2⁻⁸ (bf16) relative, so only values that flush to zero or land deep in the subnormal range count
 * (for f16: |x| &lt; 2⁻²⁴/0.02 ≈ 3.0e-6 can, |x| &lt; 2⁻²⁵ ≈ 3.0e-8 always does).</li>
 * </ul>
 * Weights initialised around 0.02 lose about 0.01 % of their values this way in f16, well inside
 * the bound; a tensor of layer scales around 1e-6 loses most of them and is kept.
 */
public final class Narrowing {
    /** Largest fraction of non-zero values that may be lost to underflow. */
    public static final double MAX_UNDERFLOW_FRACTION = 1e-3;
    /** Relative change beyond which a rounded value counts as lost. */
    public static final double LOSS = 0.01;
    private static final int CHUNK = 1 << 16;

    private Narrowing() {
    }

    /** What rounding a tensor to a target type does to its values. */
    public record Check(DType target, long nonZero, long overflow, long underflow, float maxAbs) {
        public boolean fits() {
            return overflow == 0 && underflow <= MAX_UNDERFLOW_FRACTION * nonZero;
        }

        /** Why the tensor does not fit, e.g. "3 values beyond the f16 range (max |x| 7.1e+04)". */
        public String reason() {
            String t = target.name().toLowerCase(java.util.Locale.ROOT);
            if (overflow > 0) {
                return String.format(java.util.Locale.ROOT, "%d value(s) beyond the %s range (max |x| %.3g)", overflow, t, maxAbs);
            }
            return String.format(java.util.Locale.ROOT, "%.3f%% of its non-zero values lost to %s underflow (limit %.1f%%)",
                    100.0 * underflow / Math.max(1, nonZero), t, 100 * MAX_UNDERFLOW_FRACTION);
        }
    }

    /** Converts {@code src} into {@code dst} ({@code numel × target.bytes()} bytes) and reports the check. */
    public static Check convert(Tensor src, DType target, MemorySegment dst) {
        return run(src, target, dst);
    }

    /** Checks {@code src} against {@code target} without keeping the converted values. */
    public static Check check(Tensor src, DType target) {
        return run(src, target, null);
    }

    private static final class Scratch {
        final float[] values = new float[CHUNK];
        final float[] rounded = new float[CHUNK];
        final MemorySegment out = Arena.ofAuto().allocate(CHUNK * 4L, 64);
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** Rounds chunk by chunk on all cores, into {@code dst} or (null) a per-thread scratch block. */
    private static Check run(Tensor src, DType target, MemorySegment dst) {
        long n = src.numel();
        int chunks = (int) ((n + CHUNK - 1) / CHUNK);
        long[][] counts = new long[chunks][];
        float[] maxAbs = new float[chunks];
        Parallel.forEach(chunks, c -> {
            Scratch s = SCRATCH.get();
            long start = (long) c * CHUNK;
            int len = (int) Math.min(CHUNK, n - start);
            MemorySegment out = dst != null ? dst : s.out;
            long at = dst != null ? start : 0;
            Convert.read(src.dtype(), src.data(), start, s.values, 0, len);
            Convert.write(target, s.values, 0, len, out, at);
            Convert.read(target, out, at, s.rounded, 0, len);
            counts[c] = count(s.values, s.rounded, len);
            maxAbs[c] = maxFinite(s.values, len);
        });
        long nonZero = 0;
        long overflow = 0;
        long underflow = 0;
        float max = 0;
        for (int c = 0; c < chunks; c++) {
            nonZero += counts[c][0];
            overflow += counts[c][1];
            underflow += counts[c][2];
            max = Math.max(max, maxAbs[c]);
        }
        return new Check(target, nonZero, overflow, underflow, max);
    }

    private static float maxFinite(float[] values, int len) {
        float m = 0;
        for (int i = 0; i < len; i++) {
            float a = Math.abs(values[i]);
            if (a > m && a != Float.POSITIVE_INFINITY) {
                m = a;
            }
        }
        return m;
    }

    /** {non-zero finite values, overflowed, lost to underflow}. */
    private static long[] count(float[] values, float[] rounded, int len) {
        long nonZero = 0;
        long overflow = 0;
        long underflow = 0;
        for (int i = 0; i < len; i++) {
            float x = values[i];
            if (x == 0 || !Float.isFinite(x)) {
                continue;
            }
            nonZero++;
            float r = rounded[i];
            if (Float.isInfinite(r)) {
                overflow++;
            } else if (Math.abs(r - x) > LOSS * Math.abs(x)) {
                underflow++;
            }
        }
        return new long[] {nonZero, overflow, underflow};
    }
}
