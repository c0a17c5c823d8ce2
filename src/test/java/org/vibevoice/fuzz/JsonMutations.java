package org.vibevoice.fuzz;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.quicktheories.core.Gen;

/**
 * Structure-aware mutation of valid JSON seeds: values replaced by boundary numbers (negative,
 * 2^31, 2^63, 10^40, tiny and huge doubles), wrong types, long strings and big lists; keys deleted,
 * added, or given another key's value. Then, sometimes, text-level damage a serializer never
 * writes: NaN and Infinity literals, 10^99999, leading zeros, deep nesting, and byte havoc.
 */
public final class JsonMutations {
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][+-]?\\d+)?");
    private static final String[] LITERALS = {"NaN", "Infinity", "-Infinity", "1e99999", "-1e99999", "-0", "007",
        "1.", ".5", "0x10", "99999999999999999999999999999", "2147483648", "-2147483649", "9223372036854775808",
        "1e-400", "null", "true", "\"7\"", "[]", "{}"};

    private JsonMutations() {
    }

    /** Mutants of the seeds (each a JSON text). */
    public static Gen<byte[]> of(List<String> seeds) {
        return Inputs.random(r -> mutate(r, seeds));
    }

    /** One mutant of one of the seeds. */
    public static byte[] mutate(Random r, List<String> seeds) {
        String seed = seeds.get(r.nextInt(seeds.size()));
        List<byte[]> rawSeeds = seeds.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
        Object tree = copy(parse(seed));
        // half the mutants differ by one change, so that many get past the first check
        int n = r.nextBoolean() ? 1 : 2 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
            tree = mutateTree(r, tree);
        }
        String text;
        try {
            text = JSON.std.asString(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        switch (r.nextInt(9)) {
            case 0 -> text = replaceNumber(r, text);
            case 1 -> text = nest(r, text);
            case 2 -> {
                return Mutations.havoc(r, text.getBytes(StandardCharsets.UTF_8), rawSeeds);
            }
            default -> {
            }
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static Object parse(String json) {
        try {
            return JSON.std.anyFrom(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A mutable deep copy (the parser's collections may not be). */
    private static Object copy(Object o) {
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), copy(v)));
            return out;
        }
        if (o instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(v -> out.add(copy(v)));
            return out;
        }
        return o;
    }

    /** A slot of a container: the map and key, or the list and index. */
    private record Slot(Object container, Object key) {
        Object get() {
            return container instanceof Map<?, ?> m ? m.get(key) : ((List<?>) container).get((Integer) key);
        }

        @SuppressWarnings("unchecked")
        void set(Object v) {
            if (container instanceof Map<?, ?> m) {
                ((Map<String, Object>) m).put((String) key, v);
            } else {
                ((List<Object>) container).set((Integer) key, v);
            }
        }

        void remove() {
            if (container instanceof Map<?, ?> m) {
                m.remove(key);
            } else {
                ((List<?>) container).remove((int) (Integer) key);
            }
        }
    }

    private static void slots(Object o, List<Slot> out) {
        if (o instanceof Map<?, ?> m) {
            for (Object k : new ArrayList<>(m.keySet())) {
                out.add(new Slot(m, k));
                slots(m.get(k), out);
            }
        } else if (o instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                out.add(new Slot(l, i));
                slots(l.get(i), out);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Object mutateTree(Random r, Object tree) {
        List<Slot> all = new ArrayList<>();
        slots(tree, all);
        if (all.isEmpty() || r.nextInt(40) == 0) {
            return interesting(r);
        }
        Slot s = all.get(r.nextInt(all.size()));
        switch (r.nextInt(7)) {
            case 0, 1 -> s.set(interesting(r));
            case 2 -> s.set(tweak(r, s.get()));
            case 3 -> s.remove();
            case 4 -> s.set(copy(all.get(r.nextInt(all.size())).get()));
            case 5 -> {
                if (s.container instanceof Map<?, ?> m) {
                    ((Map<String, Object>) m).put("k" + r.nextInt(100), interesting(r));
                } else {
                    ((List<Object>) s.container).add(copy(s.get()));
                }
            }
            default -> s.set(new ArrayList<>(java.util.Collections.singletonList(copy(s.get()))));
        }
        return tree;
    }

    private static Object tweak(Random r, Object v) {
        if (!(v instanceof Number n)) {
            return interesting(r);
        }
        long x = n.longValue();
        return switch (r.nextInt(6)) {
            case 0 -> x + 1;
            case 1 -> x - 1;
            case 2 -> -x;
            case 3 -> x * 1_000_000L;
            case 4 -> x + (1L << 32);
            default -> n.doubleValue() + 0.5;
        };
    }

    private static Object interesting(Random r) {
        return switch (r.nextInt(24)) {
            case 0 -> 0;
            case 1 -> -1;
            case 2 -> 1;
            case 3 -> Integer.MAX_VALUE;
            case 4 -> Integer.MIN_VALUE;
            case 5 -> 1L << 31;
            case 6 -> Long.MAX_VALUE;
            case 7 -> Long.MIN_VALUE;
            case 8 -> new BigInteger("1" + "0".repeat(40));
            case 9 -> 1e308;
            case 10 -> -0.0;
            case 11 -> 0.5;
            case 12 -> Double.MIN_VALUE;
            case 13 -> "";
            case 14 -> "x".repeat(1 + r.nextInt(20_000));
            case 15 -> "\u0000\n\"\\\ud800";
            case 16 -> r.nextBoolean();
            case 17 -> null;
            case 18 -> new ArrayList<>();
            case 19 -> new LinkedHashMap<>();
            case 20 -> {
                List<Object> l = new ArrayList<>();
                int n = r.nextInt(3000);
                for (int i = 0; i < n; i++) {
                    l.add(r.nextInt(10));
                }
                yield l;
            }
            case 21 -> "12";
            case 22 -> copy(Map.of("a", List.of(1, 2)));
            default -> r.nextLong();
        };
    }

    private static String replaceNumber(Random r, String text) {
        List<int[]> spans = new ArrayList<>();
        Matcher m = NUMBER.matcher(text);
        while (m.find()) {
            spans.add(new int[] {m.start(), m.end()});
        }
        if (spans.isEmpty()) {
            return text;
        }
        int[] s = spans.get(r.nextInt(spans.size()));
        return text.substring(0, s[0]) + LITERALS[r.nextInt(LITERALS.length)] + text.substring(s[1]);
    }

    /** Arrays (or objects) nested a few to many thousand deep in place of a value. */
    private static String nest(Random r, String text) {
        int colon = text.indexOf(':', r.nextInt(Math.max(1, text.length())));
        if (colon < 0) {
            return text;
        }
        int depth = 1 + r.nextInt(r.nextBoolean() ? 50 : 20_000);
        boolean arrays = r.nextBoolean();
        String open = arrays ? "[" : "{\"a\":";
        String close = arrays ? "]" : "}";
        return text.substring(0, colon + 1) + open.repeat(depth) + "1" + close.repeat(depth) + ","
                + "\"after\":" + text.substring(colon + 1);
    }
}
