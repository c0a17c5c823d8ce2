package org.vibevoice.golden;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vibevoice.VibeVoiceException;
import org.vibevoice.tensor.Tensor;

/**
 * One golden case file: {@code in.*} inputs, {@code out.*} expected outputs, the kind, the model it
 * was made with, kind-specific parameters, per-output absolute tolerances and the exact outputs.
 */
public record GoldenCase(String name, String kind, Path file, Path suiteDir, Map<String, String> metadata,
        Map<String, Tensor> tensors, Map<String, Double> tolerance, Set<String> exact) {

    public String modelName() {
        return metadata.get("model");
    }

    public Path modelDir() {
        String m = modelName();
        if (m == null) {
            throw new VibeVoiceException(file + ": metadata has no 'model'");
        }
        return suiteDir.resolve("models").resolve(m);
    }

    /** A path in metadata, relative to the fixture directory. */
    public Path resolve(String relative) {
        return suiteDir.resolve(relative);
    }

    public Tensor in(String name) {
        return tensor("in." + name);
    }

    public Tensor expected(String name) {
        return tensor("out." + name);
    }

    public boolean hasInput(String name) {
        return tensors.containsKey("in." + name);
    }

    private Tensor tensor(String key) {
        Tensor t = tensors.get(key);
        if (t == null) {
            throw new VibeVoiceException(file + ": tensor '" + key + "' is missing");
        }
        return t;
    }

    /** Names of the expected outputs, without the {@code out.} prefix. */
    public List<String> outputNames() {
        List<String> out = new ArrayList<>();
        for (String k : tensors.keySet()) {
            if (k.startsWith("out.")) {
                out.add(k.substring(4));
            }
        }
        return out;
    }

    public String meta(String key) {
        String v = metadata.get(key);
        if (v == null) {
            throw new VibeVoiceException(file + ": metadata has no '" + key + "'");
        }
        return v;
    }

    public double metaDouble(String key) {
        try {
            return Double.parseDouble(meta(key).strip());
        } catch (NumberFormatException e) {
            throw new VibeVoiceException(file + ": metadata '" + key + "' is not a number");
        }
    }

    public int metaInt(String key) {
        return (int) Math.round(metaDouble(key));
    }

    /** Metadata value parsed as JSON (lists and maps are stored as JSON strings). */
    public Object metaJson(String key) {
        try {
            return JSON.std.anyFrom(meta(key));
        } catch (IOException e) {
            throw new VibeVoiceException(file + ": metadata '" + key + "' is not JSON");
        }
    }

    static Map<String, Double> parseTolerance(Path file, String json) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (json == null || json.isBlank()) {
            return out;
        }
        try {
            for (Map.Entry<String, Object> e : JSON.std.mapFrom(json).entrySet()) {
                out.put(e.getKey(), ((Number) e.getValue()).doubleValue());
            }
        } catch (IOException | ClassCastException e) {
            throw new VibeVoiceException(file + ": metadata 'tolerance' is not a map of numbers");
        }
        return out;
    }

    static Set<String> parseExact(Path file, String json) {
        Set<String> out = new LinkedHashSet<>();
        if (json == null || json.isBlank()) {
            return out;
        }
        try {
            for (Object o : JSON.std.listFrom(json)) {
                out.add(String.valueOf(o));
            }
        } catch (IOException e) {
            throw new VibeVoiceException(file + ": metadata 'exact' is not a list");
        }
        return out;
    }
}
