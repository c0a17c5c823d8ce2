package org.vibevoice.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.math.BigDecimal;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Bulk conversions against references written from the definitions: each f16/bf16 value is computed
 * exactly (BigDecimal) from its bits, and rounding picks the nearer of the two neighbours of the exact
 * input, ties to the even bit pattern, with the first pattern past the largest finite value standing
 * for the next binade (so ties and overflow to ±∞ follow IEEE 754 round-to-nearest-even).
 */
class ConvertTest {
    private static final Arena ARENA = Arena.ofShared();
    private static final int F16_INF = 0x7C00;
    private static final int BF16_INF = 0x7F80;
    /** Exact values of the positive finite f16 patterns 0 … 0x7BFF, plus 2¹⁶ for the overflow pattern. */
    private static final BigDecimal[] F16_VALUES = new BigDecimal[F16_INF + 1];

    static {
        for (int h = 0; h < F16_INF; h++) {
            F16_VALUES[h] = f16Value(h);
        }
        F16_VALUES[F16_INF] = pow2(16);
    }

    @AfterAll
    static void close() {
        ARENA.close();
    }

    private static BigDecimal pow2(int e) {
        return new BigDecimal(Math.scalb(1.0, e));
    }

    /** The value of a positive finite f16 pattern: m·2⁻²⁴ when subnormal, (1024 + m)·2^(e−25) otherwise. */
    static BigDecimal f16Value(int h) {
        int e = (h >> 10) & 0x1F;
        int m = h & 0x3FF;
        return e == 0 ? BigDecimal.valueOf(m).multiply(pow2(-24)) : BigDecimal.valueOf(1024 + m).multiply(pow2(e - 25));
    }

    /** The value of a positive finite bf16 pattern (its bits are the top half of an f32), 2¹²⁸ for 0x7F80. */
    static BigDecimal bf16Value(int b) {
        return b == BF16_INF ? pow2(128) : new BigDecimal(Float.intBitsToFloat(b << 16));
    }

