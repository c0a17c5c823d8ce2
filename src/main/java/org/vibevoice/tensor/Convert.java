package org.vibevoice.tensor;

import java.lang.foreign.MemorySegment;

/** Bulk dtype conversion between segments, element by element with round-to-nearest-even. */
public final class Convert {
    private Convert() {
    }

    public static void copy(DType from, MemorySegment src, DType to, MemorySegment dst, long n) {
        if (from == to) {
            MemorySegment.copy(src, 0, dst, 0, n * from.bytes());
            return;
        }
        float[] buf = new float[(int) Math.min(n, 1 << 16)];
        for (long start = 0; start < n; start += buf.length) {
            int len = (int) Math.min(buf.length, n - start);
            read(from, src, start, buf, 0, len);
            write(to, buf, len, dst, start);
        }
    }

    /** Reads {@code len} elements starting at element {@code start} into {@code out[outOff..]}. */
    public static void read(DType from, MemorySegment src, long start, float[] out, int outOff, int len) {
        switch (from) {
            case F32 -> MemorySegment.copy(src, Tensor.F32, start * 4, out, outOff, len);
            case F16 -> {
                for (int i = 0; i < len; i++) {
                    out[outOff + i] = Float.float16ToFloat(src.getAtIndex(Tensor.I16, start + i));
                }
            }
            case BF16 -> {
                for (int i = 0; i < len; i++) {
                    out[outOff + i] = Float.intBitsToFloat((src.getAtIndex(Tensor.I16, start + i) & 0xFFFF) << 16);
                }
            }
            default -> throw new IllegalArgumentException("not a float dtype: " + from);
        }
    }

    /** Writes {@code len} floats into {@code dst} starting at element {@code start}. */
    public static void write(DType to, float[] in, int len, MemorySegment dst, long start) {
        switch (to) {
            case F32 -> MemorySegment.copy(in, 0, dst, Tensor.F32, start * 4, len);
            case F16 -> {
                for (int i = 0; i < len; i++) {
                    dst.setAtIndex(Tensor.I16, start + i, Float.floatToFloat16(in[i]));
                }
            }
            case BF16 -> {
                for (int i = 0; i < len; i++) {
                    dst.setAtIndex(Tensor.I16, start + i, Half.floatToBf16(in[i]));
                }
            }
            default -> throw new IllegalArgumentException("not a float dtype: " + to);
        }
    }
}
