package org.vibevoice.golden;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.vibevoice.tensor.DType;

/**
 * Shared state of one verification run: the weight precision asked for ({@code null} = as stored)
 * and a cache so that a model loaded for one case serves the next.
 */
public final class GoldenContext implements AutoCloseable {
    private final DType dtype;
    private final Map<String, Object> cache = new HashMap<>();

    public GoldenContext(DType dtype) {
        this.dtype = dtype;
    }

    /** Weight precision for this run, or null to keep each tensor as stored. */
    public DType dtype() {
        return dtype;
    }

    @SuppressWarnings("unchecked")
    public <T> T cached(String key, Supplier<T> make) {
        Object v = cache.get(key);
        if (v == null) {
            v = make.get();
            cache.put(key, v);
        }
        return (T) v;
    }

    @Override
    public void close() throws Exception {
        for (Object v : cache.values()) {
            if (v instanceof AutoCloseable c) {
                c.close();
            }
        }
        cache.clear();
    }
}