    /** Round-to-nearest-even of |value| among the patterns 0..maxPattern+1 (values increasing with the pattern). */
    private static int roundMagnitude(BigDecimal a, int maxPattern, java.util.function.IntFunction<BigDecimal> value) {
        int lo = 0;
        int hi = maxPattern + 1;
        if (a.compareTo(value.apply(hi)) >= 0) {
            return hi;
        }
        while (hi - lo > 1) { // invariant: value(lo) ≤ a < value(hi)
            int mid = (lo + hi) >>> 1;
            if (value.apply(mid).compareTo(a) <= 0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        int c = a.subtract(value.apply(lo)).compareTo(value.apply(hi).subtract(a));
        return c < 0 ? lo : c > 0 ? hi : (lo % 2 == 0 ? lo : hi);
    }

    static short referenceF16(float f) {
        int sign = Float.floatToRawIntBits(f) < 0 ? 0x8000 : 0;
        if (Float.isInfinite(f)) {
            return (short) (sign | F16_INF);
        }
        return (short) (sign | roundMagnitude(new BigDecimal(Math.abs(f)), F16_INF - 1, h -> F16_VALUES[h]));
    }

    static short referenceBf16(float f) {
        int sign = Float.floatToRawIntBits(f) < 0 ? 0x8000 : 0;
        if (Float.isInfinite(f)) {
            return (short) (sign | BF16_INF);
        }
        return (short) (sign | roundMagnitude(new BigDecimal(Math.abs(f)), BF16_INF - 1, ConvertTest::bf16Value));
    }

    private static float[] bulkRoundTrip(DType dtype, float[] in, short[] bitsOut) {
        MemorySegment seg = ARENA.allocate(2L * in.length + 2, 64);
        Convert.write(dtype, in, 0, in.length, seg, 1);
        for (int i = 0; i < in.length; i++) {
            bitsOut[i] = seg.getAtIndex(Tensor.I16, 1 + i);
        }
        float[] back = new float[in.length + 1];
        Convert.read(dtype, seg, 1, back, 1, in.length);
        return java.util.Arrays.copyOfRange(back, 1, back.length);
    }

    @Test
    void everyF16PatternDecodesExactlyAndRoundTrips() {
        short[] all = new short[65536];
        for (int i = 0; i < 65536; i++) {
            all[i] = (short) i;
        }
        MemorySegment seg = ARENA.allocate(2 * 65536, 64);
        MemorySegment.copy(all, 0, seg, Tensor.I16, 0, 65536);
        float[] decoded = new float[65536];
        Convert.read(DType.F16, seg, 0, decoded, 0, 65536);
        short[] back = new short[65536];
        float[] again = bulkRoundTrip(DType.F16, decoded, back);
        for (int h = 0; h < 65536; h++) {
            int mag = h & 0x7FFF;
            boolean negative = (h & 0x8000) != 0;
            float f = decoded[h];
            if (mag > F16_INF) {
                assertThat(f).as("pattern %04x", h).isNaN();
                assertThat(back[h] & 0x7FFF).as("pattern %04x back", h).isGreaterThan(F16_INF);
                assertThat(back[h] & 0x8000).isEqualTo(h & 0x8000);
                continue;
            }
            if (mag == F16_INF) {
                assertThat(f).isEqualTo(negative ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY);
            } else {
                assertThat(new BigDecimal(Math.abs(f))).as("pattern %04x", h).isEqualByComparingTo(F16_VALUES[mag]);
                assertThat(Float.floatToRawIntBits(f) < 0).as("sign of %04x", h).isEqualTo(negative);
            }
            assertThat(back[h]).as("round trip of %04x", h).isEqualTo((short) h);
            assertThat(Float.floatToRawIntBits(again[h])).isEqualTo(Float.floatToRawIntBits(f));
            assertThat(Half.f16ToFloat((short) h)).isEqualTo(f);
        }
    }

    @Test
    void everyBf16PatternRoundTrips() {
        float[] values = new float[65536];
        for (int b = 0; b < 65536; b++) {
            values[b] = Float.intBitsToFloat(b << 16);
        }
        short[] bits = new short[65536];
        float[] back = bulkRoundTrip(DType.BF16, values, bits);
        for (int b = 0; b < 65536; b++) {
            if (Float.isNaN(values[b])) {
                assertThat(back[b]).isNaN();
                assertThat(bits[b] & 0x8000).isEqualTo(b & 0x8000);
            } else {
                assertThat(bits[b]).as("pattern %04x", b).isEqualTo((short) b);
                assertThat(Float.floatToRawIntBits(back[b])).isEqualTo(b << 16);
            }
        }
    }

    /** Both f32 → half conversions on the exact f16 values, the ties between them, and their neighbours. */
    private static float[] structuredInputs(int maxPattern, java.util.function.IntFunction<BigDecimal> value, int step) {
        java.util.List<Float> v = new java.util.ArrayList<>();
        for (int h = 0; h <= maxPattern; h += step) {
            float x = value.apply(h).floatValue();
            float mid = value.apply(h).add(value.apply(h + 1)).divide(BigDecimal.valueOf(2)).floatValue();
            for (float y : new float[] {x, Math.nextUp(x), Math.nextDown(x), mid, Math.nextUp(mid), Math.nextDown(mid)}) {
                if (y >= 0 && !Float.isInfinite(y)) {
                    v.add(y);
                    v.add(-y);
                }
            }
        }
        for (float y : new float[] {0f, Float.MIN_VALUE, Float.MIN_NORMAL, 0x1p-25f, Math.nextUp(0x1p-25f), Math.nextDown(0x1p-25f),
                65504f, 65519.996f, 65520f, 65536f, 1e5f, 3.3895314e38f, Float.MAX_VALUE, Math.nextDown(Float.MAX_VALUE)}) {
            v.add(y);
            v.add(-y);
        }
        float[] out = new float[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = v.get(i);
        }
        return out;
    }

    private static float[] randomBitPatterns(int n, long seed) {
        Random rnd = new Random(seed);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = Float.intBitsToFloat(rnd.nextInt());
        }
        return out;
    }

    @Test
    void f32ToF16RoundsToNearestEven() {
        float[] structured = structuredInputs(F16_INF - 1, h -> F16_VALUES[h], 1);
        float[] random = randomBitPatterns(60_000, 1);
        // random values within and around the f16 range, where rounding actually happens
        float[] near = new float[60_000];
        Random rnd = new Random(2);
        for (int i = 0; i < near.length; i++) {
            near[i] = (float) (Math.scalb(rnd.nextDouble(), rnd.nextInt(50) - 30) * (rnd.nextBoolean() ? 1 : -1));
        }
        for (float[] inputs : new float[][] {structured, random, near}) {
            short[] bits = new short[inputs.length];
            bulkRoundTrip(DType.F16, inputs, bits);
            for (int i = 0; i < inputs.length; i++) {
                float f = inputs[i];
                if (Float.isNaN(f)) {
                    assertThat(bits[i] & 0x7FFF).as("NaN %08x", Float.floatToRawIntBits(f)).isGreaterThan(F16_INF);
                    continue;
                }
                short want = referenceF16(f);
                assertThat(bits[i]).as("f16 of %s (%08x)", f, Float.floatToRawIntBits(f)).isEqualTo(want);
                assertThat(Half.floatToF16(f)).isEqualTo(want);
            }
        }
    }

    @Test
    void f32ToBf16RoundsToNearestEvenAndKeepsNaN() {
        float[] structured = structuredInputs(BF16_INF - 1, ConvertTest::bf16Value, 7);
        float[] random = randomBitPatterns(60_000, 3);
        float[] nans = {Float.intBitsToFloat(0x7F800001), Float.intBitsToFloat(0xFF800001), Float.intBitsToFloat(0x7FC00000),
            Float.intBitsToFloat(0x7F80FFFF), Float.intBitsToFloat(0xFFFFFFFF), Float.intBitsToFloat(0x7FBFFFFF)};
        for (float[] inputs : new float[][] {structured, random, nans}) {
            short[] bits = new short[inputs.length];
            bulkRoundTrip(DType.BF16, inputs, bits);
            for (int i = 0; i < inputs.length; i++) {
                float f = inputs[i];
                int raw = Float.floatToRawIntBits(f);
                if (Float.isNaN(f)) {
                    assertThat(bits[i] & 0x7FFF).as("NaN %08x", raw).isGreaterThan(BF16_INF);
                    assertThat(bits[i] & 0x8000).as("NaN sign %08x", raw).isEqualTo((raw >>> 16) & 0x8000);
                    assertThat(Half.floatToBf16(f)).isEqualTo(bits[i]);
                    continue;
                }
                short want = referenceBf16(f);
                assertThat(bits[i]).as("bf16 of %s (%08x)", f, raw).isEqualTo(want);
                assertThat(Half.floatToBf16(f)).isEqualTo(want);
            }
        }
    }

    @Test
    void copyBetweenDtypesMatchesElementwiseConversion() {
        int n = (1 << 18) * 2 + 12345; // several parallel chunks and a ragged end
        Random rnd = new Random(4);
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) (rnd.nextGaussian() * Math.scalb(1.0, rnd.nextInt(40) - 20));
        }
        MemorySegment f32 = ARENA.allocate(4L * n, 64);
        MemorySegment.copy(values, 0, f32, Tensor.F32, 0, n);
        MemorySegment f16 = ARENA.allocate(2L * n, 64);
        MemorySegment bf16 = ARENA.allocate(2L * n, 64);
        MemorySegment back = ARENA.allocate(2L * n, 64);
        Convert.copy(DType.F32, f32, DType.F16, f16, n);
        Convert.copy(DType.F32, f32, DType.BF16, bf16, n);
        Convert.copy(DType.F16, f16, DType.BF16, back, n);
        for (int i = 0; i < n; i++) {
            short h = Half.floatToF16(values[i]);
            assertThat(f16.getAtIndex(Tensor.I16, i)).isEqualTo(h);
            assertThat(bf16.getAtIndex(Tensor.I16, i)).isEqualTo(Half.floatToBf16(values[i]));
            assertThat(back.getAtIndex(Tensor.I16, i)).isEqualTo(Half.floatToBf16(Half.f16ToFloat(h)));
        }
    }
}
