package org.vibevoice.tensor;

/**
 * Scalar conversions between f32, f16 and bf16, all rounding to nearest even and correct for
 * infinities, NaN, subnormals and overflow. f16 uses the JDK intrinsics (F16C); bf16 is a bit trick.
 */
public final class Half {
    private Half() {
    }

    public static float f16ToFloat(short h) {
        return Float.float16ToFloat(h);
    }

    public static short floatToF16(float f) {
        return Float.floatToFloat16(f);
    }

    public static float bf16ToFloat(short b) {
        return Float.intBitsToFloat((b & 0xFFFF) << 16);
    }

    public static short floatToBf16(float f) {
        int bits = Float.floatToRawIntBits(f);
        if ((bits & 0x7FFFFFFF) > 0x7F800000) {
            // NaN: keep the sign and force a quiet-NaN payload that survives truncation
            return (short) ((bits >>> 16) | 0x0040);
        }
        int lsb = (bits >>> 16) & 1;
        int rounded = bits + 0x7FFF + lsb;
        return (short) (rounded >>> 16);
    }

    public static short f16ToBf16(short h) {
        return floatToBf16(f16ToFloat(h));
    }

    public static short bf16ToF16(short b) {
        return floatToF16(bf16ToFloat(b));
    }

    /** Rounds a float to the nearest value representable in the given dtype (identity for f32). */
    public static float roundTo(DType dtype, float f) {
        return switch (dtype) {
            case F16 -> f16ToFloat(floatToF16(f));
            case BF16 -> bf16ToFloat(floatToBf16(f));
            default -> f;
        };
    }
}
