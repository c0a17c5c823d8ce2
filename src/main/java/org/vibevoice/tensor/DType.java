package org.vibevoice.tensor;

/** Element types of safetensors files, with their byte sizes and header names. */
public enum DType {
    F32(4), F16(2), BF16(2), I64(8), I32(4), U8(1), BOOL(1);

    private final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    public int bytes() {
        return bytes;
    }

    public boolean isFloat() {
        return this == F32 || this == F16 || this == BF16;
    }

    /** The safetensors header name, or null when the name is not one we read. */
    public static DType fromHeaderName(String name) {
        for (DType d : values()) {
            if (d.name().equals(name)) {
                return d;
            }
        }
        return null;
    }

    /** Parses a user-facing precision name (f32, f16, bf16), case-insensitively. */
    public static DType parsePrecision(String s) {
        return switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "f32", "float32", "fp32" -> F32;
            case "f16", "float16", "fp16", "half" -> F16;
            case "bf16", "bfloat16" -> BF16;
            default -> throw new IllegalArgumentException("unknown precision '" + s + "' (use f32, f16 or bf16)");
        };
    }
}
