package org.vibevoice.golden;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.vibevoice.model.LoadOptions;
import org.vibevoice.tensor.DType;

/**
 * Shared state of one verification run: the weight precision the outputs are judged at
 * ({@code null} or F32 = the fixtures' own tolerances), how models are loaded, which checkpoint
 * serves a case's model, and a cache so that a model loaded for one case serves the next.
 */
public final class GoldenContext implements AutoCloseable {
    private final DType dtype;
    private final LoadOptions load;
    private final UnaryOperator<Path> models;
    private final Map<String, Object> cache = new HashMap<>();

    /** Weights converted to {@code dtype} at load (null or F32: as stored), judged at that precision. */
    public GoldenContext(DType dtype) {
        this(dtype, LoadOptions.of(dtype == DType.F32 ? null : dtype), UnaryOperator.identity());
    }

    /**
     * Outputs judged at {@code dtype}; models loaded with {@code load} from {@code models.apply(the
     * case's model directory)} (e.g. a converted checkpoint of it).
     */
    public GoldenContext(DType dtype, LoadOptions load, UnaryOperator<Path> models) {
        this.dtype = dtype;
        this.load = load;
        this.models = models;
    }

    /** Weight precision the outputs are judged at, or null for the fixtures' tolerances. */
    public DType dtype() {
        return dtype;
    }

    public LoadOptions loadOptions() {
        return load;
    }

    /** The checkpoint to load for a case whose model is {@code caseModelDir}. */
    public Path modelDir(Path caseModelDir) {
        return models.apply(caseModelDir);
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
