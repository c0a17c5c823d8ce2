package org.vibevoice.golden;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntFunction;

/** What a kind runner computed for a case: float outputs and integer (or boolean) outputs by name. */
public final class CaseOutputs {
    private final Map<String, float[]> floats = new LinkedHashMap<>();
    private final Map<String, long[]> integers = new LinkedHashMap<>();
    private final Map<String, IntFunction<String>> explanations = new LinkedHashMap<>();

    public CaseOutputs put(String name, float[] values) {
        floats.put(name, values);
        return this;
    }

    public CaseOutputs put(String name, long[] values) {
        integers.put(name, values);
        return this;
    }

    public CaseOutputs put(String name, int[] values) {
        long[] l = new long[values.length];
        for (int i = 0; i < l.length; i++) {
            l[i] = values[i];
        }
        return put(name, l);
    }

    public CaseOutputs put(String name, boolean[] values) {
        long[] l = new long[values.length];
        for (int i = 0; i < l.length; i++) {
            l[i] = values[i] ? 1 : 0;
        }
        return put(name, l);
    }

    /** Rows of floats, concatenated in order (a [rows][…] output, or draws made one after another). */
    public CaseOutputs putRows(String name, java.util.List<float[]> rows) {
        return put(name, org.vibevoice.tensor.FloatArrays.concat(rows));
    }

    public CaseOutputs putRows(String name, int[][] rows) {
        return put(name, java.util.Arrays.stream(rows).flatMapToInt(java.util.Arrays::stream).toArray());
    }

    public CaseOutputs putRows(String name, boolean[][] rows) {
        int n = 0;
        for (boolean[] r : rows) {
            n += r.length;
        }
        boolean[] flat = new boolean[n];
        int at = 0;
        for (boolean[] r : rows) {
            System.arraycopy(r, 0, flat, at, r.length);
            at += r.length;
        }
        return put(name, flat);
    }

    /**
     * Attaches a diagnosis for when exact output {@code name} differs from the fixture: given the
     * first differing element, a short sentence on why (printed after the mismatch count).
     */
    public CaseOutputs explain(String name, IntFunction<String> firstMismatch) {
        explanations.put(name, firstMismatch);
        return this;
    }

    /** The diagnosis of exact output {@code name} differing first at {@code index}, or null. */
    public String explanation(String name, int index) {
        IntFunction<String> f = explanations.get(name);
        return f == null ? null : f.apply(index);
    }

    public float[] floats(String name) {
        return floats.get(name);
    }

    public long[] integers(String name) {
        return integers.get(name);
    }

    public boolean has(String name) {
        return floats.containsKey(name) || integers.containsKey(name);
    }
}
