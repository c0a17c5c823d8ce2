package org.vibevoice.model;

import org.vibevoice.tensor.DType;

/**
 * How a model is loaded: the weights' {@link PrecisionPolicy} and the element type of the LM's KV
 * cache (f32, or f16 to halve it for long scripts).
 */
public record LoadOptions(PrecisionPolicy precision, DType kvCache) {
    public static final LoadOptions DEFAULTS = new LoadOptions(PrecisionPolicy.AS_STORED, DType.F32);

    public LoadOptions {
        if (kvCache != DType.F32 && kvCache != DType.F16) {
            throw new IllegalArgumentException("the KV cache holds f32 or f16, not " + kvCache);
        }
    }

    /** Weights in {@code dtype} (null: as stored), f32 KV cache. */
    public static LoadOptions of(DType dtype) {
        return new LoadOptions(PrecisionPolicy.of(dtype), DType.F32);
    }

    public LoadOptions withPrecision(PrecisionPolicy p) {
        return new LoadOptions(p, kvCache);
    }

    public LoadOptions withKvCache(DType d) {
        return new LoadOptions(precision, d);
    }
}
