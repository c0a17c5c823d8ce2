package org.vibevoice.safetensors;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.vibevoice.fuzz.Fuzz;
import org.vibevoice.fuzz.Inputs;
import org.vibevoice.fuzz.JsonMutations;
import org.vibevoice.fuzz.Mutations;
import org.vibevoice.golden.GoldenFixtures;
import org.vibevoice.hub.ModelFiles;
import org.vibevoice.tensor.Tensor;

/**
 * Fuzzes the safetensors header parser with mutated valid files (whole-file havoc, and headers
 * mutated as JSON behind a correct or a hostile length prefix), and the sharded index with
 * mutated indexes over real shards, as the checkpoint reads it and as the downloader lists shards. An opened file's every tensor view is read at both ends: a
 * view outside the mapping would crash the JVM, not throw.
 */
class SafetensorsFuzzTest {
    private static final Fuzz HEADER = Fuzz.parser("safetensors header", 8 << 20, 64);
    private static final Fuzz INDEX = Fuzz.parser("safetensors index", 32 << 20, 64);
    private static final Fuzz DOWNLOAD_INDEX = Fuzz.parser("index before download", 8 << 20, 64);
    private static final List<String> HEADERS = List.of(
            "{\"__metadata__\":{\"format\":\"pt\"},\"a\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]},"
                    + "\"b\":{\"dtype\":\"BF16\",\"shape\":[4],\"data_offsets\":[24,32]},"
                    + "\"c\":{\"dtype\":\"F16\",\"shape\":[],\"data_offsets\":[32,34]}}",
            "{\"w\":{\"dtype\":\"I64\",\"shape\":[1,1],\"data_offsets\":[0,8]},\"e\":{\"dtype\":\"F32\",\"shape\":[0,5],"
                    + "\"data_offsets\":[8,8]},\"m\":{\"dtype\":\"BOOL\",\"shape\":[3],\"data_offsets\":[8,11]},"
                    + "\"u\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[11,12]},\"i\":{\"dtype\":\"I32\",\"shape\":[1],"
                    + "\"data_offsets\":[12,16]}}");
    private static final int[] DATA_BYTES = {34, 16};
    private static final String SMALL_INDEX = "{\"metadata\":{\"total_size\":50},\"weight_map\":{\"a\":\"one.safetensors\","
            + "\"b\":\"one.safetensors\",\"w\":\"two.safetensors\",\"i\":\"two.safetensors\"}}";

    private static Path dir;
    private static Path modelDir;

    @BeforeAll
    static void setUp() throws IOException {
        dir = Fuzz.tempDir("fuzz-safetensors");
        modelDir = Files.createDirectories(dir.resolve("model"));
        Path tiny = GoldenFixtures.dir().resolve("models/tiny-a").toAbsolutePath();
        for (String shard : List.of("model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors")) {
            Files.createSymbolicLink(modelDir.resolve(shard), tiny.resolve(shard));
        }
        Files.write(modelDir.resolve("one.safetensors"), seedFiles().get(0));
        Files.write(modelDir.resolve("two.safetensors"), seedFiles().get(1));
    }

    @AfterAll
    static void tearDown() {
        Fuzz.finish(dir, HEADER, INDEX, DOWNLOAD_INDEX);
    }

    static List<byte[]> seedFiles() {
        return List.of(file(HEADERS.get(0).getBytes(StandardCharsets.UTF_8), 8 + HEADERS.get(0).length(), DATA_BYTES[0]),
                file(HEADERS.get(1).getBytes(StandardCharsets.UTF_8), 8 + HEADERS.get(1).length(), DATA_BYTES[1]));
    }

    /** A file: the length prefix says {@code declared - 8}, then the header, then {@code data} bytes. */
    private static byte[] file(byte[] header, long declared, int data) {
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + data).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(declared - 8).put(header);
        for (int i = 0; i < data; i++) {
            b.put((byte) (i * 37));
        }
        return b.array();
    }

    Gen<byte[]> files() {
        List<byte[]> seeds = seedFiles();
        Gen<byte[]> structured = Inputs.random(r -> {
            byte[] h = JsonMutations.mutate(r, HEADERS);
            long declared = r.nextInt(8) == 0 ? r.nextLong() : 8 + h.length + (r.nextInt(4) == 0 ? r.nextInt(9) - 4 : 0);
            int data = r.nextInt(4) == 0 ? r.nextInt(200) : DATA_BYTES[r.nextInt(2)];
            return file(h, declared, data);
        });
        return Generate.frequency(
                Pair.of(4, Mutations.of(seeds)),
                Pair.of(5, structured),
                Pair.of(1, Mutations.random(new byte[8], 300)));
    }

    @Test
    void aHeaderEndsInTensorsInsideTheFileOrOneLineError() {
        Inputs.forAll(1101, files(), bytes -> {
            Path p = dir.resolve("fuzz.safetensors");
            Files.write(p, bytes);
            HEADER.check(bytes, () -> {
                try (Arena a = Arena.ofConfined()) {
                    return touchAll(SafetensorsFile.open(p, a).tensors().values(), bytes.length);
                }
            });
        });
    }

    Gen<byte[]> indexes() throws IOException {
        String tiny = Files.readString(GoldenFixtures.dir().resolve("models/tiny-a/" + Checkpoint.INDEX));
        return Generate.frequency(
                Pair.of(3, JsonMutations.of(List.of(SMALL_INDEX))),
                Pair.of(1, JsonMutations.of(List.of(tiny))));
    }

    @Test
    void anIndexEndsInACheckpointOrOneLineError() throws IOException {
        Inputs.forAll(1102, indexes(), index -> {
            Files.write(modelDir.resolve(Checkpoint.INDEX), index);
            INDEX.check(index, () -> {
                try (Checkpoint c = Checkpoint.open(modelDir)) {
                    return touchAll(c.tensors().values(), Long.MAX_VALUE);
                }
            });
            List<String> shards = DOWNLOAD_INDEX.check(index, () -> ModelFiles.shards(modelDir.resolve(Checkpoint.INDEX)));
            if (shards != null && shards.stream().anyMatch(s -> !Checkpoint.isPlainFileName(s))) {
                throw new AssertionError("the downloader would fetch a shard outside the model directory: " + shards);
            }
        });
    }

    /** Reads the first and last byte of every tensor and checks its size against dtype × shape. */
    private static int touchAll(Iterable<Tensor> tensors, long fileBytes) {
        int n = 0;
        for (Tensor t : tensors) {
            MemorySegment d = t.data();
            if (d.byteSize() != t.numel() * t.dtype().bytes() || d.byteSize() > fileBytes) {
                throw new AssertionError(t.name() + " spans " + d.byteSize() + " bytes");
            }
            if (d.byteSize() > 0) {
                d.get(ValueLayout.JAVA_BYTE, 0);
                d.get(ValueLayout.JAVA_BYTE, d.byteSize() - 1);
            }
            n++;
        }
        return n;
    }
}
