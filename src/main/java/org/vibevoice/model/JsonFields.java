package org.vibevoice.model;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.vibevoice.VibeVoiceException;

/** Typed access to a JSON object read from a file; a missing or mistyped key names file and key. */
public final class JsonFields {
    private final Path file;
    private final String prefix;
    private final Map<String, Object> map;

    private JsonFields(Path file, String prefix, Map<String, Object> map) {
        this.file = file;
        this.prefix = prefix;
        this.map = map;
    }

    public static JsonFields read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new VibeVoiceException(file + ": cannot read: " + e.getMessage());
        }
        Object parsed;
        try {
            parsed = JSON.std.anyFrom(text);
        } catch (IOException | RuntimeException e) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            throw new VibeVoiceException(file + ": not well-formed JSON: " + msg);
        }
        if (!(parsed instanceof Map<?, ?> m)) {
            throw new VibeVoiceException(file + ": top level is not a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) m;
        return new JsonFields(file, "", map);
    }

    public Path file() {
        return file;
    }

    public boolean has(String key) {
        return map.containsKey(key) && map.get(key) != null;
    }

    /** The error for a key whose value breaks a rule of its own: names the file and the full key. */
    public VibeVoiceException error(String key, String problem) {
        return new VibeVoiceException(file + ": key '" + prefix + key + "' " + problem);
    }

    private Object required(String key) {
        if (!map.containsKey(key)) {
            throw error(key, "is missing");
        }
        return map.get(key);
    }

    public JsonFields object(String key) {
        if (!(required(key) instanceof Map<?, ?> m)) {
            throw error(key, "is not an object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> child = (Map<String, Object>) m;
        return new JsonFields(file, prefix + key + ".", child);
    }

    /** A whole number from 1 to 2^31 − 1: every integer of these configs is a size, a count or a rate. */
    public int getPositiveInt(String key) {
        return positive(key, required(key));
    }

    public int getPositiveInt(String key, int dflt) {
        return has(key) ? getPositiveInt(key) : dflt;
    }

    private int positive(String key, Object v) {
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw error(key, "is not an integer");
        }
        if (!(n.doubleValue() >= 1 && n.doubleValue() <= Integer.MAX_VALUE)) {
            throw error(key, "is " + n + "; it must be a positive integer below 2^31");
        }
        return n.intValue();
    }

    public double getDouble(String key) {
        if (!(required(key) instanceof Number n)) {
            throw error(key, "is not a number");
        }
        return n.doubleValue();
    }

    public double getDouble(String key, double dflt) {
        return has(key) ? getDouble(key) : dflt;
    }

    public boolean getBoolean(String key, boolean dflt) {
        if (!has(key)) {
            return dflt;
        }
        if (!(map.get(key) instanceof Boolean b)) {
            throw error(key, "is not true or false");
        }
        return b;
    }

    public String getString(String key) {
        if (!(required(key) instanceof String s)) {
            throw error(key, "is not a string");
        }
        return s;
    }

    public String getString(String key, String dflt) {
        return has(key) ? getString(key) : dflt;
    }

    /** A list of positive integers (see {@link #getPositiveInt}). */
    public int[] getPositiveInts(String key) {
        if (!(required(key) instanceof List<?> list)) {
            throw error(key, "is not a list");
        }
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = positive(key, list.get(i));
        }
        return out;
    }

    /** Positive ints as a list, or a dash-separated string such as "3-3-3-3-3-3-8"; null when absent or null. */
    public int[] getPositiveIntsOrDashed(String key) {
        if (!has(key)) {
            return null;
        }
        if (map.get(key) instanceof String s) {
            List<Integer> parts = new ArrayList<>();
            try {
                for (String p : s.split("-")) {
                    parts.add(positive(key, Integer.parseInt(p.trim())));
                }
            } catch (NumberFormatException e) {
                throw error(key, "is not a dash-separated list of integers");
            }
            return parts.stream().mapToInt(Integer::intValue).toArray();
        }
        return getPositiveInts(key);
    }
}
