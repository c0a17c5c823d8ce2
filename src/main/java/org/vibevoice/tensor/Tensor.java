package org.vibevoice.tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A named, typed, shaped view on little-endian tensor bytes (usually a slice of a memory-mapped
 * safetensors file). Never copies unless asked to.
 */
public record Tensor(String name, DType dtype, long[] shape, MemorySegment data) {
    public static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    public static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    public static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    public static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    public Tensor {
        shape = shape.clone();
        long expected = numel(shape) * dtype.bytes();
        if (data.byteSize() != expected) {
            throw new IllegalArgumentException(name + ": " + data.byteSize() + " bytes for " + dtype + Arrays.toString(shape));
        }
    }

    public static long numel(long[] shape) {
        long n = 1;
        for (long s : shape) {
            n = Math.multiplyExact(n, s);
        }
        return n;
    }

    public long numel() {
        return numel(shape);
    }

    public int rank() {
        return shape.length;
    }

    public int dim(int i) {
        return Math.toIntExact(shape[i < 0 ? shape.length + i : i]);
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public String shapeString() {
        return Arrays.toString(shape);
    }

    /** Element i (row-major) as a float, whatever the floating dtype. */
    public float getFloat(long i) {
        return switch (dtype) {
            case F32 -> data.getAtIndex(F32, i);
            case F16 -> Half.f16ToFloat(data.getAtIndex(I16, i));
            case BF16 -> Half.bf16ToFloat(data.getAtIndex(I16, i));
            case I64 -> data.getAtIndex(I64, i);
            case I32 -> data.getAtIndex(I32, i);
            case U8, BOOL -> data.get(ValueLayout.JAVA_BYTE, i) & 0xFF;
        };
    }

    public long getLong(long i) {
        return switch (dtype) {
            case I64 -> data.getAtIndex(I64, i);
            case I32 -> data.getAtIndex(I32, i);
            case U8, BOOL -> data.get(ValueLayout.JAVA_BYTE, i) & 0xFF;
            default -> throw new IllegalStateException(name + " is " + dtype + ", not an integer tensor");
        };
    }

    public float[] toFloats() {
        int n = Math.toIntExact(numel());
        float[] out = new float[n];
        if (dtype.isFloat()) {
            Convert.read(dtype, data, 0, out, 0, n);
        } else {
            for (int i = 0; i < n; i++) {
                out[i] = getFloat(i);
            }
        }
        return out;
    }

    public long[] toLongs() {
        int n = Math.toIntExact(numel());
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = getLong(i);
        }
        return out;
    }

    public int[] toInts() {
        long[] l = toLongs();
        int[] out = new int[l.length];
        for (int i = 0; i < l.length; i++) {
            out[i] = Math.toIntExact(l[i]);
        }
        return out;
    }

    public boolean[] toBooleans() {
        long[] l = toLongs();
        boolean[] out = new boolean[l.length];
        for (int i = 0; i < l.length; i++) {
            out[i] = l[i] != 0;
        }
        return out;
    }

    public byte[] toBytes() {
        return data.toArray(ValueLayout.JAVA_BYTE);
    }

    /** A view with another shape of the same element count. */
    public Tensor reshape(long... newShape) {
        return new Tensor(name, dtype, newShape, data);
    }

    /** A copy converted to {@code target}, in native memory of the given arena. */
    public Tensor convertTo(DType target, Arena arena) {
        if (!dtype.isFloat() || !target.isFloat()) {
            throw new IllegalArgumentException(name + ": cannot convert " + dtype + " to " + target);
        }
        long n = numel();
        MemorySegment out = arena.allocate(n * target.bytes(), 64);
        Convert.copy(dtype, data, target, out, n);
        return new Tensor(name, target, shape, out);
    }

    /** A new F32 tensor holding {@code values} in native memory. */
    public static Tensor ofFloats(String name, float[] values, Arena arena, long... shape) {
        MemorySegment seg = arena.allocate((long) values.length * 4, 64);
        MemorySegment.copy(values, 0, seg, F32, 0, values.length);
        return new Tensor(name, DType.F32, shape, seg);
    }
}
