package org.vibevoice.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vibevoice.tensor.DType;
import org.vibevoice.tensor.Tensor;

class SafetensorsTest {
    @TempDir
    Path dir;

    private static Path raw(Path file, String header, int dataBytes) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        Files.write(file, b.array());
        return file;
    }

    private static String messageOf(Path file) {
        try (Arena a = Arena.ofConfined()) {
            SafetensorsFile.open(file, a);
            return null;
        } catch (SafetensorsException e) {
            return e.getMessage();
        }
    }

    @Test
    void writesAndReadsEveryDtypeAsViews() {
        try (Arena a = Arena.ofShared()) {
            List<TensorSource> src = new ArrayList<>();
            src.add(TensorSource.of(Tensor.ofFloats("a", new float[] {1, -2, 3.5f, 0, 7, 8}, a, 2, 3)));
            src.add(TensorSource.of(Tensor.ofFloats("b", new float[] {0.25f, 65504f}, a, 2).convertTo(DType.F16, a)));
            src.add(TensorSource.of(Tensor.ofFloats("c", new float[] {1.5f, -3f, 1.001953125f}, a, 3).convertTo(DType.BF16, a)));
            Path f = dir.resolve("x.safetensors");
            SafetensorsWriter.write(f, src, Map.of("format", "pt"));
            SafetensorsFile r = SafetensorsFile.open(f, a);
            assertThat(r.metadata()).containsEntry("format", "pt");
            assertThat(r.tensor("a").shape()).containsExactly(2, 3);
            assertThat(r.tensor("a").toFloats()).containsExactly(1, -2, 3.5f, 0, 7, 8);
            assertThat(r.tensor("b").dtype()).isEqualTo(DType.F16);
            assertThat(r.tensor("b").toFloats()).containsExactly(0.25f, 65504f);
            assertThat(r.tensor("c").toFloats()).containsExactly(1.5f, -3f, 1.0f);
            // data area 8-byte aligned, as the reference writer pads
            long headerLen = r.tensor("a").data().address() - 8;
            assertThat(r.tensor("a").data().address() % 8).isEqualTo(0);
            assertThat(headerLen).isPositive();
        }
    }

    @Test
    void readsTheGoldenModelIntegerAndBoolTensors() throws IOException {
        Path golden = Path.of(System.getenv().getOrDefault("VIBEVOICE_GOLDEN", "../shared/golden"));
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(golden), "no fixtures at " + golden);
        try (Arena a = Arena.ofShared()) {
            SafetensorsFile f = SafetensorsFile.open(golden.resolve("cases/processor_two_speakers.safetensors"), a);
            Tensor ids = f.tensor("out.input_ids");
            assertThat(ids.dtype()).isEqualTo(DType.I64);
            assertThat(ids.toLongs()[ids.dim(1) - 1]).isEqualTo(151652L);
            assertThat(f.tensor("out.speech_input_mask").dtype()).isEqualTo(DType.BOOL);
        }
    }

    @Test
    void rejectsHeaderLengthOutsideTheFile() throws IOException {
        Path f = dir.resolve("bad.safetensors");
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40).putLong(0);
        Files.write(f, b.array());
        assertThat(messageOf(f)).contains(f.toString()).contains("header length");
    }

    @Test
    void rejectsShortAndMalformedFiles() throws IOException {
        Path tiny = dir.resolve("tiny.safetensors");
        Files.write(tiny, new byte[3]);
        assertThat(messageOf(tiny)).contains("too short");
        assertThat(messageOf(raw(dir.resolve("j.safetensors"), "{\"a\": [", 0))).contains("well-formed JSON");
        assertThat(messageOf(raw(dir.resolve("arr.safetensors"), "[1,2]", 0))).contains("not a JSON object");
    }

    @Test
    void rejectsSizeMismatchOverlapAndOutOfRange() throws IOException {
        assertThat(messageOf(raw(dir.resolve("m.safetensors"),
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8)))
                .contains("tensor 'w'").contains("needs 12 bytes");
        assertThat(messageOf(raw(dir.resolve("o.safetensors"),
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                        + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12)))
                .contains("overlap");
        assertThat(messageOf(raw(dir.resolve("r.safetensors"),
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", 8)))
                .contains("tensor 'a'").contains("outside the data area");
        assertThat(messageOf(raw(dir.resolve("d.safetensors"),
                "{\"a\":{\"dtype\":\"F8_E4M3\",\"shape\":[1],\"data_offsets\":[0,1]}}", 1)))
                .contains("unsupported dtype F8_E4M3");
        assertThat(messageOf(raw(dir.resolve("n.safetensors"),
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", 4)))
                .contains("not a non-negative integer");
    }

    @Test
    void shardsWithACorrectIndexAndReadsThemBack() throws IOException {
        try (Arena a = Arena.ofShared()) {
            List<TensorSource> src = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                float[] v = new float[100];
                java.util.Arrays.fill(v, i);
                src.add(TensorSource.of(Tensor.ofFloats("t" + i, v, a, 10, 10)));
            }
            List<String> shards = SafetensorsWriter.writeSharded(dir, src, 900, Map.of("format", "pt"));
            assertThat(shards).containsExactly("model-00001-of-00003.safetensors", "model-00002-of-00003.safetensors",
                    "model-00003-of-00003.safetensors");
            String index = Files.readString(dir.resolve(Checkpoint.INDEX));
            assertThat(index).contains("\"total_size\" : 2000");
            try (Checkpoint ck = Checkpoint.open(dir)) {
                assertThat(ck.names()).containsExactly("t0", "t1", "t2", "t3", "t4");
                assertThat(ck.tensor("t4").toFloats()[99]).isEqualTo(4f);
                assertThat(ck.totalBytes()).isEqualTo(2000);
            }
            try (var files = Files.list(dir)) {
                assertThat(files.filter(p -> p.getFileName().toString().endsWith(".tmp"))).isEmpty();
            }
        }
    }

    @Test
    void indexEntriesMustPointAtExistingShardsHoldingTheTensor() throws IOException {
        try (Arena a = Arena.ofShared()) {
            SafetensorsWriter.write(dir.resolve("s1.safetensors"),
                    List.of(TensorSource.of(Tensor.ofFloats("x", new float[] {1}, a, 1))), Map.of());
        }
        Files.writeString(dir.resolve(Checkpoint.INDEX), "{\"weight_map\":{\"x\":\"s1.safetensors\",\"y\":\"s1.safetensors\"}}");
        assertThatThrownBy(() -> Checkpoint.open(dir)).isInstanceOf(SafetensorsException.class)
                .hasMessageContaining("tensor 'y'").hasMessageContaining("not present");
        Files.writeString(dir.resolve(Checkpoint.INDEX), "{\"weight_map\":{\"x\":\"s2.safetensors\"}}");
        assertThatThrownBy(() -> Checkpoint.open(dir)).hasMessageContaining("does not exist");
        Files.writeString(dir.resolve(Checkpoint.INDEX), "{\"weight_map\":{\"x\":\"../s1.safetensors\"}}");
        assertThatThrownBy(() -> Checkpoint.open(dir)).hasMessageContaining("not a file name");
    }

    @Test
    void aDirectoryWithoutWeightsIsOneClearError() {
        assertThatThrownBy(() -> Checkpoint.open(dir)).isInstanceOf(SafetensorsException.class)
                .hasMessageContaining(dir.toString()).hasMessageContaining("not a model directory");
    }
}
