package org.vibevoice.safetensors;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vibevoice.tensor.Tensor;

/**
 * The tensors of a checkpoint: a directory with {@code model.safetensors.index.json} and shards, a
 * directory with a single {@code model.safetensors}, or one {@code .safetensors} file. Every file is
 * memory-mapped in one shared arena that {@link #close()} releases.
 */
public final class Checkpoint implements AutoCloseable {
    public static final String INDEX = "model.safetensors.index.json";
    public static final String SINGLE = "model.safetensors";

    private final Path location;
    private final Arena arena;
    private final Map<String, Tensor> tensors;
    private final List<SafetensorsFile> files;

    private Checkpoint(Path location, Arena arena, Map<String, Tensor> tensors, List<SafetensorsFile> files) {
        this.location = location;
        this.arena = arena;
        this.tensors = tensors;
        this.files = files;
    }

    public static Checkpoint open(Path location) {
        Arena arena = Arena.ofShared();
        try {
            List<SafetensorsFile> files = new ArrayList<>();
            Map<String, Tensor> tensors = load(location, arena, files);
            return new Checkpoint(location, arena, Collections.unmodifiableMap(tensors), List.copyOf(files));
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /**
     * A checkpoint over tensors already in memory (random weights for benchmarks, converted
     * models); {@code location} only names it in messages. Closing it closes {@code arena}.
     */
    public static Checkpoint ofTensors(Path location, Map<String, Tensor> tensors, Arena arena) {
        return new Checkpoint(location, arena, Collections.unmodifiableMap(new LinkedHashMap<>(tensors)), List.of());
    }

    /** True when {@code dir} holds safetensors weights in a layout {@link #open} reads. */
    public static boolean hasWeights(Path dir) {
        return Files.isRegularFile(dir.resolve(INDEX)) || Files.isRegularFile(dir.resolve(SINGLE));
    }

    private static Map<String, Tensor> load(Path location, Arena arena, List<SafetensorsFile> files) {
        if (Files.isRegularFile(location)) {
            files.add(SafetensorsFile.open(location, arena));
            return new LinkedHashMap<>(files.get(0).tensors());
        }
        Path index = location.resolve(INDEX);
        if (Files.isRegularFile(index)) {
            return loadIndexed(location, index, arena, files);
        }
        Path single = location.resolve(SINGLE);
        if (Files.isRegularFile(single)) {
            files.add(SafetensorsFile.open(single, arena));
            return new LinkedHashMap<>(files.get(0).tensors());
        }
        throw new SafetensorsException(location, null, "no " + INDEX + " or " + SINGLE + " (not a model directory)");
    }

    private static Map<String, Tensor> loadIndexed(Path dir, Path index, Arena arena, List<SafetensorsFile> files) {
        Object json;
        try {
            json = JSON.std.anyFrom(Files.readString(index));
        } catch (IOException | RuntimeException e) {
            throw new SafetensorsException(index, null, "not well-formed JSON: " + SafetensorsFile.firstLine(e.getMessage()));
        }
        if (!(json instanceof Map<?, ?> top) || !(top.get("weight_map") instanceof Map<?, ?> weightMap)) {
            throw new SafetensorsException(index, null, "missing weight_map object");
        }
        Map<String, SafetensorsFile> shards = new LinkedHashMap<>();
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : weightMap.entrySet()) {
            String name = String.valueOf(e.getKey());
            if (!(e.getValue() instanceof String shardName) || !isPlainFileName(shardName)) {
                throw new SafetensorsException(index, name, "shard '" + e.getValue() + "' is not a file name in the model directory");
            }
            SafetensorsFile shard = shards.get(shardName);
            if (shard == null) {
                Path shardPath = dir.resolve(shardName);
                if (!Files.isRegularFile(shardPath)) {
                    throw new SafetensorsException(index, name, "shard " + shardName + " does not exist");
                }
                shard = SafetensorsFile.open(shardPath, arena);
                shards.put(shardName, shard);
                files.add(shard);
            }
            Tensor t = shard.tensors().get(name);
            if (t == null) {
                throw new SafetensorsException(index, name, "listed in shard " + shardName + " but not present there");
            }
            out.put(name, t);
        }
        return out;
    }

    static boolean isPlainFileName(String s) {
        return !s.isEmpty() && !s.contains("/") && !s.contains("\\") && !s.equals(".") && !s.equals("..")
                && s.indexOf('\0') < 0;
    }

    public Path location() {
        return location;
    }

    public Arena arena() {
        return arena;
    }

    public Set<String> names() {
        return tensors.keySet();
    }

    public Map<String, Tensor> tensors() {
        return tensors;
    }

    public boolean contains(String name) {
        return tensors.containsKey(name);
    }

    public Tensor tensor(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new SafetensorsException(location, name, "missing from the checkpoint");
        }
        return t;
    }

    /**
     * Drops the mapped pages of {@code t} (a tensor of this checkpoint) from this process's resident
     * memory after a module has copied it (converted or packed); no-op for in-memory checkpoints.
     */
    public void release(Tensor t) {
        for (SafetensorsFile f : files) {
            if (f.release(t.data())) {
                return;
            }
        }
    }

    public long totalBytes() {
        long n = 0;
        for (Tensor t : tensors.values()) {
            n += t.data().byteSize();
        }
        return n;
    }

    @Override
    public void close() {
        arena.close();
    }
}
