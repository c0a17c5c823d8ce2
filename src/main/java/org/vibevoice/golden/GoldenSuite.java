package org.vibevoice.golden;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.vibevoice.VibeVoiceException;
import org.vibevoice.safetensors.SafetensorsFile;

/**
 * A fixture directory in the format of the golden README: {@code manifest.json} listing the cases
 * (or, without a manifest, every {@code cases/*.safetensors}), models and data beside it.
 */
public final class GoldenSuite implements AutoCloseable {
    private final Path dir;
    private final List<Entry> entries;
    private final Arena arena = Arena.ofShared();

    /** A listed case before its tensors are read. */
    public record Entry(String name, String kind, Path file, Map<String, Double> tolerance, Set<String> exact) {
    }

    private GoldenSuite(Path dir, List<Entry> entries) {
        this.dir = dir;
        this.entries = entries;
    }

    public static GoldenSuite open(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new VibeVoiceException(dir + ": not a fixture directory");
        }
        Path manifest = dir.resolve("manifest.json");
        return new GoldenSuite(dir, Files.isRegularFile(manifest) ? fromManifest(dir, manifest) : scan(dir));
    }

    private static List<Entry> fromManifest(Path dir, Path manifest) {
        Map<String, Object> json;
        try {
            json = JSON.std.mapFrom(Files.readString(manifest));
        } catch (IOException | RuntimeException e) {
            throw new VibeVoiceException(manifest + ": not well-formed JSON");
        }
        if (!(json.get("cases") instanceof List<?> cases)) {
            throw new VibeVoiceException(manifest + ": no 'cases' list");
        }
        List<Entry> out = new ArrayList<>();
        for (Object o : cases) {
            if (!(o instanceof Map<?, ?> c) || !(c.get("file") instanceof String file)) {
                throw new VibeVoiceException(manifest + ": a case without 'file'");
            }
            Map<String, Double> tol = new LinkedHashMap<>();
            if (c.get("tolerance_max_abs") instanceof Map<?, ?> t) {
                for (Map.Entry<?, ?> e : t.entrySet()) {
                    tol.put(String.valueOf(e.getKey()), ((Number) e.getValue()).doubleValue());
                }
            }
            Set<String> exact = new LinkedHashSet<>();
            if (c.get("exact") instanceof List<?> ex) {
                ex.forEach(x -> exact.add(String.valueOf(x)));
            }
            String name = c.get("name") instanceof String n ? n : Path.of(file).getFileName().toString();
            String kind = c.get("kind") instanceof String k ? k : null;
            out.add(new Entry(name, kind, dir.resolve(file), tol, exact));
        }
        return out;
    }

    private static List<Entry> scan(Path dir) {
        try (Stream<Path> s = Files.list(dir.resolve("cases"))) {
            return s.filter(p -> p.toString().endsWith(".safetensors")).sorted()
                    .map(p -> new Entry(p.getFileName().toString().replace(".safetensors", ""), null, p,
                            Map.of(), Set.of()))
                    .toList();
        } catch (IOException e) {
            throw new VibeVoiceException(dir + ": no manifest.json and no readable cases/ directory");
        }
    }

    public Path dir() {
        return dir;
    }

    public List<Entry> entries() {
        return entries;
    }

    /** Reads one case; tolerances and exact lists come from the case file, else from the manifest. */
    public GoldenCase load(Entry e) {
        SafetensorsFile f = SafetensorsFile.open(e.file(), arena);
        Map<String, String> meta = f.metadata();
        String kind = meta.getOrDefault("kind", e.kind());
        if (kind == null) {
            throw new VibeVoiceException(e.file() + ": no 'kind' in metadata");
        }
        Map<String, Double> tol = GoldenCase.parseTolerance(e.file(), meta.get("tolerance"));
        if (tol.isEmpty()) {
            tol = e.tolerance();
        }
        Set<String> exact = GoldenCase.parseExact(e.file(), meta.get("exact"));
        if (exact.isEmpty()) {
            exact = e.exact();
        }
        return new GoldenCase(e.name(), kind, e.file(), dir, meta, f.tensors(), tol, exact);
    }

    /** The kind of a listed case, reading the file when the manifest does not say. */
    public String kindOf(Entry e) {
        if (e.kind() != null) {
            return e.kind();
        }
        return load(e).kind();
    }

    @Override
    public void close() {
        arena.close();
    }
}
