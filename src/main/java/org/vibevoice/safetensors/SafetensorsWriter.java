package org.vibevoice.safetensors;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes safetensors files tensor by tensor (each tensor's span is mapped, filled and released, so
 * no whole-model buffer exists), and sharded checkpoints with a Hugging Face index. Every file is
 * written under a temporary name, synced and renamed into place ({@link AtomicFiles}).
 */
public final class SafetensorsWriter {
    private SafetensorsWriter() {
    }

    /** Writes one file. */
    public static void write(Path file, List<? extends TensorSource> tensors, Map<String, String> metadata) {
        ByteBuffer head = ByteBuffer.wrap(header(tensors, metadata));
        Path tmp = AtomicFiles.tempSibling(file, "writing");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE)) {
                while (head.hasRemaining()) {
                    ch.write(head);
                }
                long pos = head.capacity();
                for (TensorSource t : tensors) {
                    long len = t.byteSize();
                    if (len > 0) {
                        // shared: a fill may convert on the worker pool
                        try (Arena arena = Arena.ofShared()) {
                            MemorySegment dst = ch.map(FileChannel.MapMode.READ_WRITE, pos, len, arena);
                            t.fill(dst);
                            dst.force();
                        }
                    }
                    pos += len;
                }
                ch.force(true);
            }
            AtomicFiles.publish(tmp, file);
        } catch (IOException e) {
            AtomicFiles.deleteQuietly(tmp);
            throw new UncheckedIOException("writing " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            AtomicFiles.deleteQuietly(tmp);
            throw e;
        }
    }

    /**
     * Writes a sharded checkpoint into {@code dir}: tensors in order, a new shard whenever the next
     * tensor would push the current one past {@code maxShardBytes} (as Hugging Face does), files
     * {@code model-0000i-of-0000n.safetensors} plus {@code model.safetensors.index.json}. A single
     * shard is written as {@code model.safetensors} without an index. Returns the shard file names.
     */
    public static List<String> writeSharded(Path dir, List<? extends TensorSource> tensors, long maxShardBytes,
            Map<String, String> metadata) {
        List<List<TensorSource>> shards = planShards(tensors, maxShardBytes);
        List<String> names = new ArrayList<>();
        if (shards.size() == 1) {
            write(dir.resolve(Checkpoint.SINGLE), shards.get(0), metadata);
            names.add(Checkpoint.SINGLE);
            return names;
        }
        Map<String, String> weightMap = new LinkedHashMap<>();
        long total = 0;
        for (int i = 0; i < shards.size(); i++) {
            String name = String.format("model-%05d-of-%05d.safetensors", i + 1, shards.size());
            write(dir.resolve(name), shards.get(i), metadata);
            names.add(name);
            for (TensorSource t : shards.get(i)) {
                weightMap.put(t.name(), name);
                total += t.byteSize();
            }
        }
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("metadata", Map.of("total_size", total));
        index.put("weight_map", weightMap);
        writeJson(dir.resolve(Checkpoint.INDEX), index);
        return names;
    }

    /**
     * The 8-byte length and JSON header of a file holding {@code tensors} in this order: metadata
     * first, then each tensor's dtype, shape and data offsets, compact, padded with spaces so the
     * data starts 8-byte aligned (as the reference writer lays it out).
     */
    public static byte[] header(List<? extends TensorSource> tensors, Map<String, String> metadata) {
        Map<String, Object> header = new LinkedHashMap<>();
        if (metadata != null && !metadata.isEmpty()) {
            header.put("__metadata__", new LinkedHashMap<>(metadata));
        }
        long offset = 0;
        for (TensorSource t : tensors) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("dtype", t.dtype().name());
            List<Long> shape = new ArrayList<>();
            for (long s : t.shape()) {
                shape.add(s);
            }
            entry.put("shape", shape);
            entry.put("data_offsets", List.of(offset, offset + t.byteSize()));
            if (header.put(t.name(), entry) != null) {
                throw new IllegalArgumentException("duplicate tensor " + t.name());
            }
            offset += t.byteSize();
        }
        byte[] json;
        try {
            json = JSON.std.asString(header).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) {
            head.put((byte) ' ');
        }
        return head.array();
    }

    /**
     * Hugging Face's greedy split: tensors in order, a new shard whenever the next tensor would push
     * the current one past {@code maxShardBytes}.
     */
    public static List<List<TensorSource>> planShards(List<? extends TensorSource> tensors, long maxShardBytes) {
        List<List<TensorSource>> shards = new ArrayList<>();
        List<TensorSource> current = new ArrayList<>();
        long size = 0;
        for (TensorSource t : tensors) {
            if (!current.isEmpty() && size + t.byteSize() > maxShardBytes) {
                shards.add(current);
                current = new ArrayList<>();
                size = 0;
            }
            current.add(t);
            size += t.byteSize();
        }
        shards.add(current);
        return shards;
    }

    /** Writes pretty-printed JSON atomically (temp file + rename). */
    public static void writeJson(Path file, Object value) {
        try {
            String text = JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT).asString(value) + "\n";
            AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
